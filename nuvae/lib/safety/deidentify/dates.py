"""Dates: shifted by a fixed number of days, or cut to the year.

FHIR writes dates as `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or with a time and a UTC offset
(dateTime, instant). `shift_fhir` moves the calendar date and keeps the time of day,
the offset and the precision (a year-only value is shifted from its January 1st,
a year-month from the 1st of the month), so intervals between full dates are kept
exactly. `generalize_fhir` keeps the year; an `instant`, which FHIR requires to be
complete, becomes January 1st of that year at 00:00:00Z.

Dates written in free text are read with the PHI module's parser (US month-first
order) and written back in the same style.
"""

from __future__ import annotations

import datetime as dt
import re

from ..phi.checksums import parse_date

MAX_SHIFT_DAYS = 365

FHIR_DATE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?P<time>T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+\-]\d{2}:\d{2})?)?)?)?"
)
# Element names whose values are FHIR date, dateTime or instant; a full date (YYYY-MM-DD…)
# is recognised under any element name, a year alone only under these.
_DATE_NAMES = frozenset(
    {
        "birthDate",
        "date",
        "start",
        "end",
        "issued",
        "lastUpdated",
        "authoredOn",
        "recorded",
        "created",
        "timestamp",
        "when",
        "occurrence",
        "sent",
        "received",
        "dateTime",
        "instant",
        "period",
    }
)
_DATE_SUFFIXES = ("Date", "DateTime", "Instant", "date", "Time", "Period")
INSTANT_NAMES = frozenset({"lastUpdated", "lastModified", "issued", "timestamp", "when", "recorded", "valueInstant"})
# Elements that are instants only in some resources (elsewhere `start` and `date` are dateTimes).
INSTANT_ELEMENTS = {
    "Appointment": frozenset({"start", "end"}),
    "AppointmentResponse": frozenset({"start", "end"}),
    "Slot": frozenset({"start", "end"}),
    "DocumentReference": frozenset({"date"}),
    "Subscription": frozenset({"end"}),
}
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T.*)?")


def offset_days(number: int) -> int:
    """A shift in [-365, -1] ∪ [1, 365] from a keyed number (never 0: a shift must move)."""
    n = number % (2 * MAX_SHIFT_DAYS)
    return n - MAX_SHIFT_DAYS if n < MAX_SHIFT_DAYS else n - MAX_SHIFT_DAYS + 1


def is_fhir_date(key: str, value: str) -> bool:
    if not FHIR_DATE.fullmatch(value):
        return False
    if _FULL_DATE.fullmatch(value):
        return True
    return key in _DATE_NAMES or key.endswith(_DATE_SUFFIXES)


def shift_fhir(value: str, days: int) -> str:
    match = FHIR_DATE.fullmatch(value)
    if match is None:
        return value
    year, month, day = int(match["year"]), int(match["month"] or 1), int(match["day"] or 1)
    try:
        moved = dt.date(year, month, day) + dt.timedelta(days=days)
    except (ValueError, OverflowError):
        return value
    if match["day"]:
        return moved.isoformat() + (match["time"] or "")
    if match["month"]:
        return f"{moved.year:04d}-{moved.month:02d}"
    return f"{moved.year:04d}"


def generalize_fhir(value: str, key: str, *, instant: bool = False) -> str:
    match = FHIR_DATE.fullmatch(value)
    if match is None:
        return value
    if instant or key in INSTANT_NAMES or key.endswith("Instant"):
        return f"{match['year']}-01-01T00:00:00Z"
    return match["year"]


def year_of(value: str) -> int | None:
    match = FHIR_DATE.fullmatch(value)
    return int(match["year"]) if match else None


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


# --- dates in free text ------------------------------------------------------------------

_NUMERIC = re.compile(r"(?P<a>\d{1,4})(?P<sep>[/\-.])(?P<b>\d{1,2})(?:(?P=sep)(?P<c>\d{2,4}))?")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _pad(number: int, like: str) -> str:
    return f"{number:0{len(like)}d}" if len(like) == 2 else str(number)


def shift_text_date(value: str, days: int) -> str | None:
    """`value` moved by `days` in its own style, or None when it cannot be read as a date."""
    now = today()
    numeric = _NUMERIC.fullmatch(value.strip())
    has_year = True
    parsed = parse_date(value, today=now)
    if parsed is None:
        # A date without a year ("12/02", "March 3rd"): read it in the current year.
        has_year = False
        parsed = parse_date(f"{value.replace('/', ' ').rstrip('.')} {now.year}", today=now)
        if parsed is None:
            words = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value)
            parsed = parse_date(f"{words} {now.year}", today=now)
    if parsed is None:
        return None
    moved = parsed + dt.timedelta(days=days)
    if numeric:
        a, sep, b, c = numeric["a"], numeric["sep"], numeric["b"], numeric["c"]
        if len(a) == 4 and c:
            return f"{moved.year:04d}{sep}{moved.month:02d}{sep}{moved.day:02d}"
        if c:
            year = str(moved.year)[-2:] if len(c) == 2 else str(moved.year)
            return f"{_pad(moved.month, a)}{sep}{_pad(moved.day, b)}{sep}{year}"
        return f"{_pad(moved.month, a)}{sep}{_pad(moved.day, b)}"
    written = f"{_MONTH_NAMES[moved.month - 1]} {moved.day}"
    return f"{written}, {moved.year}" if has_year else written


def generalize_text_date(value: str) -> str | None:
    parsed = parse_date(value, today=today())
    return str(parsed.year) if parsed else None
