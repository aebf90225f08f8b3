"""Validators for the invariants of clinics and people (time zones, hours, NPI, phones)."""

from __future__ import annotations

import functools
import re
import zoneinfo
from datetime import time
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")  # used with fullmatch: "$" would let "09:00\n" through


# Names the tz database ships that are not a place: "localtime" is whatever the server
# runs in, "Factory" has no offset, and the "posix/" and "right/" trees (leap-second
# clocks) are not in available_timezones() at all.
_NOT_A_PLACE = frozenset({"localtime", "Factory", "posixrules"})


@functools.cache
def _iana_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) - _NOT_A_PLACE


def validate_timezone(value: str) -> None:
    # A set lookup rather than ZoneInfo(value): ZoneInfo also opens directories
    # ("America" raises IsADirectoryError) and legacy trees ("right/UTC").
    # Backward-compatible IANA links such as "US/Eastern" and "EST5EDT" stay valid:
    # they resolve to the same rules as their canonical zones.
    if not isinstance(value, str) or value not in _iana_zone_names():
        raise ValidationError(f"{value!r} is not an IANA time zone (for example America/New_York).")


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def validate_weekly_hours(value: Any) -> None:
    """Hours per weekday: {"mon": [["09:00", "12:00"], ["13:00", "17:00"]], "sat": [], ...}.

    Keys are three-letter weekdays (missing means closed); each interval is a pair of
    HH:MM strings with start < end; intervals of one day are ordered and do not overlap.
    """
    if not isinstance(value, dict):
        raise ValidationError("Hours must be an object keyed by weekday (mon … sun).")
    unknown = set(value) - set(WEEKDAYS)
    if unknown:
        raise ValidationError(f"Unknown weekday keys: {', '.join(sorted(unknown))}; use {', '.join(WEEKDAYS)}.")
    for day, intervals in value.items():
        if not isinstance(intervals, list):
            raise ValidationError(f"{day}: a list of [start, end] pairs is expected.")
        previous_end: time | None = None
        for interval in intervals:
            if not (isinstance(interval, list | tuple) and len(interval) == 2):
                raise ValidationError(f"{day}: each interval is a [start, end] pair.")
            start_s, end_s = interval
            if not (isinstance(start_s, str) and isinstance(end_s, str)):
                raise ValidationError(f"{day}: times are HH:MM strings.")
            if not (_HHMM.fullmatch(start_s) and _HHMM.fullmatch(end_s)):
                raise ValidationError(f"{day}: times are 24-hour HH:MM, got {start_s!r}-{end_s!r}.")
            start, end = parse_hhmm(start_s), parse_hhmm(end_s)
            if start >= end:
                raise ValidationError(f"{day}: {start_s}-{end_s} ends before it starts.")
            if previous_end is not None and start < previous_end:
                raise ValidationError(f"{day}: intervals overlap or are out of order at {start_s}.")
            previous_end = end


def npi_is_valid(npi: str) -> bool:
    """The NPI check digit: Luhn over the prefix 80840 followed by the NPI's ten digits."""
    # isascii(): str.isdigit() is also true for "²" and full-width or Arabic-Indic digits.
    if not (isinstance(npi, str) and len(npi) == 10 and npi.isascii() and npi.isdigit()):
        return False
    digits = [int(d) for d in "80840" + npi]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_npi(value: str) -> None:
    if not npi_is_valid(value):
        raise ValidationError("An NPI is 10 digits with a valid check digit (Luhn over 80840 + NPI).")


def normalize_phone(value: str, region: str = "US") -> str:
    """E.164 form of a phone number, or ValidationError. Blank stays blank."""
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(f"{value!r} is not a phone number.") from None
    # 555-01xx numbers are reserved for fiction: "possible" but never "valid". Accepting
    # possible numbers keeps demo and test data usable while still rejecting garbage.
    if not phonenumbers.is_possible_number(parsed):
        raise ValidationError(f"{value!r} is not a possible phone number.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    normalize_phone(value)


def phone_e164_or_unchanged(value: str, region: str = "US") -> str:
    """E.164 form of a valid phone number; an invalid one is returned as is.

    For `Model.clean()`: the field's own validator already reports a bad number against
    the field, and raising again from clean() would repeat it as a non-field error.
    """
    try:
        return normalize_phone(value, region)
    except ValidationError:
        return value


# The shape of a BCP 47 tag ("en", "zh-Hant", "es-419"): letters, digits and hyphens only,
# so no control character (PostgreSQL's jsonb refuses a NUL outright) gets stored.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def validate_language_list(value: Any) -> None:
    if not isinstance(value, list) or not all(
        isinstance(v, str) and len(v) <= 35 and _LANGUAGE_TAG.fullmatch(v) for v in value
    ):
        raise ValidationError("Languages are a list of language tags such as ['en', 'es'].")


def npi_check_digit(first_nine: str) -> str:
    """The tenth digit that makes `first_nine` + digit a valid NPI (for seeds and tests)."""
    for digit in "0123456789":
        if npi_is_valid(first_nine + digit):
            return digit
    raise ValueError(first_nine)  # unreachable: exactly one digit always fits
