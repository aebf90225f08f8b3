"""One time, for booking: `slot_check`, which the booking services call under the lock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from clinics.clinic_settings import scheduling_settings
from clinics.models import Clinic, Patient, Provider
from scheduling.availability.opening import (
    Closures,
    bookable_range,
    load_closures,
    local_instant,
    open_minutes,
    patient_refusal,
)
from scheduling.availability.vocabulary import (
    NOT_ESTABLISHING,
    Refusal,
    SlotUnavailable,
)
from scheduling.models import Appointment, ProviderTimeOff, VisitType

# --- one time, for booking ----------------------------------------------------------------


def slot_check(
    *,
    clinic: Clinic,
    provider: Provider,
    patient: Patient,
    start_at: datetime,
    end_at: datetime,
    visit_type: VisitType | None = None,
    enforce_window: bool = True,
    check_new_patient: bool = True,
    now: datetime | None = None,
) -> None:
    """Raise `SlotUnavailable` unless [start_at, end_at) is open with this provider for
    this patient (every rule of the module docstring except overlapping appointments,
    which the booking service checks under its lock).

    `enforce_window=False` skips minimum notice and horizon (front-desk entries, records
    of past visits); `check_new_patient=False` skips the new-patient rules (a reschedule
    with the provider the patient is already booked with).
    """
    now = now or timezone.now()
    settings = scheduling_settings(clinic)
    tz = clinic.tzinfo
    if enforce_window:
        earliest_start, _, last_bookable = bookable_range(clinic, settings, now)
        if start_at < earliest_start:
            raise SlotUnavailable(
                Refusal.TOO_SOON,
                f"Appointments must be booked at least {_duration_words(settings.min_notice_minutes)} ahead.",
            )
        if timezone.localdate(start_at, tz) > last_bookable:
            raise SlotUnavailable(
                Refusal.BEYOND_HORIZON,
                f"Appointments can be booked up to {settings.horizon_days} days ahead (until {last_bookable}).",
            )
    day = timezone.localdate(start_at, tz)
    closures = load_closures(clinic, day, day)
    if day in closures.whole_days:
        raise SlotUnavailable(Refusal.CLINIC_CLOSED, f"The clinic is closed on {day} ({closures.whole_days[day]}).")
    for (closed_from, closed_to), name in closures.partial.get(day, []):
        if local_instant(day, closed_from, tz) < end_at and local_instant(day, closed_to, tz) > start_at:
            raise SlotUnavailable(Refusal.CLINIC_CLOSED, f"The clinic is closed then ({name}).")
    open_spans = [
        (local_instant(day, s, tz), local_instant(day, e, tz))
        for s, e in open_minutes(clinic, provider, day, Closures())
    ]
    if not any(opens <= start_at and end_at <= closes for opens, closes in open_spans):
        local_start = start_at.astimezone(tz)
        raise SlotUnavailable(
            Refusal.OUTSIDE_HOURS,
            f"{provider} does not see patients at {local_start:%H:%M} on {local_start:%A %Y-%m-%d} "
            f"({_hours_words(open_spans, tz)}).",
        )
    if ProviderTimeOff.objects.filter(
        clinic=clinic, provider=provider, starts_at__lt=end_at, ends_at__gt=start_at
    ).exists():
        raise SlotUnavailable(Refusal.PROVIDER_TIME_OFF, f"{provider} is away then.")
    if check_new_patient:
        returning = (
            Appointment.objects.filter(clinic=clinic, patient=patient, provider=provider, start_at__lt=now)
            .exclude(status__in=NOT_ESTABLISHING)
            .exists()
        )
        refusal = patient_refusal(provider, visit_type, returning=returning)
        if refusal is not None:
            raise SlotUnavailable(*refusal)


def _duration_words(minutes: int) -> str:
    if minutes % (60 * 24) == 0 and minutes >= 60 * 24:
        days = minutes // (60 * 24)
        return f"{days} day{'s' if days > 1 else ''}"
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours > 1 else ''}"
    return f"{minutes} minutes"


def _hours_words(spans: list[tuple[datetime, datetime]], tz: ZoneInfo) -> str:
    if not spans:
        return "no hours that day"
    return "hours " + ", ".join(f"{a.astimezone(tz):%H:%M}-{b.astimezone(tz):%H:%M}" for a, b in spans)
