"""The open-slot search (`slots_search`) and its alternatives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from clinics.clinic_settings import scheduling_settings
from clinics.models import Clinic, Patient, Provider
from scheduling.availability.opening import (
    Window,
    bookable_range,
    load_window,
    local_instant,
    open_minutes,
    patient_refusal,
    returning_provider_ids,
)
from scheduling.availability.vocabulary import (
    ALTERNATIVE_DAYS_AFTER,
    ALTERNATIVE_DAYS_BEFORE,
    FIRST_WINDOW_DAYS,
    MAX_LIMIT,
    MAX_WINDOW_DAYS,
    PART_OF_DAY_BOUNDS,
    UNCAPPED,
    Alternative,
    AlternativeKind,
    PartOfDay,
    Refusal,
    SearchResult,
    Slot,
)
from scheduling.models import VisitType

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


def _day_slots(clinic: Clinic, provider: Provider, day: date, window: Window, criteria: _Criteria) -> list[Slot]:
    tz = clinic.tzinfo
    length = timedelta(minutes=criteria.minutes or provider.default_appointment_minutes)
    step = criteria.step or length
    busy = window.busy[provider.pk]
    slots = []
    for start_min, end_min in open_minutes(clinic, provider, day, window.closures):
        opens, closes = local_instant(day, start_min, tz), local_instant(day, end_min, tz)
        if criteria.at is not None:
            # An exact time is tried as asked, on the grid or not.
            candidates: Iterable[datetime] = [local_instant(day, criteria.at.hour * 60 + criteria.at.minute, tz)]
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
    window: Window,
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
    clinic: Clinic,
    providers: list[Provider],
    criteria: _Criteria,
    window: Window | None = None,
    *,
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
        chunk = load_window(clinic, ids, chunk_first, chunk_last)
        if _collect(clinic, providers, chunk, criteria, _days(chunk_first, chunk_last), found):
            break
        chunk_first = chunk_last + timedelta(days=1)
        size = min(size * 2, MAX_WINDOW_DAYS)
    return found


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
    earliest_start, first_bookable, last_bookable = bookable_range(clinic, settings, now)
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
        slots=_search(clinic, eligible, criteria, open_ended=open_ended),
        first_date=first,
        last_date=last,
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
        refusal = patient_refusal(provider, visit_type, returning=provider.pk in returning)
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
    window = load_window(clinic, [p.pk for p in everyone], wide_first, wide_last)
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
        changes.update(limit=UNCAPPED, per_day=min(criteria.per_day or criteria.limit, criteria.limit))
    return replace(criteria, **changes)
