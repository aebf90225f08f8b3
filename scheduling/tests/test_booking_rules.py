"""Booking, rescheduling and the upcoming list re-check availability: hours, closures, time
off, notice, horizon and the new-patient rules, with clear reasons and nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from clinics.audit import Actor
from clinics.clinic_settings import scheduling_settings_with
from clinics.models import AuditEvent, Clinic, Patient, Provider
from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.availability import Refusal, SlotUnavailable, slots_search
from scheduling.models import Appointment
from scheduling.selectors import appointments_upcoming
from scheduling.services import appointment_book, appointment_cancel, appointment_reschedule
from scheduling.tests.factories import (
    AppointmentFactory,
    ClinicClosureFactory,
    ProviderTimeOffFactory,
    VisitTypeFactory,
    next_weekday_at,
)

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system()


@pytest.fixture
def provider(clinic: Clinic) -> Provider:
    return ProviderFactory.create(clinic=clinic)


@pytest.fixture
def patient(clinic: Clinic) -> Patient:
    return PatientFactory.create(clinic=clinic)


@pytest.fixture
def ten_am() -> dt.datetime:
    return next_weekday_at(10)


def book(clinic: Clinic, provider: Provider, patient: Patient, start: dt.datetime, **kwargs: Any) -> Appointment:
    kwargs.setdefault("actor", SYSTEM)
    return appointment_book(clinic=clinic, provider=provider, patient=patient, start_at=start, **kwargs)


def refused(clinic: Clinic, provider: Provider, patient: Patient, start: dt.datetime, **kwargs: Any) -> Refusal:
    with pytest.raises(SlotUnavailable) as caught:
        book(clinic, provider, patient, start, **kwargs)
    assert not Appointment.objects.filter(provider=provider, start_at=start).exists()
    return caught.value.reason


def configure(clinic: Clinic, **options: Any) -> None:
    clinic.settings = scheduling_settings_with(clinic, **options)
    clinic.save()


def seen_before(clinic: Clinic, provider: Provider, patient: Patient) -> Appointment:
    return AppointmentFactory.create(
        clinic=clinic,
        provider=provider,
        patient=patient,
        start_at=next_weekday_at(10, days_ahead=-14),
        status=Appointment.Status.COMPLETED,
    )


# --- booking -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "minutes"),
    [(12, 30, 30), (11, 45, 30), (8, 0, 30), (17, 0, 30), (16, 45, 30)],
    ids=["lunch", "runs-into-lunch", "before-the-day", "after-the-day", "runs-past-closing"],
)
def test_book_refuses_a_time_outside_the_providers_hours(
    clinic: Clinic, provider: Provider, patient: Patient, hour: int, minute: int, minutes: int
) -> None:
    start = next_weekday_at(hour, minute=minute)
    assert refused(clinic, provider, patient, start, duration_minutes=minutes) == Refusal.OUTSIDE_HOURS


def test_book_refuses_a_time_outside_business_hours(clinic: Clinic, provider: Provider, patient: Patient) -> None:
    clinic.business_hours = {day: [["08:00", "10:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    clinic.save()
    assert refused(clinic, provider, patient, next_weekday_at(10)) == Refusal.OUTSIDE_HOURS


def test_book_accepts_an_off_grid_time_inside_hours(clinic: Clinic, provider: Provider, patient: Patient) -> None:
    start = next_weekday_at(10, minute=10)
    assert book(clinic, provider, patient, start, duration_minutes=25).start_at == start


def test_book_refuses_a_closed_day(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    ClinicClosureFactory.create(
        clinic=clinic, name="Thanksgiving Day", start_date=ten_am.date(), end_date=ten_am.date()
    )
    with pytest.raises(SlotUnavailable) as caught:
        book(clinic, provider, patient, ten_am)
    assert caught.value.reason == Refusal.CLINIC_CLOSED
    assert "Thanksgiving Day" in str(caught.value)


def test_book_refuses_a_partly_closed_hour(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    ClinicClosureFactory.create(
        clinic=clinic,
        start_date=ten_am.date(),
        end_date=ten_am.date(),
        start_time=dt.time(10, 15),
        end_time=dt.time(11, 0),
    )
    assert refused(clinic, provider, patient, ten_am, duration_minutes=30) == Refusal.CLINIC_CLOSED


def test_book_refuses_provider_time_off(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    ProviderTimeOffFactory.create(
        clinic=clinic,
        provider=provider,
        starts_at=ten_am - dt.timedelta(hours=1),
        ends_at=ten_am + dt.timedelta(minutes=10),
    )
    assert refused(clinic, provider, patient, ten_am) == Refusal.PROVIDER_TIME_OFF


def test_book_refuses_a_start_within_the_minimum_notice(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    configure(clinic, min_notice_minutes=60 * 24 * 14)
    assert refused(clinic, provider, patient, ten_am) == Refusal.TOO_SOON


def test_book_refuses_a_start_beyond_the_horizon(clinic: Clinic, provider: Provider, patient: Patient) -> None:
    configure(clinic, horizon_days=3)
    assert refused(clinic, provider, patient, next_weekday_at(10, days_ahead=7)) == Refusal.BEYOND_HORIZON


def test_staff_override_skips_notice_and_horizon_only(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    configure(clinic, min_notice_minutes=60 * 24 * 14, horizon_days=1)
    assert book(clinic, provider, patient, ten_am, staff_override=True).start_at == ten_am
    lunch = next_weekday_at(12, minute=30)
    assert refused(clinic, provider, patient, lunch, staff_override=True) == Refusal.OUTSIDE_HOURS


def test_book_refuses_a_new_patient_with_a_provider_closed_to_them(clinic: Clinic, patient: Patient, ten_am) -> None:
    closed = ProviderFactory.create(clinic=clinic, accepting_new_patients=False)
    assert refused(clinic, closed, patient, ten_am) == Refusal.NEW_PATIENTS_NOT_ACCEPTED


def test_book_accepts_a_returning_patient_with_a_provider_closed_to_new_ones(
    clinic: Clinic, patient: Patient, ten_am
) -> None:
    closed = ProviderFactory.create(clinic=clinic, accepting_new_patients=False)
    seen_before(clinic, closed, patient)
    assert book(clinic, closed, patient, ten_am).provider_id == closed.pk


def test_book_refuses_a_new_patient_visit_for_a_returning_patient(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    seen_before(clinic, provider, patient)
    visit = VisitTypeFactory.create(clinic=clinic, name="New patient", new_patient_only=True)
    assert refused(clinic, provider, patient, ten_am, visit_type=visit) == Refusal.VISIT_TYPE_NEW_PATIENTS_ONLY


def test_book_refuses_a_visit_type_the_providers_specialty_does_not_offer(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    visit = VisitTypeFactory.create(clinic=clinic, specialty="Dermatology")
    assert refused(clinic, provider, patient, ten_am, visit_type=visit) == Refusal.VISIT_TYPE_NOT_OFFERED


def test_a_refused_booking_writes_no_audit_event(clinic: Clinic, provider: Provider, patient: Patient) -> None:
    refused(clinic, provider, patient, next_weekday_at(12, minute=30))
    assert not AuditEvent.objects.exists()


def test_a_bad_length_is_input_error_before_any_rule(clinic: Clinic, provider: Provider, patient: Patient) -> None:
    with pytest.raises(ValidationError) as caught:
        book(clinic, provider, patient, next_weekday_at(12, minute=30), duration_minutes=600)
    assert set(caught.value.message_dict) == {"duration_minutes"}


def test_every_offered_slot_can_be_booked(clinic: Clinic, provider: Provider, patient: Patient) -> None:
    first = next_weekday_at(9).date()
    ClinicClosureFactory.create(
        clinic=clinic, start_date=first, end_date=first, start_time=dt.time(9, 0), end_time=dt.time(10, 0)
    )
    away = next_weekday_at(9, days_ahead=9)
    ProviderTimeOffFactory.create(clinic=clinic, provider=provider, starts_at=away, ends_at=away + dt.timedelta(days=1))
    slots = slots_search(
        clinic=clinic,
        providers=[provider],
        start_date=first,
        end_date=first + dt.timedelta(days=13),
        limit=100,
        per_day=3,
    ).slots
    for slot in slots:
        book(clinic, provider, PatientFactory.create(clinic=clinic), slot.start, duration_minutes=slot.minutes)
    assert Appointment.objects.filter(provider=provider).count() == len(slots) > 10


# --- rescheduling --------------------------------------------------------------------------------


def test_reschedule_into_a_closure_leaves_everything_as_it_was(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    old = book(clinic, provider, patient, ten_am)
    target = next_weekday_at(10, days_ahead=9)
    ClinicClosureFactory.create(clinic=clinic, start_date=target.date(), end_date=target.date())
    with pytest.raises(SlotUnavailable):
        appointment_reschedule(appointment=old, start_at=target, actor=SYSTEM)
    assert Appointment.objects.get(pk=old.pk).status == Appointment.Status.SCHEDULED
    assert Appointment.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.APPOINTMENT_RESCHEDULED).exists()


def test_reschedule_frees_the_old_slot_for_the_search(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    old = book(clinic, provider, patient, ten_am, duration_minutes=30)
    appointment_reschedule(appointment=old, start_at=next_weekday_at(13), actor=SYSTEM)
    offered = slots_search(clinic=clinic, providers=[provider], on=ten_am.date(), at=ten_am.time(), minutes=30)
    assert [s.start for s in offered.slots] == [ten_am]


def test_reschedule_with_the_same_provider_keeps_a_patient_they_no_longer_take(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    old = book(clinic, provider, patient, ten_am)
    Provider.objects.filter(pk=provider.pk).update(accepting_new_patients=False)
    provider.refresh_from_db()
    new = appointment_reschedule(appointment=old, start_at=next_weekday_at(13), actor=SYSTEM)
    assert new.rescheduled_from_id == old.pk


def test_reschedule_to_a_provider_closed_to_new_patients_is_refused(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    old = book(clinic, provider, patient, ten_am)
    closed = ProviderFactory.create(clinic=clinic, accepting_new_patients=False)
    with pytest.raises(SlotUnavailable) as caught:
        appointment_reschedule(appointment=old, start_at=ten_am, actor=SYSTEM, provider=closed)
    assert caught.value.reason == Refusal.NEW_PATIENTS_NOT_ACCEPTED
    assert Appointment.objects.get(pk=old.pk).status == Appointment.Status.SCHEDULED


def test_reschedule_links_both_ways_in_one_step(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    old = book(clinic, provider, patient, ten_am)
    new = appointment_reschedule(appointment=old, start_at=next_weekday_at(13), actor=SYSTEM)
    old.refresh_from_db()
    assert (old.status, old.rescheduled_to.pk, new.rescheduled_from_id, new.status) == (
        Appointment.Status.RESCHEDULED,
        new.pk,
        old.pk,
        Appointment.Status.SCHEDULED,
    )


# --- upcoming appointments ---------------------------------------------------------------------


def test_upcoming_lists_a_patients_active_future_appointments_in_order(
    clinic: Clinic, provider: Provider, patient: Patient
) -> None:
    later = book(clinic, provider, patient, next_weekday_at(14, days_ahead=9))
    sooner = book(clinic, provider, patient, next_weekday_at(10))
    appointment_cancel(appointment=book(clinic, provider, patient, next_weekday_at(15)), actor=SYSTEM)
    book(clinic, provider, PatientFactory.create(clinic=clinic), next_weekday_at(11))
    seen_before(clinic, provider, patient)
    assert appointments_upcoming(clinic=clinic, patient=patient) == [sooner, later]


def test_upcoming_never_lists_another_clinics_appointments(
    clinic: Clinic, other_clinic: Clinic, patient: Patient
) -> None:
    AppointmentFactory.create(clinic=other_clinic, start_at=next_weekday_at(10))
    assert appointments_upcoming(clinic=clinic) == []
