"""Booking options, closures and time off of one clinic.

Maple opts in to US federal-holiday closures (seeded for the coming year by the same
service as the daily beat job); Harbor has a staff-training day and a half day. Both
have a provider away for a few days. Manual closures and time off fall after the
seeded appointments (day +14), so they never collide with them, and the widget demo
can show a search that steps around them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from clinics.clinic_settings import SCHEDULING_KEY, scheduling_settings_with
from clinics.services import clinic_update
from demo.seed.context import ClinicData, Seed
from demo.seed.schedule import FUTURE_DAYS
from scheduling.models import ClinicClosure, ProviderTimeOff
from scheduling.services import closures_seed_federal_holidays

# slug → scheduling options (see clinics.clinic_settings.SchedulingSettings)
OPTIONS: dict[str, dict[str, Any]] = {
    "maple": {"min_notice_minutes": 120, "horizon_days": 90, "federal_holidays": True},
    "harbor": {"min_notice_minutes": 240, "horizon_days": 60, "slot_step_minutes": 15},
}

# slug → (name, days after the anchor, local start, local end or None for all day)
CLOSURES: dict[str, tuple[tuple[str, int, time | None, time | None], ...]] = {
    "harbor": (
        ("Staff training day", FUTURE_DAYS + 7, None, None),
        ("Early close: building maintenance", FUTURE_DAYS + 9, time(13, 0), time(18, 0)),
    ),
}

# slug → (provider index in the spec, first day away after the anchor, days away, reason)
TIME_OFF: dict[str, tuple[tuple[int, int, int, str], ...]] = {
    "maple": ((0, FUTURE_DAYS + 4, 3, "Conference"),),
    "harbor": ((2, FUTURE_DAYS + 2, 5, "Vacation"),),
}


def ensure_scheduling(seed: Seed, data: ClinicData) -> None:
    _ensure_options(seed, data)
    holidays = closures_seed_federal_holidays(clinic=data.clinic, actor=seed.actor)
    for closure in holidays:
        seed.count(closure)
    _ensure_closures(seed, data)
    _ensure_time_off(seed, data)


def _ensure_options(seed: Seed, data: ClinicData) -> None:
    options = OPTIONS.get(data.spec.slug)
    if not options or SCHEDULING_KEY in (data.clinic.settings or {}):
        return  # set once: a change made later in the admin is kept
    data.clinic = clinic_update(
        actor=seed.actor, clinic=data.clinic, data={"settings": scheduling_settings_with(data.clinic, **options)}
    )


def _ensure_closures(seed: Seed, data: ClinicData) -> None:
    existing = set(ClinicClosure.objects.filter(clinic=data.clinic).values_list("name", "start_date"))
    for name, offset, start, end in CLOSURES.get(data.spec.slug, ()):
        day = data.anchor + timedelta(days=offset)
        if (name, day) not in existing:
            seed.save(
                ClinicClosure(
                    clinic=data.clinic, name=name, start_date=day, end_date=day, start_time=start, end_time=end
                )
            )


def _ensure_time_off(seed: Seed, data: ClinicData) -> None:
    tz = data.clinic.tzinfo
    for index, offset, days, reason in TIME_OFF.get(data.spec.slug, ()):
        provider = data.providers[index]
        starts = datetime.combine(data.anchor + timedelta(days=offset), time.min, tzinfo=tz)
        if not ProviderTimeOff.objects.filter(clinic=data.clinic, provider=provider, starts_at=starts).exists():
            seed.save(
                ProviderTimeOff(
                    clinic=data.clinic,
                    provider=provider,
                    starts_at=starts,
                    ends_at=datetime.combine(starts.date() + timedelta(days=days), time.min, tzinfo=tz),
                    reason=reason,
                )
            )
