"""Booking, cancelling and rescheduling appointments.

A provider never holds two active appointments that overlap. Every booking locks the
provider's row (`SELECT … FOR UPDATE`) and re-checks for overlaps inside the
transaction; on PostgreSQL an exclusion constraint backs this up, so two concurrent
requests can never both win even if a caller forgets the lock.

Under the same lock every booking re-checks availability with the rules the search
uses (`scheduling.availability.slot_check`: weekly schedule, business hours, closures,
time off, minimum notice, horizon, new-patient rules), so a slot offered a minute ago
that has since been closed or taken is refused, never double-booked.

Refusals callers handle (the API, the admin and the conversation engine alike):

- `AppointmentConflict` (409): the provider has another appointment then.
- `SlotUnavailable` (409): a rule refuses the time; `.reason` is a `Refusal` saying which.
- `django.core.exceptions.ValidationError` (400): bad input (foreign or inactive
  provider, patient or visit type; a naive or past start; a length out of range), or an
  appointment that is no longer active (key `status`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import holidays
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinics.audit import Actor, audit_record
from clinics.clinic_settings import scheduling_settings
from clinics.models import AuditEvent, Clinic, Patient, Provider
from clinics.services import object_save, object_update
from nuvae.lib.problems import DomainConflict
from scheduling.availability import Refusal, SlotUnavailable, slot_check
from scheduling.models import Appointment, ClinicClosure, VisitType

__all__ = [
    "SETTABLE_STATUSES", "AppointmentConflict", "Refusal", "SlotUnavailable", "appointment_book",
    "appointment_cancel", "appointment_reschedule", "appointment_set_status", "appointment_update",
    "closures_seed_federal_holidays", "federal_holidays",
]


class AppointmentConflict(DomainConflict):
    """The provider is busy at that time."""

    def __init__(self, message: str, *, conflicting_id: Any = None) -> None:
        super().__init__(message)
        self.conflicting_id = conflicting_id


def _overlapping(*, provider: Provider, start_at: datetime, end_at: datetime, exclude_id: Any = None) -> Any:
    qs = Appointment.objects.filter(
        provider=provider, status__in=Appointment.ACTIVE_STATUSES, start_at__lt=end_at, end_at__gt=start_at
    )
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.first()


def _resolve_minutes(*, provider: Provider, visit_type: VisitType | None, duration_minutes: int | None) -> int:
    if duration_minutes is not None:
        return duration_minutes
    if visit_type is not None:
        return visit_type.minutes
    return provider.default_appointment_minutes


def _check_bookable(
    *, clinic: Clinic, provider: Provider, patient: Patient, visit_type: VisitType | None, start_at: datetime,
    staff_override: bool,
) -> None:
    errors: dict[str, str] = {}
    # A soft-deleted provider or patient is gone as far as callers can tell.
    if provider.clinic_id != clinic.pk or provider.is_deleted:
        errors["provider"] = "No such provider in this clinic."
    elif provider.status != Provider.Status.ACTIVE:
        errors["provider"] = "This provider is not taking appointments."
    if patient.clinic_id != clinic.pk or patient.is_deleted:
        errors["patient"] = "No such patient in this clinic."
    if visit_type is not None and (visit_type.clinic_id != clinic.pk or not visit_type.active):
        errors["visit_type"] = "No such visit type in this clinic."
    if timezone.is_naive(start_at):
        errors["start"] = "The start time needs a UTC offset or time zone."
    elif not staff_override and start_at < timezone.now():
        errors["start"] = "The start time is in the past."
    if errors:
        raise ValidationError(errors)


def appointment_book(
    *,
    clinic: Clinic,
    provider: Provider,
    patient: Patient,
    start_at: datetime,
    actor: Actor,
    duration_minutes: int | None = None,
    visit_type: VisitType | None = None,
    reason: str = "",
    notes: str = "",
    booked_via: str = Appointment.Channel.API,
    is_new_patient: bool = False,
    special_instructions: str = "",
    external_id: str = "",
    staff_override: bool = False,
    rescheduled_from: Appointment | None = None,
) -> Appointment:
    """Book `patient` with `provider` at `start_at` (aware) and record APPOINTMENT_BOOKED.

    The length is `duration_minutes`, else the visit type's, else the provider's default.
    `staff_override` is for the front desk: the start may be in the past (recording a
    visit), inside the minimum notice or beyond the horizon; hours, closures, time off,
    the new-patient rules and overlaps still apply. Raises the refusals listed in the
    module docstring; nothing is written when it raises.
    """
    _check_bookable(
        clinic=clinic, provider=provider, patient=patient, visit_type=visit_type, start_at=start_at,
        staff_override=staff_override,
    )
    minutes = _resolve_minutes(provider=provider, visit_type=visit_type, duration_minutes=duration_minutes)
    if not 5 <= minutes <= 480:
        # Refused as bad input before any availability rule looks at the (impossible) end.
        raise ValidationError({"duration_minutes": "Give a length between 5 and 480 minutes."})
    try:
        end_at = start_at + timedelta(minutes=minutes)
    except OverflowError:
        # The end would fall after 9999-12-31: no calendar holds it.
        raise ValidationError({"start_at": "The start time is too far in the future."}) from None
    try:
        with transaction.atomic():
            # The lock serialises bookings per provider: the overlap check below then
            # sees every appointment committed before ours.
            Provider.objects.select_for_update().filter(pk=provider.pk).first()
            slot_check(
                clinic=clinic, provider=provider, patient=patient, start_at=start_at, end_at=end_at,
                visit_type=visit_type, enforce_window=not staff_override,
                # Moving a booking within the same provider keeps the patient they accepted.
                check_new_patient=rescheduled_from is None or rescheduled_from.provider_id != provider.pk,
            )
            clash = _overlapping(provider=provider, start_at=start_at, end_at=end_at)
            if clash is not None:
                raise AppointmentConflict("The provider already has an appointment at that time.",
                                          conflicting_id=clash.pk)
            appointment = Appointment(
                clinic=clinic, provider=provider, patient=patient, start_at=start_at, end_at=end_at,
                duration_minutes=minutes, visit_type=visit_type, reason=reason, notes=notes,
                booked_via=booked_via, is_new_patient=is_new_patient, special_instructions=special_instructions,
                external_id=external_id, rescheduled_from=rescheduled_from,
            )
            appointment.full_clean(exclude=["rescheduled_from"])
            appointment.save(force_insert=True)
            audit_record(
                actor=actor, action=AuditEvent.Action.APPOINTMENT_BOOKED, clinic=clinic, resource=appointment,
                details={"provider_id": str(provider.pk), "patient_id": str(patient.pk), "minutes": minutes,
                         "via": booked_via},
            )
    except IntegrityError as exc:
        # The exclusion constraint fired: someone else won the slot between our check and insert.
        if "appt_no_overlap" in str(exc):
            raise AppointmentConflict("The provider already has an appointment at that time.") from exc
        raise
    return appointment


def appointment_cancel(
    *,
    appointment: Appointment,
    actor: Actor,
    reason: str = "",
    cancelled_by: str = Appointment.CancelledBy.STAFF,
) -> Appointment:
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.status not in Appointment.ACTIVE_STATUSES:
            state = locked.get_status_display().lower()
            raise ValidationError({"status": f"A {state} appointment cannot be cancelled."})
        locked.status = Appointment.Status.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.cancellation_reason = reason
        locked.cancelled_by = cancelled_by
        locked.save(update_fields=["status", "cancelled_at", "cancellation_reason", "cancelled_by", "updated_at"])
        audit_record(
            actor=actor, action=AuditEvent.Action.APPOINTMENT_CANCELLED, clinic=locked.clinic, resource=locked,
            details={"cancelled_by": cancelled_by},
        )
    return locked


def appointment_reschedule(
    *,
    appointment: Appointment,
    start_at: datetime,
    actor: Actor,
    duration_minutes: int | None = None,
    provider: Provider | None = None,
    booked_via: str = Appointment.Channel.API,
) -> Appointment:
    """Move an appointment in one transaction: the old one becomes RESCHEDULED (its slot
    frees) and a new one, linked by `rescheduled_from`, takes the new time.

    The new time is checked like any booking (under the new provider's lock), except that
    staying with the same provider skips the new-patient rules. Any refusal rolls the
    whole move back: the old appointment stays as it was.
    """
    with transaction.atomic():
        old = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if old.status not in Appointment.ACTIVE_STATUSES:
            state = old.get_status_display().lower()
            raise ValidationError({"status": f"A {state} appointment cannot be rescheduled."})
        old.status = Appointment.Status.RESCHEDULED
        old.save(update_fields=["status", "updated_at"])
        new = appointment_book(
            clinic=old.clinic, provider=provider or old.provider, patient=old.patient, start_at=start_at,
            actor=actor, duration_minutes=duration_minutes or old.duration_minutes, visit_type=old.visit_type,
            reason=old.reason, notes=old.notes, booked_via=booked_via, is_new_patient=old.is_new_patient,
            special_instructions=old.special_instructions, rescheduled_from=old,
        )
        audit_record(
            actor=actor, action=AuditEvent.Action.APPOINTMENT_RESCHEDULED, clinic=old.clinic, resource=old,
            details={"new_appointment_id": str(new.pk)},
        )
    return new


def appointment_update(*, appointment: Appointment, actor: Actor, data: dict[str, Any]) -> Appointment:
    """Edit fields that do not move the appointment (notes, reason, status milestones)."""
    moving = {"start_at", "end_at", "duration_minutes", "provider", "provider_id"} & set(data)
    if moving:
        raise ValidationError({"start_at": "Use reschedule to move an appointment."})
    errors: dict[str, str] = {}
    if {"clinic", "clinic_id"} & set(data):
        errors["clinic"] = "An appointment cannot move to another clinic."
    for name in ("patient", "visit_type"):
        value = data.get(name)
        if value is not None and value.clinic_id != appointment.clinic_id:
            errors[name] = f"No such {name.replace('_', ' ')} in this clinic."
    # Re-activating a cancelled or rescheduled appointment would take its slot back
    # without the booking lock and overlap check; book a new one instead.
    if data.get("status") in Appointment.ACTIVE_STATUSES and not appointment.is_active:
        errors["status"] = "A cancelled, rescheduled or finished appointment cannot become active again; book anew."
    if errors:
        raise ValidationError(errors)
    return object_update(actor=actor, instance=appointment, data=data)


# Status milestones a clinic's software may record, the statuses each may follow, and the
# timestamp it stamps. Cancelling and rescheduling have their own services; nothing moves
# an appointment back to an active status, because that could re-occupy a freed slot.
_MILESTONES: dict[str, tuple[frozenset[str], str | None]] = {
    Appointment.Status.CONFIRMED: (frozenset({Appointment.Status.SCHEDULED}), "confirmed_at"),
    Appointment.Status.CHECKED_IN: (
        frozenset({Appointment.Status.SCHEDULED, Appointment.Status.CONFIRMED}), "checked_in_at",
    ),
    Appointment.Status.COMPLETED: (frozenset(Appointment.ACTIVE_STATUSES), "completed_at"),
    Appointment.Status.NO_SHOW: (
        frozenset({Appointment.Status.SCHEDULED, Appointment.Status.CONFIRMED}), None,
    ),
}

SETTABLE_STATUSES = tuple(_MILESTONES)


def appointment_set_status(*, appointment: Appointment, status: str, actor: Actor) -> Appointment:
    """Record a milestone (confirmed, checked in, completed, no-show) and its time.

    Setting the status an appointment already has changes nothing, so retries are safe.
    """
    if status not in _MILESTONES:
        raise ValidationError({"status": "Use cancel or reschedule for that status."})
    allowed_from, stamp_field = _MILESTONES[status]
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.status == status:
            return locked
        if locked.status not in allowed_from:
            raise ValidationError(
                {"status": f"A {locked.get_status_display().lower()} appointment cannot become "
                           f"{Appointment.Status(status).label.lower()}."}
            )
        previous = locked.status
        locked.status = status
        fields = ["status", "updated_at"]
        if stamp_field:
            setattr(locked, stamp_field, timezone.now())
            fields.append(stamp_field)
        locked.save(update_fields=fields)
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, clinic=locked.clinic, resource=locked,
            details={"fields": sorted(fields[:1] + fields[2:]), "status_from": previous, "status_to": status},
        )
    return locked


# --- closures ------------------------------------------------------------------------------

HOLIDAY_COUNTRY = "US"


def federal_holidays(*, first: date, last: date) -> list[tuple[date, str]]:
    """US federal holidays (and their observed days) from `first` to `last`, in date order."""
    calendar = holidays.country_holidays(HOLIDAY_COUNTRY, years=range(first.year, last.year + 1))
    return sorted((day, name) for day, name in calendar.items() if first <= day <= last)


def closures_seed_federal_holidays(*, clinic: Clinic, actor: Actor, today: date | None = None) -> list[ClinicClosure]:
    """Create the clinic's closures for the US federal holidays of the coming year (today
    and the 365 days after), if the clinic opted in (`settings.scheduling.federal_holidays`).

    Idempotent: a day that already has a holiday closure (active or not: a clinic that
    chose to open that day unticked it) is left alone, so running it daily is safe and a
    new holiday appears a year ahead. Returns the closures it created.
    """
    if not scheduling_settings(clinic).federal_holidays:
        return []
    today = today or timezone.localdate(timezone=clinic.tzinfo)
    wanted = federal_holidays(first=today, last=today + timedelta(days=365))
    with transaction.atomic():
        # Serialise with a concurrent run for the same clinic (beat and a command at once).
        Clinic.objects.select_for_update().filter(pk=clinic.pk).first()
        seeded = set(
            ClinicClosure.objects.filter(
                clinic=clinic, source=ClinicClosure.Source.HOLIDAY, start_date__gte=today
            ).values_list("start_date", flat=True)
        )
        created = []
        for day, name in wanted:
            if day in seeded:
                continue
            closure = ClinicClosure(
                clinic=clinic, name=name[:200], start_date=day, end_date=day, source=ClinicClosure.Source.HOLIDAY
            )
            created.append(object_save(actor=actor, instance=closure))
    return created
