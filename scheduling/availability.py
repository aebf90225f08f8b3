"""Open slots: when a patient can see a provider, and why a given time is refused.

One set of rules serves the search (`slots_search`) and the booking services
(`slot_check`, called under the provider's lock), so a slot that is offered can be
booked and a time that would be refused is never offered.

A time is open with a provider when all of these hold:

- it lies inside one interval of the provider's weekly schedule AND of the clinic's
  business hours for that weekday (both JSON on the models, local wall-clock times);
- no active clinic closure covers it (`ClinicClosure`, whole days or part of one day);
- the provider has no time off then (`ProviderTimeOff`) and no active appointment
  (SCHEDULED, CONFIRMED, CHECKED_IN) overlapping it;
- it starts at least `min_notice_minutes` from now and on a local date no later than
  today + `horizon_days` (`clinics.clinic_settings.SchedulingSettings`);
- the patient may see the provider: a provider not accepting new patients is offered
  only to returning patients; a new-patient-only visit type only to patients new to
  that provider; a visit type with a specialty only with providers of that specialty.

Returning patient: has an appointment with that provider that started before now and
was not cancelled, rescheduled or a no-show (`returning_provider_ids`). A search with no
patient is a search for a new patient, so every slot it offers can be booked by anyone.

Time zones: days, weekdays, hours, parts of day and closures are the clinic's local ones
(`Clinic.timezone`). Interval bounds are turned into instants with PEP 495 (`fold=0`)
and slots are laid out in absolute time from each interval's start, so a day that
springs forward or falls back has as many slots as it has real minutes, and every slot
lasts exactly its length. Results carry aware datetimes in the clinic's zone.

Queries: a search reads the providers once, the patient's history once, and then, per
window of dates it examines, appointments, time off and closures once each (a search
examines few windows: a range that was asked for is read whole (up to `MAX_WINDOW_DAYS`
at a time); an open-ended "earliest" search reads `FIRST_WINDOW_DAYS` and doubles the
window until it has enough, so it rarely reads more than a few days; alternatives read
one wider window). Nothing is queried per slot or per provider.
"""

from __future__ import annotations

import bisect
import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from clinics.clinic_settings import SchedulingSettings, scheduling_settings
from clinics.models import Clinic, Patient, Provider
from clinics.validators import WEEKDAYS, parse_hhmm
from nuvae.lib.problems import DomainConflict
from scheduling.models import Appointment, ClinicClosure, ProviderTimeOff, VisitType

# --- vocabulary -----------------------------------------------------------------------


class PartOfDay(enum.StrEnum):
    """Local start-time bounds: morning before 12:00, afternoon 12:00-16:59, evening 17:00 on."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


PART_OF_DAY_BOUNDS: dict[PartOfDay, tuple[time, time | None]] = {
    PartOfDay.MORNING: (time(0, 0), time(12, 0)),
    PartOfDay.AFTERNOON: (time(12, 0), time(17, 0)),
    PartOfDay.EVENING: (time(17, 0), None),
}


class Refusal(enum.StrEnum):
    """Why a time cannot be booked; the value is the API problem's slug."""

    OUTSIDE_HOURS = "outside-hours"
    CLINIC_CLOSED = "clinic-closed"
    PROVIDER_TIME_OFF = "provider-time-off"
    TOO_SOON = "too-soon"
    BEYOND_HORIZON = "beyond-horizon"
    NEW_PATIENTS_NOT_ACCEPTED = "new-patients-not-accepted"
    VISIT_TYPE_NEW_PATIENTS_ONLY = "visit-type-new-patients-only"
    VISIT_TYPE_NOT_OFFERED = "visit-type-not-offered"


class SlotUnavailable(DomainConflict):
    """The time is not bookable for a reason other than another appointment.

    `reason` says which rule refused it (a `Refusal`); the API answers 409 with the reason
    as the problem's type and a `reason` member, and the conversation engine can explain it.
    """

    title = "Time not available"

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.slug = reason.value

    def problem_extra(self) -> dict[str, Any]:
        return {**super().problem_extra(), "reason": self.reason.value}


class AlternativeKind(enum.StrEnum):
    """How an alternative relaxes the request that found nothing, in the order tried."""

    OTHER_TIMES_SAME_DAYS = "other_times_same_days"  # the time or part of day dropped
    SAME_TIME_OTHER_DAYS = "same_time_other_days"  # the dates widened, the time kept
    OTHER_PROVIDERS = "other_providers"  # other providers of the specialty, same dates
    WIDER_RANGE = "wider_range"  # everything dropped but the providers: the dates widened


