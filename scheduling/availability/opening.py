"""When a provider is open, and what makes time busy: hours, closures, time off,
appointments, the bookable range and the new-patient rules, read per window of dates."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from clinics.clinic_settings import SchedulingSettings
from clinics.models import Clinic, Patient, Provider
from clinics.validators import WEEKDAYS, parse_hhmm
from scheduling.availability.vocabulary import (
    MAX_APPOINTMENT_MINUTES,
    NOT_ESTABLISHING,
    Refusal,
)
from scheduling.models import Appointment, ClinicClosure, ProviderTimeOff, VisitType

# --- opening hours of one day ----------------------------------------------------------

Minutes = tuple[int, int]  # [start, end) in minutes after local midnight


def _to_minutes(intervals: Iterable[Sequence[str]]) -> list[Minutes]:
    result = []
    for start_s, end_s in intervals:
        start, end = parse_hhmm(start_s), parse_hhmm(end_s)
        result.append((start.hour * 60 + start.minute, end.hour * 60 + end.minute))
    return result


def _intersect(a: list[Minutes], b: list[Minutes]) -> list[Minutes]:
    result = []
    for a_start, a_end in a:
        for b_start, b_end in b:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                result.append((start, end))
    return sorted(result)


def _subtract(intervals: list[Minutes], holes: list[Minutes]) -> list[Minutes]:
    for hole_start, hole_end in holes:
        remaining = []
        for start, end in intervals:
            if hole_end <= start or hole_start >= end:
                remaining.append((start, end))
                continue
            if start < hole_start:
                remaining.append((start, hole_start))
            if hole_end < end:
                remaining.append((hole_end, end))
        intervals = remaining
    return intervals


def local_instant(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """The instant of a local wall-clock time (fold=0: the first of a repeated hour; a
    time skipped by a spring-forward is read with the offset before the change)."""
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz).astimezone(UTC)


@dataclass
class Closures:
    whole_days: dict[date, str] = field(default_factory=dict)
    partial: dict[date, list[tuple[Minutes, str]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, closure: ClinicClosure, first: date, last: date) -> None:
        day = max(closure.start_date, first)
        while day <= min(closure.end_date, last):
            if closure.start_time is None or closure.end_time is None:
                self.whole_days.setdefault(day, closure.name)
            else:
                start, end = closure.start_time, closure.end_time
                self.partial[day].append(((start.hour * 60 + start.minute, end.hour * 60 + end.minute), closure.name))
            day += timedelta(days=1)


def open_minutes(clinic: Clinic, provider: Provider, day: date, closures: Closures) -> list[Minutes]:
    """The provider's open intervals on a local date: schedule ∩ business hours, minus closures."""
    if day in closures.whole_days:
        return []
    weekday = WEEKDAYS[day.weekday()]
    hours = _intersect(
        _to_minutes((provider.weekly_schedule or {}).get(weekday, [])),
        _to_minutes((clinic.business_hours or {}).get(weekday, [])),
    )
    return _subtract(hours, [span for span, _ in closures.partial.get(day, [])])


# --- data for a window of dates ---------------------------------------------------------


class Busy:
    """Disjoint, sorted busy spans of one provider (appointments and time off merged)."""

    def __init__(self, spans: list[tuple[datetime, datetime]]) -> None:
        merged: list[list[datetime]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [span[0] for span in merged]
        self.ends = [span[1] for span in merged]

    def overlaps(self, start: datetime, end: datetime) -> bool:
        # Only the last span starting before `end` can overlap: earlier ones end before it starts.
        index = bisect.bisect_left(self.starts, end) - 1
        return index >= 0 and self.ends[index] > start


@dataclass
class Window:
    first: date
    last: date
    busy: dict[Any, Busy]
    closures: Closures


def window_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return local_instant(first, 0, tz), local_instant(last + timedelta(days=1), 0, tz)


def load_closures(clinic: Clinic, first: date, last: date) -> Closures:
    closures = Closures()
    for closure in ClinicClosure.objects.filter(
        clinic=clinic, active=True, start_date__lte=last, end_date__gte=first
    ).only("name", "start_date", "end_date", "start_time", "end_time"):
        closures.add(closure, first, last)
    return closures


def load_window(clinic: Clinic, provider_ids: list[Any], first: date, last: date) -> Window:
    """Appointments, time off and closures of [first, last] in three queries."""
    since, until = window_bounds(first, last, clinic.tzinfo)
    spans: dict[Any, list[tuple[datetime, datetime]]] = defaultdict(list)
    appointments = Appointment.objects.filter(
        clinic=clinic,
        provider_id__in=provider_ids,
        status__in=Appointment.ACTIVE_STATUSES,
        start_at__lt=until,
        end_at__gt=since,
        # No appointment is longer than MAX_APPOINTMENT_MINUTES: this bound lets the
        # (provider, start_at) index read only the window instead of all earlier rows.
        start_at__gte=since - timedelta(minutes=MAX_APPOINTMENT_MINUTES),
    ).values_list("provider_id", "start_at", "end_at")
    time_off = ProviderTimeOff.objects.filter(
        clinic=clinic, provider_id__in=provider_ids, starts_at__lt=until, ends_at__gt=since
    ).values_list("provider_id", "starts_at", "ends_at")
    for provider_id, start, end in [*appointments, *time_off]:
        spans[provider_id].append((start, end))
    busy = {pid: Busy(spans.get(pid, [])) for pid in provider_ids}
    return Window(first, last, busy, load_closures(clinic, first, last))


def returning_provider_ids(*, clinic: Clinic, patient: Patient, now: datetime | None = None) -> set[Any]:
    """Providers this patient has already been seen by (see the module's definition)."""
    return set(
        Appointment.objects.filter(clinic=clinic, patient=patient, start_at__lt=now or timezone.now())
        .exclude(status__in=NOT_ESTABLISHING)
        .values_list("provider_id", flat=True)
        .distinct()
    )


def patient_refusal(provider: Provider, visit_type: VisitType | None, *, returning: bool) -> tuple[Refusal, str] | None:
    if visit_type is not None and not visit_type.offered_by(provider):
        return Refusal.VISIT_TYPE_NOT_OFFERED, f"{provider} does not offer {visit_type.name} visits."
    if not returning and not provider.accepting_new_patients:
        return Refusal.NEW_PATIENTS_NOT_ACCEPTED, f"{provider} is not taking new patients."
    if returning and visit_type is not None and visit_type.new_patient_only:
        return (
            Refusal.VISIT_TYPE_NEW_PATIENTS_ONLY,
            f"{visit_type.name} is for new patients; this patient has already seen {provider}.",
        )
    return None


def bookable_range(clinic: Clinic, settings: SchedulingSettings, now: datetime) -> tuple[datetime, date, date]:
    earliest_start = now + timedelta(minutes=settings.min_notice_minutes)
    tz = clinic.tzinfo
    return (
        earliest_start,
        timezone.localdate(earliest_start, tz),
        timezone.localdate(now, tz) + timedelta(days=settings.horizon_days),
    )
