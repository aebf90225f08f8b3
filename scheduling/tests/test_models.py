"""Database invariants of appointments and visit types."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from clinics.models import Clinic
from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.models import Appointment
from scheduling.tests.factories import AppointmentFactory, VisitTypeFactory, next_weekday_at

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraint is PostgreSQL-only")


def test_appointment_end_must_be_after_start(clinic: Clinic) -> None:
    start = next_weekday_at(10)
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentFactory.create(clinic=clinic, start_at=start, end_at=start)


def test_appointment_end_before_start_fails_full_clean(clinic: Clinic) -> None:
    appointment = AppointmentFactory.create(clinic=clinic)
    appointment.end_at = appointment.start_at - dt.timedelta(minutes=1)
    with pytest.raises(ValidationError):
        appointment.full_clean()


@pytest.mark.parametrize("minutes", [4, 481])
def test_appointment_duration_outside_range_is_refused(clinic: Clinic, minutes: int) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentFactory.create(clinic=clinic, duration_minutes=minutes)


def test_appointment_is_active_only_while_it_holds_time(clinic: Clinic) -> None:
    active = {s for s in Appointment.Status.values if AppointmentFactory.build(clinic=clinic, status=s).is_active}
    assert active == {"SCHEDULED", "CONFIRMED", "CHECKED_IN"}


def test_visit_type_name_is_unique_per_clinic(clinic: Clinic) -> None:
    VisitTypeFactory.create(clinic=clinic, name="New patient")
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitTypeFactory.create(clinic=clinic, name="New patient")


def test_visit_type_minutes_outside_range_are_refused(clinic: Clinic) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitTypeFactory.create(clinic=clinic, minutes=0)


@postgres_only
def test_exclusion_constraint_refuses_an_overlap_written_past_the_service(clinic: Clinic) -> None:
    first = AppointmentFactory.create(clinic=clinic, start_at=next_weekday_at(10))
    with pytest.raises(IntegrityError, match="appt_no_overlap"), transaction.atomic():
        AppointmentFactory.create(
            clinic=clinic,
            provider=first.provider,
            patient=PatientFactory.create(clinic=clinic),
            start_at=first.start_at + dt.timedelta(minutes=15),
        )


@postgres_only
def test_exclusion_constraint_allows_back_to_back(clinic: Clinic) -> None:
    first = AppointmentFactory.create(clinic=clinic, start_at=next_weekday_at(10), duration_minutes=30)
    AppointmentFactory.create(clinic=clinic, provider=first.provider, patient=first.patient, start_at=first.end_at)
    assert Appointment.objects.filter(provider=first.provider).count() == 2


@postgres_only
def test_exclusion_constraint_ignores_cancelled_appointments(clinic: Clinic) -> None:
    first = AppointmentFactory.create(clinic=clinic, start_at=next_weekday_at(10), status=Appointment.Status.CANCELLED)
    AppointmentFactory.create(clinic=clinic, provider=first.provider, patient=first.patient, start_at=first.start_at)
    assert Appointment.objects.filter(provider=first.provider).count() == 2


@postgres_only
def test_exclusion_constraint_refuses_reactivating_into_an_overlap(clinic: Clinic) -> None:
    cancelled = AppointmentFactory.create(
        clinic=clinic, start_at=next_weekday_at(10), status=Appointment.Status.CANCELLED
    )
    AppointmentFactory.create(
        clinic=clinic, provider=cancelled.provider, patient=cancelled.patient, start_at=cancelled.start_at
    )
    with pytest.raises(IntegrityError, match="appt_no_overlap"), transaction.atomic():
        Appointment.objects.filter(pk=cancelled.pk).update(status=Appointment.Status.SCHEDULED)


def test_same_time_with_two_providers_is_allowed(clinic: Clinic) -> None:
    start = next_weekday_at(10)
    AppointmentFactory.create(clinic=clinic, start_at=start)
    AppointmentFactory.create(clinic=clinic, provider=ProviderFactory.create(clinic=clinic), start_at=start)
    assert Appointment.objects.filter(start_at=start).count() == 2


def test_exclusion_constraint_covers_exactly_the_active_statuses():
    import importlib
    import re

    migration = importlib.import_module("scheduling.migrations.0002_appointment_no_overlap")
    listed = set(re.findall(r"'([A-Z_]+)'", migration.CREATE.split("WHERE", 1)[1]))

    assert listed == {str(status) for status in Appointment.ACTIVE_STATUSES}
