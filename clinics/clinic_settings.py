"""Typed access to `Clinic.settings`, the clinic's JSON bag of options.

Options are read through the accessors here, never by indexing the JSON, so that every
reader gets the same defaults and types. Each group of options lives under its own key
(`"scheduling": {...}`) so that features added later cannot collide with it.

Why JSON and not columns: the options change per feature and per issue; a typed accessor
with validation gives callers the same safety as columns (a bad value is refused when the
clinic is saved, from the admin or any service) without a migration of the clinic table
for every new option.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError

from nuvae.lib.safety.policy import PolicyError, SafetyPolicy

SCHEDULING_KEY = "scheduling"


@dataclass(frozen=True)
class SchedulingSettings:
    """How far ahead and how soon patients may book, and how slots are laid out.

    - `min_notice_minutes`: the earliest bookable start is now + this (0 = any future time).
    - `horizon_days`: nothing is bookable on a local date later than today + this.
    - `slot_step_minutes`: distance between offered start times; None means the visit's
      own length (a 30-minute visit is offered at 9:00, 9:30, …).
    - `federal_holidays`: the clinic closes on US federal holidays (seeded as closures).
    """

    min_notice_minutes: int = 120
    horizon_days: int = 90
    slot_step_minutes: int | None = None
    federal_holidays: bool = False


# name → (smallest, largest) accepted value; None where the option may be null.
_BOUNDS: dict[str, tuple[int, int]] = {
    "min_notice_minutes": (0, 60 * 24 * 30),
    "horizon_days": (1, 730),
    "slot_step_minutes": (5, 240),
}
_NULLABLE = {"slot_step_minutes"}
_BOOLEANS = {"federal_holidays"}


def _scheduling_errors(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return ["settings.scheduling must be an object."]
    known = {f.name for f in fields(SchedulingSettings)}
    errors = [
        f"settings.scheduling.{name} is not an option (known: {', '.join(sorted(known))})."
        for name in sorted(set(value) - known)
    ]
    for name, option in value.items():
        if name in _BOOLEANS and not isinstance(option, bool):
            errors.append(f"settings.scheduling.{name} must be true or false.")
        elif name in _BOUNDS:
            if option is None and name in _NULLABLE:
                continue
            low, high = _BOUNDS[name]
            # bool is an int in Python: `true` is not a number of minutes.
            if isinstance(option, bool) or not isinstance(option, int) or not low <= option <= high:
                errors.append(f"settings.scheduling.{name} must be a whole number from {low} to {high}.")
    return errors


def validate_clinic_settings(value: Any) -> None:
    """Refuse settings whose known groups hold unknown options or wrong types.

    Keys other than the groups defined here are left alone (other features own them).
    """
    if not isinstance(value, dict):
        raise ValidationError("Settings must be a JSON object.")
    errors: list[str] = []
    if SCHEDULING_KEY in value:
        errors += _scheduling_errors(value[SCHEDULING_KEY])
    try:
        SafetyPolicy.from_settings(value)
    except PolicyError as exc:
        errors += [f"{key}: {why}" for key, why in exc.errors.items()]
    if errors:
        raise ValidationError(errors)


def scheduling_settings(clinic: Any) -> SchedulingSettings:
    """The clinic's scheduling options, defaults filled in.

    Stored values were validated on save; a row written around validation (raw SQL, an
    old row) falls back to the default for the options it got wrong rather than failing
    every availability search of the clinic.
    """
    raw = (clinic.settings or {}).get(SCHEDULING_KEY) if isinstance(clinic.settings, dict) else None
    if not isinstance(raw, dict):
        return SchedulingSettings()
    good = {name: option for name, option in raw.items() if not _scheduling_errors({name: option})}
    return SchedulingSettings(**good)


def scheduling_settings_with(clinic: Any, **changes: Any) -> dict[str, Any]:
    """A copy of the clinic's settings JSON with scheduling options changed (for services
    and tests that switch an option on); validated before it is returned."""
    current = dict(clinic.settings or {})
    group = dict(current.get(SCHEDULING_KEY) or {})
    group.update(changes)
    current[SCHEDULING_KEY] = group
    validate_clinic_settings(current)
    return current
