"""Booking, cancelling, rescheduling and editing appointments through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinics.audit import Actor
from clinics.models import ApiKey, AuditEvent, Clinic, Patient, Provider
from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.models import Appointment
from scheduling.services import (
    AppointmentConflict,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
    appointment_update,
)
from scheduling.tests.factories import VisitTypeFactory, next_weekday_at

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system()


@pytest.fixture
def provider(clinic: Clinic) -> Provider:
    return ProviderFactory.create(clinic=clinic, default_appointment_minutes=20)


@pytest.fixture
def patient(clinic: Clinic) -> Patient:
    return PatientFactory.create(clinic=clinic)


@pytest.fixture
def ten_am() -> dt.datetime:
    return next_weekday_at(10)


def book(clinic: Clinic, provider: Provider, patient: Patient, start: dt.datetime, **kwargs: Any) -> Appointment:
    kwargs.setdefault("actor", SYSTEM)
    return appointment_book(clinic=clinic, provider=provider, patient=patient, start_at=start, **kwargs)


def at(base: dt.datetime, minutes: int) -> dt.datetime:
    return base + dt.timedelta(minutes=minutes)


def field_errors(caught: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(caught.value.message_dict)


# --- booking ----------------------------------------------------------------------------------------


def test_book_with_explicit_duration_sets_end(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    appointment = book(clinic, provider, patient, ten_am, duration_minutes=45)
    stored = Appointment.objects.get(pk=appointment.pk)
    assert (stored.start_at, stored.end_at, stored.duration_minutes) == (ten_am, at(ten_am, 45), 45)
    assert stored.status == Appointment.Status.SCHEDULED


def test_book_takes_duration_from_visit_type(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    visit = VisitTypeFactory.create(clinic=clinic, minutes=60)
    appointment = book(clinic, provider, patient, ten_am, visit_type=visit)
    assert (appointment.duration_minutes, appointment.end_at, appointment.visit_type_id) == (
        60,
        at(ten_am, 60),
        visit.pk,
    )


def test_book_takes_duration_from_provider_default(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    assert (appointment.duration_minutes, appointment.end_at) == (20, at(ten_am, 20))


def test_book_explicit_duration_wins_over_visit_type(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    visit = VisitTypeFactory.create(clinic=clinic, minutes=60)
    assert book(clinic, provider, patient, ten_am, visit_type=visit, duration_minutes=15).duration_minutes == 15


def test_book_keeps_the_channel(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    appointment = book(clinic, provider, patient, ten_am, booked_via=Appointment.Channel.SMS)
    assert Appointment.objects.get(pk=appointment.pk).booked_via == "sms"


def test_book_accepts_a_start_in_another_offset(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    eastern = ten_am.astimezone(dt.timezone(dt.timedelta(hours=-5)))
    appointment = book(clinic, provider, patient, eastern)
    assert Appointment.objects.get(pk=appointment.pk).start_at == ten_am


def test_book_records_appointment_booked(
    clinic: Clinic, provider: Provider, patient: Patient, api_key: ApiKey, ten_am
) -> None:
    appointment = book(clinic, provider, patient, ten_am, actor=Actor.for_api_key(api_key))
    event = AuditEvent.objects.get(action=AuditEvent.Action.APPOINTMENT_BOOKED)
    assert (event.resource_id, event.clinic_id, event.actor_api_key_id) == (str(appointment.pk), clinic.pk, api_key.pk)
    assert event.details["patient_id"] == str(patient.pk)
    assert patient.last_name not in str(event.details)


@pytest.mark.parametrize(
    ("offset", "minutes"),
    [
        (0, 30),  # the same slot
        (15, 30),  # starts inside the existing one
        (-15, 30),  # ends inside the existing one
        (-15, 60),  # surrounds the existing one
        (10, 10),  # inside the existing one
    ],
)
def test_book_rejects_any_overlap_with_the_same_provider(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am, offset: int, minutes: int
) -> None:
    existing = book(clinic, provider, patient, ten_am, duration_minutes=30)
    with pytest.raises(AppointmentConflict) as caught:
        book(clinic, provider, PatientFactory.create(clinic=clinic), at(ten_am, offset), duration_minutes=minutes)
    assert caught.value.conflicting_id == existing.pk
    assert Appointment.objects.filter(provider=provider).count() == 1


def test_rejected_booking_writes_no_audit_event(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    book(clinic, provider, patient, ten_am)
    with pytest.raises(AppointmentConflict):
        book(clinic, provider, patient, ten_am)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.APPOINTMENT_BOOKED).count() == 1


def test_book_allows_back_to_back_after(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    book(clinic, provider, patient, at(ten_am, -30), duration_minutes=30)  # 09:30-10:00
    book(clinic, provider, patient, ten_am, duration_minutes=30)  # 10:00-10:30
    assert Appointment.objects.filter(provider=provider).count() == 2


def test_book_allows_back_to_back_before(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    book(clinic, provider, patient, ten_am, duration_minutes=30)  # 10:00-10:30
    book(clinic, provider, patient, at(ten_am, -30), duration_minutes=30)  # 09:30-10:00
    assert Appointment.objects.filter(provider=provider).count() == 2


def test_cancelled_appointment_frees_the_slot(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    appointment_cancel(appointment=book(clinic, provider, patient, ten_am), actor=SYSTEM)
    book(clinic, provider, patient, ten_am)
    assert Appointment.objects.filter(provider=provider, status=Appointment.Status.SCHEDULED).count() == 1


def test_rescheduled_appointment_frees_the_old_slot(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    appointment_reschedule(appointment=book(clinic, provider, patient, ten_am), start_at=at(ten_am, 180), actor=SYSTEM)
    book(clinic, provider, PatientFactory.create(clinic=clinic), ten_am)
    assert Appointment.objects.filter(provider=provider, status=Appointment.Status.SCHEDULED).count() == 2


def test_soft_deleted_appointment_frees_the_slot(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    book(clinic, provider, patient, ten_am).soft_delete()
    book(clinic, provider, patient, ten_am)
    assert Appointment.objects.filter(provider=provider).count() == 1


@pytest.mark.parametrize("status", [Appointment.Status.CONFIRMED, Appointment.Status.CHECKED_IN])
def test_confirmed_and_checked_in_appointments_hold_the_slot(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am, status: str
) -> None:
    Appointment.objects.filter(pk=book(clinic, provider, patient, ten_am).pk).update(status=status)
    with pytest.raises(AppointmentConflict):
        book(clinic, provider, patient, ten_am)


def test_another_provider_at_the_same_time_is_fine(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    book(clinic, provider, patient, ten_am)
    book(clinic, ProviderFactory.create(clinic=clinic), PatientFactory.create(clinic=clinic), ten_am)
    assert Appointment.objects.filter(start_at=ten_am).count() == 2


def test_book_rejects_provider_from_another_clinic(
    clinic: Clinic, other_clinic: Clinic, patient: Patient, ten_am
) -> None:
    with pytest.raises(ValidationError) as caught:
        book(clinic, ProviderFactory.create(clinic=other_clinic), patient, ten_am)
    assert field_errors(caught) == {"provider"}


def test_book_rejects_patient_from_another_clinic(
    clinic: Clinic, other_clinic: Clinic, provider: Provider, ten_am
) -> None:
    with pytest.raises(ValidationError) as caught:
        book(clinic, provider, PatientFactory.create(clinic=other_clinic), ten_am)
    assert field_errors(caught) == {"patient"}


def test_book_rejects_visit_type_from_another_clinic(
    clinic: Clinic, other_clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    with pytest.raises(ValidationError) as caught:
        book(clinic, provider, patient, ten_am, visit_type=VisitTypeFactory.create(clinic=other_clinic))
    assert field_errors(caught) == {"visit_type"}


def test_book_rejects_inactive_visit_type(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    with pytest.raises(ValidationError) as caught:
        book(clinic, provider, patient, ten_am, visit_type=VisitTypeFactory.create(clinic=clinic, active=False))
    assert field_errors(caught) == {"visit_type"}


def test_book_reports_every_foreign_object_at_once(clinic: Clinic, other_clinic: Clinic, ten_am) -> None:
    with pytest.raises(ValidationError) as caught:
        book(clinic, ProviderFactory.create(clinic=other_clinic), PatientFactory.create(clinic=other_clinic), ten_am)
    assert field_errors(caught) == {"provider", "patient"}


@pytest.mark.parametrize("status", [Provider.Status.INACTIVE, Provider.Status.ON_LEAVE])
def test_book_rejects_provider_not_active(clinic: Clinic, patient: Patient, ten_am, status: str) -> None:
    with pytest.raises(ValidationError) as caught:
        book(clinic, ProviderFactory.create(clinic=clinic, status=status), patient, ten_am)
    assert field_errors(caught) == {"provider"}


def test_book_rejects_soft_deleted_provider(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    provider.soft_delete()
    with pytest.raises(ValidationError) as caught:
        book(clinic, provider, patient, ten_am)
    assert field_errors(caught) == {"provider"}


def test_book_rejects_soft_deleted_patient(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    patient.soft_delete()
    with pytest.raises(ValidationError) as caught:
        book(clinic, provider, patient, ten_am)
    assert field_errors(caught) == {"patient"}


def test_book_rejects_naive_datetime(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    with pytest.raises(ValidationError) as caught:
        book(clinic, provider, patient, ten_am.replace(tzinfo=None))
    assert field_errors(caught) == {"start"}


def test_book_rejects_a_start_in_the_past(clinic: Clinic, provider: Provider, patient: Patient) -> None:
    with pytest.raises(ValidationError) as caught:
        book(clinic, provider, patient, timezone.now() - dt.timedelta(hours=1))
    assert field_errors(caught) == {"start"}
    assert Appointment.objects.count() == 0


def test_book_allows_the_past_when_asked(clinic: Clinic, provider: Provider, patient: Patient) -> None:
    start = next_weekday_at(10, days_ahead=-9)
    assert book(clinic, provider, patient, start, staff_override=True).start_at == start


def test_book_rejects_duration_outside_the_allowed_range(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    with pytest.raises(ValidationError):
        book(clinic, provider, patient, ten_am, duration_minutes=600)
    assert (Appointment.objects.count(), AuditEvent.objects.count()) == (0, 0)


# --- cancelling --------------------------------------------------------------------------------------


def test_cancel_marks_cancelled_with_reason_and_who(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    appointment_cancel(
        appointment=appointment, actor=SYSTEM, reason="Feeling better", cancelled_by=Appointment.CancelledBy.PATIENT
    )
    stored = Appointment.objects.get(pk=appointment.pk)
    assert (stored.status, stored.cancellation_reason, stored.cancelled_by) == (
        "CANCELLED",
        "Feeling better",
        "patient",
    )
    assert stored.cancelled_at is not None


def test_cancel_records_appointment_cancelled(
    clinic: Clinic, provider: Provider, patient: Patient, staff_user: Any, ten_am
) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    appointment_cancel(appointment=appointment, actor=Actor.for_user(staff_user), reason="Feeling better")
    event = AuditEvent.objects.get(action=AuditEvent.Action.APPOINTMENT_CANCELLED)
    assert (event.resource_id, event.actor_user_id, event.clinic_id) == (str(appointment.pk), staff_user.pk, clinic.pk)
    assert "Feeling better" not in str(event.details)


def test_cancel_works_for_a_confirmed_appointment(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    Appointment.objects.filter(pk=appointment.pk).update(status=Appointment.Status.CONFIRMED)
    assert appointment_cancel(appointment=appointment, actor=SYSTEM).status == Appointment.Status.CANCELLED


def test_cancel_twice_is_refused(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    appointment_cancel(appointment=appointment, actor=SYSTEM)
    with pytest.raises(ValidationError) as caught:
        appointment_cancel(appointment=appointment, actor=SYSTEM)
    assert field_errors(caught) == {"status"}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.APPOINTMENT_CANCELLED).count() == 1


@pytest.mark.parametrize("status", [Appointment.Status.COMPLETED, Appointment.Status.NO_SHOW])
def test_cancel_of_a_finished_appointment_is_refused(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am, status: str
) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    Appointment.objects.filter(pk=appointment.pk).update(status=status)
    with pytest.raises(ValidationError):
        appointment_cancel(appointment=appointment, actor=SYSTEM)
    assert Appointment.objects.get(pk=appointment.pk).status == status


# --- rescheduling ------------------------------------------------------------------------------------


def test_reschedule_marks_the_old_appointment_rescheduled(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    old = book(clinic, provider, patient, ten_am)
    appointment_reschedule(appointment=old, start_at=at(ten_am, 180), actor=SYSTEM)
    assert Appointment.objects.get(pk=old.pk).status == Appointment.Status.RESCHEDULED


def test_reschedule_links_the_new_appointment_to_the_old(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    old = book(clinic, provider, patient, ten_am, duration_minutes=40, reason="Knee pain")
    new = appointment_reschedule(appointment=old, start_at=at(ten_am, 180), actor=SYSTEM)
    stored = Appointment.objects.get(pk=new.pk)
    assert (stored.rescheduled_from_id, stored.start_at, stored.duration_minutes, stored.reason) == (
        old.pk,
        at(ten_am, 180),
        40,
        "Knee pain",
    )
    assert (stored.status, stored.patient_id) == (Appointment.Status.SCHEDULED, patient.pk)


def test_reschedule_may_overlap_its_own_old_slot(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    old = book(clinic, provider, patient, ten_am, duration_minutes=30)
    new = appointment_reschedule(appointment=old, start_at=at(ten_am, 15), actor=SYSTEM)
    assert new.start_at == at(ten_am, 15)


def test_reschedule_records_rescheduled_and_booked(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    old = book(clinic, provider, patient, ten_am)
    new = appointment_reschedule(appointment=old, start_at=at(ten_am, 180), actor=SYSTEM)
    rescheduled = AuditEvent.objects.get(action=AuditEvent.Action.APPOINTMENT_RESCHEDULED)
    assert (rescheduled.resource_id, rescheduled.details) == (str(old.pk), {"new_appointment_id": str(new.pk)})
    assert AuditEvent.objects.filter(action=AuditEvent.Action.APPOINTMENT_BOOKED, resource_id=str(new.pk)).exists()


def test_reschedule_into_a_busy_slot_leaves_the_old_appointment_scheduled(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    old = book(clinic, provider, patient, ten_am)
    book(clinic, provider, PatientFactory.create(clinic=clinic), at(ten_am, 180))
    with pytest.raises(AppointmentConflict):
        appointment_reschedule(appointment=old, start_at=at(ten_am, 180), actor=SYSTEM)
    assert Appointment.objects.get(pk=old.pk).status == Appointment.Status.SCHEDULED
    assert not Appointment.objects.filter(rescheduled_from=old).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.APPOINTMENT_RESCHEDULED).exists()


def test_reschedule_to_an_invalid_provider_leaves_the_old_appointment_scheduled(
    clinic: Clinic, other_clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    old = book(clinic, provider, patient, ten_am)
    with pytest.raises(ValidationError):
        appointment_reschedule(
            appointment=old,
            start_at=at(ten_am, 180),
            actor=SYSTEM,
            provider=ProviderFactory.create(clinic=other_clinic),
        )
    assert Appointment.objects.get(pk=old.pk).status == Appointment.Status.SCHEDULED


def test_reschedule_to_another_provider(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    other = ProviderFactory.create(clinic=clinic)
    new = appointment_reschedule(
        appointment=book(clinic, provider, patient, ten_am), start_at=ten_am, actor=SYSTEM, provider=other
    )
    assert new.provider_id == other.pk


def test_reschedule_of_a_cancelled_appointment_is_refused(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    old = book(clinic, provider, patient, ten_am)
    appointment_cancel(appointment=old, actor=SYSTEM)
    with pytest.raises(ValidationError) as caught:
        appointment_reschedule(appointment=old, start_at=at(ten_am, 180), actor=SYSTEM)
    assert field_errors(caught) == {"status"}
    assert Appointment.objects.count() == 1


# --- editing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"start_at": "later"},
        {"end_at": "later"},
        {"duration_minutes": 60},
        {"provider_id": "someone"},
    ],
)
def test_update_refuses_fields_that_move_the_appointment(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am, data: dict[str, Any]
) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    with pytest.raises(ValidationError) as caught:
        appointment_update(appointment=appointment, actor=SYSTEM, data=data)
    assert field_errors(caught) == {"start_at"}
    assert Appointment.objects.get(pk=appointment.pk).start_at == ten_am


def test_update_refuses_a_new_provider(clinic: Clinic, provider: Provider, patient: Patient, ten_am) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    with pytest.raises(ValidationError):
        appointment_update(
            appointment=appointment, actor=SYSTEM, data={"provider": ProviderFactory.create(clinic=clinic)}
        )
    assert Appointment.objects.get(pk=appointment.pk).provider_id == provider.pk


def test_update_edits_notes_and_records_field_names(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    appointment_update(appointment=appointment, actor=SYSTEM, data={"notes": "Bring inhaler"})
    assert Appointment.objects.get(pk=appointment.pk).notes == "Bring inhaler"
    assert AuditEvent.objects.get(action=AuditEvent.Action.UPDATE).details == {"fields": ["notes"]}


def test_update_refuses_moving_to_another_clinic(
    clinic: Clinic, other_clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    with pytest.raises(ValidationError) as caught:
        appointment_update(appointment=appointment, actor=SYSTEM, data={"clinic": other_clinic})
    assert field_errors(caught) == {"clinic"}


def test_update_refuses_a_patient_from_another_clinic(
    clinic: Clinic, other_clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    with pytest.raises(ValidationError) as caught:
        appointment_update(
            appointment=appointment, actor=SYSTEM, data={"patient": PatientFactory.create(clinic=other_clinic)}
        )
    assert field_errors(caught) == {"patient"}
    assert Appointment.objects.get(pk=appointment.pk).patient_id == patient.pk


def test_update_refuses_reactivating_a_cancelled_appointment(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    cancelled = appointment_cancel(appointment=book(clinic, provider, patient, ten_am), actor=SYSTEM)
    book(clinic, provider, PatientFactory.create(clinic=clinic), ten_am)
    with pytest.raises(ValidationError) as caught:
        appointment_update(appointment=cancelled, actor=SYSTEM, data={"status": Appointment.Status.SCHEDULED})
    assert field_errors(caught) == {"status"}
    assert Appointment.objects.get(pk=cancelled.pk).status == Appointment.Status.CANCELLED


def test_update_allows_confirming_a_scheduled_appointment(
    clinic: Clinic, provider: Provider, patient: Patient, ten_am
) -> None:
    appointment = book(clinic, provider, patient, ten_am)
    appointment_update(appointment=appointment, actor=SYSTEM, data={"status": Appointment.Status.CONFIRMED})
    assert Appointment.objects.get(pk=appointment.pk).status == Appointment.Status.CONFIRMED