# Statuses of a past appointment that do not make the patient a returning one.
NOT_ESTABLISHING = (Appointment.Status.CANCELLED, Appointment.Status.RESCHEDULED, Appointment.Status.NO_SHOW)

FIRST_WINDOW_DAYS = 3  # an open-ended search reads this many days first, then twice as many, …
MAX_WINDOW_DAYS = 31  # the most days one round of queries reads
ALTERNATIVE_DAYS_BEFORE = 7  # how far alternatives may move the request's dates
ALTERNATIVE_DAYS_AFTER = 14
MAX_LIMIT = 100
MAX_APPOINTMENT_MINUTES = 480  # the models' check constraint (appt_duration_range)
_UNCAPPED = 1_000_000


@dataclass(frozen=True)
class Slot:
    """An open time with a provider. `start` and `end` are aware, in the clinic's zone."""

    provider_id: Any
    provider_name: str
    specialty: str
    start: datetime
    end: datetime
    visit_type_id: Any = None

    # Python compares and subtracts two datetimes of the same zone by wall clock; these
    # go through UTC so that a slot across a clock change has its real length and order.
    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)

    @property
    def minutes(self) -> int:
        return int((self.end.astimezone(UTC) - self.start_utc).total_seconds() // 60)


@dataclass(frozen=True)
class Alternative:
    kind: AlternativeKind
    slots: list[Slot]


@dataclass
class SearchResult:
    """What a search found.

    `slots` match the request, ordered by start then provider, capped at `limit`. When
    there are none, `alternatives` holds the nearest relaxations that do find slots (each
    capped at `limit`). `excluded` names providers the request would have matched but who
    cannot be offered to this patient, with the reason (a `Refusal`): a chat can say
    "Dr. Brooks is not taking new patients" rather than "nothing found".
    `first_date`/`last_date` is the local date range that was searched.
    """

    slots: list[Slot]
    first_date: date
    last_date: date
    alternatives: list[Alternative] = field(default_factory=list)
    excluded: dict[Any, Refusal] = field(default_factory=dict)


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


def _local_instant(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """The instant of a local wall-clock time (fold=0: the first of a repeated hour; a
    time skipped by a spring-forward is read with the offset before the change)."""
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz).astimezone(UTC)


@dataclass
class _Closures:
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


def _open_minutes(clinic: Clinic, provider: Provider, day: date, closures: _Closures) -> list[Minutes]:
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


class _Busy:
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
class _Window:
    first: date
    last: date
    busy: dict[Any, _Busy]
    closures: _Closures


def _window_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return _local_instant(first, 0, tz), _local_instant(last + timedelta(days=1), 0, tz)


def _load_closures(clinic: Clinic, first: date, last: date) -> _Closures:
    closures = _Closures()
    for closure in ClinicClosure.objects.filter(
        clinic=clinic, active=True, start_date__lte=last, end_date__gte=first
    ).only("name", "start_date", "end_date", "start_time", "end_time"):
        closures.add(closure, first, last)
    return closures


def _load_window(clinic: Clinic, provider_ids: list[Any], first: date, last: date) -> _Window:
    """Appointments, time off and closures of [first, last] in three queries."""
    since, until = _window_bounds(first, last, clinic.tzinfo)
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
    busy = {pid: _Busy(spans.get(pid, [])) for pid in provider_ids}
    return _Window(first, last, busy, _load_closures(clinic, first, last))


def returning_provider_ids(*, clinic: Clinic, patient: Patient, now: datetime | None = None) -> set[Any]:
    """Providers this patient has already been seen by (see the module's definition)."""
    return set(
        Appointment.objects.filter(clinic=clinic, patient=patient, start_at__lt=now or timezone.now())
        .exclude(status__in=NOT_ESTABLISHING)
        .values_list("provider_id", flat=True)
        .distinct()
    )


def _patient_refusal(
    provider: Provider, visit_type: VisitType | None, *, returning: bool
) -> tuple[Refusal, str] | None:
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


# --- the search ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Criteria:
    first: date
    last: date
    minutes: int | None  # None: each provider's default length
    step: timedelta | None  # None: the slot's length
    earliest_start: datetime
    part_of_day: PartOfDay | None
    at: time | None
    limit: int
    per_day: int | None
    visit_type_id: Any


def _day_slots(clinic: Clinic, provider: Provider, day: date, window: _Window, criteria: _Criteria) -> list[Slot]:
    tz = clinic.tzinfo
    length = timedelta(minutes=criteria.minutes or provider.default_appointment_minutes)
    step = criteria.step or length
    busy = window.busy[provider.pk]
    slots = []
    for start_min, end_min in _open_minutes(clinic, provider, day, window.closures):
        opens, closes = _local_instant(day, start_min, tz), _local_instant(day, end_min, tz)
        if criteria.at is not None:
            # An exact time is tried as asked, on the grid or not.
            candidates: Iterable[datetime] = [_local_instant(day, criteria.at.hour * 60 + criteria.at.minute, tz)]
        else:
            candidates = _grid(opens, closes, step, length)
        for start in candidates:
            end = start + length
            if start < opens or end > closes or start < criteria.earliest_start or busy.overlaps(start, end):
                continue
            local = start.astimezone(tz)
            if criteria.at is not None and (local.hour, local.minute) != (criteria.at.hour, criteria.at.minute):
                continue  # a wall time the day skipped (spring forward) is not offered
            if criteria.part_of_day is not None and not _in_part_of_day(local.time(), criteria.part_of_day):
                continue
            slots.append(
                Slot(
                    provider.pk,
                    provider.display_name,
                    provider.specialty,
                    local,
                    end.astimezone(tz),
                    criteria.visit_type_id,
                )
            )
    return slots


def _grid(opens: datetime, closes: datetime, step: timedelta, length: timedelta) -> Iterable[datetime]:
    start = opens
    while start + length <= closes:
        yield start
        start += step


def _in_part_of_day(local: time, part: PartOfDay) -> bool:
    low, high = PART_OF_DAY_BOUNDS[part]
    return local >= low and (high is None or local < high)


def _sort_key(slot: Slot) -> tuple[Any, ...]:
    return slot.start_utc, slot.provider_name, str(slot.provider_id)


def _collect(
    clinic: Clinic,
    providers: list[Provider],
    window: _Window,
    criteria: _Criteria,
    days: Iterable[date],
    found: list[Slot],
) -> bool:
    """Add the slots of `days` to `found`; True once `limit` is reached (days are in order,
    so slots of later days can only come after)."""
    for day in days:
        day_slots: list[Slot] = []
        for provider in providers:
            day_slots += _day_slots(clinic, provider, day, window, criteria)
        day_slots.sort(key=_sort_key)
        if criteria.per_day is not None:
            day_slots = day_slots[: criteria.per_day]
        found += day_slots
        if len(found) >= criteria.limit:
            del found[criteria.limit :]
            return True
    return False


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _search(
    clinic: Clinic, providers: list[Provider], criteria: _Criteria, window: _Window | None = None, *,
    open_ended: bool = False,
) -> list[Slot]:
    found: list[Slot] = []
    if not providers or criteria.first > criteria.last:
        return found
    if window is not None:
        _collect(clinic, providers, window, criteria, _days(criteria.first, criteria.last), found)
        return found
    ids = [p.pk for p in providers]
    size = FIRST_WINDOW_DAYS if open_ended else MAX_WINDOW_DAYS
    chunk_first = criteria.first
    while chunk_first <= criteria.last:
        chunk_last = min(chunk_first + timedelta(days=size - 1), criteria.last)
        chunk = _load_window(clinic, ids, chunk_first, chunk_last)
        if _collect(clinic, providers, chunk, criteria, _days(chunk_first, chunk_last), found):
            break
        chunk_first = chunk_last + timedelta(days=1)
        size = min(size * 2, MAX_WINDOW_DAYS)
    return found


def _bookable_range(clinic: Clinic, settings: SchedulingSettings, now: datetime) -> tuple[datetime, date, date]:
    earliest_start = now + timedelta(minutes=settings.min_notice_minutes)
    tz = clinic.tzinfo
    return (
        earliest_start,
        timezone.localdate(earliest_start, tz),
        timezone.localdate(now, tz) + timedelta(days=settings.horizon_days),
    )


def _matching_providers(
    clinic: Clinic, *, provider_ids: Sequence[Any], specialty: str, visit_type: VisitType | None
) -> list[Provider]:
    qs = Provider.objects.filter(clinic=clinic, status=Provider.Status.ACTIVE)
    if provider_ids:
        qs = qs.filter(pk__in=list(provider_ids))
    if specialty:
        qs = qs.filter(specialty__iexact=specialty)
    if visit_type is not None and visit_type.specialty:
        qs = qs.filter(specialty__iexact=visit_type.specialty)
    return list(qs.order_by("last_name", "first_name", "pk"))


def slots_search(
    *,
    clinic: Clinic,
    providers: Sequence[Provider | Any] = (),
    specialty: str = "",
    visit_type: VisitType | None = None,
    minutes: int | None = None,
    on: date | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    part_of_day: PartOfDay | str | None = None,
    at: time | None = None,
    patient: Patient | None = None,
    new_patient: bool | None = None,
    limit: int = 10,
    per_day: int | None = None,
    alternatives: bool = True,
    now: datetime | None = None,
) -> SearchResult:
    """Open slots, ordered by start time (then provider name), at most `limit`.

    Who: `providers` (Provider objects or ids; empty = every active provider), narrowed
    by `specialty` (any case) and by the visit type's specialty.
    How long: `minutes`, else the visit type's length, else each provider's default
    length (as booking without a length does). Starts are laid out every
    `slot_step_minutes` (clinic setting), else every slot length, from each opening.
    When: `on` one local date, or `start_date`..`end_date` (either may be omitted); with
    no dates at all, from the first bookable moment to the horizon: the earliest slots.
    Dates outside the bookable range are clipped to it. `part_of_day` keeps starts in
    that part (see `PART_OF_DAY_BOUNDS`); `at` keeps only that exact local start time.
    For whom: `patient` (each provider's new-patient rule is applied to them), or without
    one `new_patient` (None or True: a new patient; False: returning with everyone).
    `per_day` caps the slots of any one day (spreads a week's results over its days).

    When nothing matches and `alternatives` is true, the result carries the nearest
    alternatives (see `AlternativeKind`), read in one extra round of queries.
    """
    now = now or timezone.now()
    settings = scheduling_settings(clinic)
    earliest_start, first_bookable, last_bookable = _bookable_range(clinic, settings, now)
    if on is not None:
        start_date = end_date = on
    first = max(start_date or first_bookable, first_bookable)
    last = min(end_date or last_bookable, last_bookable)
    provider_ids = [getattr(p, "pk", p) for p in providers]
    candidates = _matching_providers(clinic, provider_ids=provider_ids, specialty=specialty, visit_type=visit_type)

    eligible, excluded = _eligible(clinic, candidates, visit_type, patient=patient, new_patient=new_patient, now=now)
    criteria = _Criteria(
        first=first,
        last=last,
        minutes=minutes or (visit_type.minutes if visit_type else None),
        step=timedelta(minutes=settings.slot_step_minutes) if settings.slot_step_minutes else None,
        earliest_start=earliest_start,
        part_of_day=PartOfDay(part_of_day) if part_of_day else None,
        at=at,
        limit=max(1, min(limit, MAX_LIMIT)),
        per_day=per_day,
        visit_type_id=visit_type.pk if visit_type else None,
    )
    open_ended = start_date is None and end_date is None
    result = SearchResult(
        slots=_search(clinic, eligible, criteria, open_ended=open_ended), first_date=first, last_date=last,
        excluded=excluded,
    )
    if not result.slots and alternatives:
        result.alternatives = _alternatives(
            clinic,
            criteria,
            eligible,
            first_bookable=first_bookable,
            last_bookable=last_bookable,
            specialties={specialty} if specialty else {p.specialty for p in candidates if p.specialty},
            named=bool(provider_ids),
            visit_type=visit_type,
            patient=patient,
            new_patient=new_patient,
            now=now,
            requested=(start_date, end_date),
        )
    return result


def _eligible(
    clinic: Clinic,
    candidates: list[Provider],
    visit_type: VisitType | None,
    *,
    patient: Patient | None,
    new_patient: bool | None,
    now: datetime,
) -> tuple[list[Provider], dict[Any, Refusal]]:
    if patient is not None:
        returning = returning_provider_ids(clinic=clinic, patient=patient, now=now)
    else:
        returning = {p.pk for p in candidates} if new_patient is False else set()
    eligible, excluded = [], {}
    for provider in candidates:
        refusal = _patient_refusal(provider, visit_type, returning=provider.pk in returning)
        if refusal is None:
            eligible.append(provider)
        else:
            excluded[provider.pk] = refusal[0]
    return eligible, excluded


def _alternatives(
    clinic: Clinic,
    criteria: _Criteria,
    eligible: list[Provider],
    *,
    first_bookable: date,
    last_bookable: date,
    specialties: set[str],
    named: bool,
    visit_type: VisitType | None,
    patient: Patient | None,
    new_patient: bool | None,
    now: datetime,
    requested: tuple[date | None, date | None],
) -> list[Alternative]:
    if requested == (None, None) and criteria.at is None and criteria.part_of_day is None and not named:
        return []  # the whole bookable range was searched with every provider: nothing to widen
    wide_first = max(first_bookable, criteria.first - timedelta(days=ALTERNATIVE_DAYS_BEFORE))
    wide_last = min(last_bookable, max(criteria.last, criteria.first) + timedelta(days=ALTERNATIVE_DAYS_AFTER))
    others: list[Provider] = []
    if named and specialties:
        pool = [
            p
            for p in _matching_providers(clinic, provider_ids=(), specialty="", visit_type=visit_type)
            if p.specialty.casefold() in {s.casefold() for s in specialties}
        ]
        chosen = {p.pk for p in eligible}
        others, _ = _eligible(
            clinic,
            [p for p in pool if p.pk not in chosen],
            visit_type,
            patient=patient,
            new_patient=new_patient,
            now=now,
        )
    everyone = eligible + others
    if not everyone or wide_first > wide_last:
        return []
    # One read for every relaxation below.
    window = _load_window(clinic, [p.pk for p in everyone], wide_first, wide_last)
    timed = criteria.at is not None or criteria.part_of_day is not None
    tries: list[tuple[AlternativeKind, list[Provider], _Criteria]] = []
    if timed and criteria.first <= criteria.last:
        tries.append((AlternativeKind.OTHER_TIMES_SAME_DAYS, eligible, _replace(criteria, at=None, part_of_day=None)))
    if timed:
        tries.append(
            (AlternativeKind.SAME_TIME_OTHER_DAYS, eligible, _replace(criteria, first=wide_first, last=wide_last))
        )
    if others and criteria.first <= criteria.last:
        tries.append((AlternativeKind.OTHER_PROVIDERS, others, criteria))
    tries.append(
        (
            AlternativeKind.WIDER_RANGE,
            eligible,
            _replace(criteria, first=wide_first, last=wide_last, at=None, part_of_day=None),
        )
    )
    found = []
    for kind, who, relaxed in tries:
        slots = _search(clinic, who, relaxed, window)
        if slots:
            found.append(Alternative(kind, _nearest(slots, criteria)))
    return found


def _nearest(slots: list[Slot], criteria: _Criteria) -> list[Slot]:
    """Slots closest to the requested dates first, then in time order."""

    def distance(slot: Slot) -> int:
        day = slot.start.date()
        return (
            0
            if criteria.first <= day <= criteria.last
            else min(abs((day - criteria.first).days), abs((day - criteria.last).days))
        )

    return sorted(slots, key=lambda s: (distance(s), *_sort_key(s)))[: criteria.limit]


def _replace(criteria: _Criteria, **changes: Any) -> _Criteria:
    if "first" in changes:
        # A wider range is read whole (it is loaded already), a few slots a day, so that
        # `_nearest` can pick from both sides of the requested dates.
        changes.update(limit=_UNCAPPED, per_day=min(criteria.per_day or criteria.limit, criteria.limit))
    return replace(criteria, **changes)


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
        earliest_start, _, last_bookable = _bookable_range(clinic, settings, now)
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
    closures = _load_closures(clinic, day, day)
    if day in closures.whole_days:
        raise SlotUnavailable(Refusal.CLINIC_CLOSED, f"The clinic is closed on {day} ({closures.whole_days[day]}).")
    for (closed_from, closed_to), name in closures.partial.get(day, []):
        if _local_instant(day, closed_from, tz) < end_at and _local_instant(day, closed_to, tz) > start_at:
            raise SlotUnavailable(Refusal.CLINIC_CLOSED, f"The clinic is closed then ({name}).")
    open_spans = [
        (_local_instant(day, s, tz), _local_instant(day, e, tz))
        for s, e in _open_minutes(clinic, provider, day, _Closures())
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
        refusal = _patient_refusal(provider, visit_type, returning=returning)
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
