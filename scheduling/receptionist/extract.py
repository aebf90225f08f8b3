"""Slot extraction by rules: dates and times (`dateparser`, relative to the clinic's local
now), phone numbers (`phonenumbers`), dates of birth, names, providers, visit types."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import dateparser
import phonenumbers

from clinics.identity import normalize_name

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
)
_ORD = r"(?:st|nd|rd|th)?"

# Dates of birth: a full date with a four-digit year.
_DOB = re.compile(
    rf"\b(\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:19|20)\d{{2}}|(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}{_ORD},?\s+(?:19|20)\d{{2}}|\d{{1,2}}{_ORD}\s+(?:of\s+)?(?:{_MONTHS}),?\s+(?:19|20)\d{{2}})\b",
    re.I,
)
# Tried in order, the first found wins: a calendar date before a weekday, so "Tuesday,
# December 8" is December 8 and not the coming Tuesday.
_DATE_PHRASES = [
    re.compile(r"\b(?:the\s+)?day\s+after\s+tomorrow\b", re.I),
    re.compile(r"\b(?:today|tomorrow|tmrw)\b", re.I),
    re.compile(r"\bin\s+(?:\d+|a|one|two|three|four|five|six|seven)\s+(?:days?|weeks?)\b", re.I),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}{_ORD}\b(?!:)", re.I),
    re.compile(rf"\b\d{{1,2}}{_ORD}\s+(?:of\s+)?(?:{_MONTHS})\b", re.I),
    re.compile(r"\b\d{1,2}/\d{1,2}\b(?!/)"),
    re.compile(r"\bthe\s+\d{1,2}(?:st|nd|rd|th)\b", re.I),
    re.compile(rf"\b(?:(?:next|this|coming)\s+)?(?:{_WEEKDAYS})\b\.?", re.I),
]
_WEEK = re.compile(r"\b(next|this)\s+week\b", re.I)
_TIME = re.compile(
    r"\b(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?![a-z])|\b(?:at|around|about)\s+(\d{1,2})(?::(\d{2}))?\b(?![/\d])"
    r"|\b(\d{1,2}):(\d{2})\b|\b(noon|midday)\b",
    re.I,
)
_PART = re.compile(r"\b(morning|afternoon|evening|tonight)\b", re.I)
_EARLIEST = re.compile(
    r"\b(earliest|soonest|first\s+available|first\s+open|as\s+soon\s+as\s+possible|asap|next\s+available|"
    r"any\s*(?:time|day)|whenever)\b",
    re.I,
)
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass
class DateRange:
    first: date
    last: date


def settings_for(now: datetime, *, date_order: str = "MDY") -> dict[str, Any]:
    return {
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": date_order,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }


def strip_dob(text: str) -> str:
    return _DOB.sub(" ", text)


def find_dob(text: str, *, today: date) -> date | None:
    match = _DOB.search(text)
    if not match:
        return None
    parsed = dateparser.parse(
        match.group(1), languages=["en"], settings={"DATE_ORDER": "MDY", "PREFER_DATES_FROM": "past"}
    )
    if parsed is None or parsed.date() >= today:
        return None
    return parsed.date()


def find_phone(text: str) -> str:
    # Without the date of birth first, "01/01/1990 607-555-0111" reads as one long number.
    for match in phonenumbers.PhoneNumberMatcher(strip_dob(text), "US"):
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return ""


def strip_phone(text: str) -> str:
    out = text
    for match in phonenumbers.PhoneNumberMatcher(strip_dob(text), "US"):
        out = out.replace(match.raw_string, " ")
    return out


def find_date(text: str, *, now: datetime, date_order: str = "MDY") -> date | None:
    """The appointment date named in `text` (never a date of birth), relative to `now`
    (the clinic's local now); None when there is none."""
    text = strip_dob(text)
    today = now.date()
    for pattern in _DATE_PHRASES:
        match = pattern.search(text)
        if not match:
            continue
        phrase = match.group(0).strip().rstrip(".").lower()
        phrase = re.sub(r"^(?:coming|this)\s+", "", phrase)
        phrase = re.sub(r"^the\s+(?=\d)", "", phrase)
        phrase = re.sub(r"\btmrw\b", "tomorrow", phrase)
        phrase = re.sub(
            r"^in\s+(a|one|two|three|four|five|six|seven)\b", lambda m: f"in {_NUMBER_WORDS[m.group(1)]}", phrase
        )
        if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", phrase):
            day_number = int(re.sub(r"\D", "", phrase))
            return _next_day_of_month(today, day_number)
        parsed = dateparser.parse(phrase, languages=["en"], settings=settings_for(now, date_order=date_order))
        if parsed is None:
            continue
        found = parsed.date()
        if (
            phrase.startswith("next ")
            and re.search(_WEEKDAYS, phrase)
            and (found - today).days < 7
            and found.weekday() > today.weekday()
        ):
            # "next Tuesday" said on a Monday means the Tuesday of next week.
            found += timedelta(days=7)
        if found < today:
            found = found.replace(year=found.year + 1)
        return found
    return None


def _next_day_of_month(today: date, day_number: int) -> date | None:
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day_number)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return None


def find_week(text: str, *, today: date) -> DateRange | None:
    match = _WEEK.search(text)
    if not match:
        return None
    monday = today - timedelta(days=today.weekday())
    if match.group(1).lower() == "next":
        monday += timedelta(days=7)
        return DateRange(monday, monday + timedelta(days=6))
    return DateRange(today, monday + timedelta(days=6))


def find_time(text: str) -> time | None:
    text = strip_phone(strip_dob(text))
    for match in _TIME.finditer(text):
        if match.group(8):
            return time(12, 0)
        if match.group(1):
            hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3).lower()
            if not 1 <= hour <= 12 or minute > 59:
                continue
            if meridiem.startswith("p") and hour != 12:
                hour += 12
            if meridiem.startswith("a") and hour == 12:
                hour = 0
            return time(hour, minute)
        hour_text, minute_text = (
            (match.group(4), match.group(5)) if match.group(4) else (match.group(6), match.group(7))
        )
        hour, minute = int(hour_text), int(minute_text or 0)
        if hour > 23 or minute > 59:
            continue
        if 1 <= hour <= 6:
            hour += 12  # "at 3": clinics are open in the afternoon, not at 3 in the night
        return time(hour, minute)
    return None


def find_part_of_day(text: str) -> str:
    match = _PART.search(text)
    if not match:
        return ""
    word = match.group(1).lower()
    return "evening" if word == "tonight" else word


def wants_earliest(text: str) -> bool:
    return bool(_EARLIEST.search(text))


def resolve_date(phrase: str, *, now: datetime, date_order: str = "MDY") -> date | None:
    """A date phrase on its own (as a model copies it from the message) resolved against the
    clinic's local now: the rules' phrases first, then `dateparser` on the whole phrase,
    preferring the future. Never a date in the past."""
    found = find_date(phrase, now=now, date_order=date_order)
    if found is not None:
        return found
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings_for(now, date_order=date_order))
    if parsed is None or parsed.date() < now.date():
        return None
    return parsed.date()


# --- the reason for a visit -------------------------------------------------------------

# "for my back pain", "because of a rash", "about my knee": the reason follows a
# preposition and a determiner, which keeps out "for next Tuesday", "for 3pm", "for Jane".
_REASON_LEAD = re.compile(
    r"\b(?:for|because\s+of|due\s+to|about|regarding)\s+(?:my|a|an|some|the|this|these|bad|severe)\s+"
    r"|\bbecause\s+(?=(?:i|i'?ve|i'?m|my|of)\b)",
    re.I,
)
# Where the reason ends: the scheduling details that usually follow it.
_REASON_END = re.compile(
    rf"[,.;:!?()]|\s[-\u2013]\s|\b(?:with\s+(?:dr\b|doctor|the\s+doctor|a\s+doctor|anyone|anybody|someone|any\b)|"
    rf"on\s+(?:the\s+)?(?:\d|{_WEEKDAYS}|{_MONTHS})|(?:next|this|coming)\s+(?:week|{_WEEKDAYS})|"
    rf"at\s+(?:\d|noon)|in\s+(?:\d+|a|one|two|three|four|five|six|seven)\s+(?:days?|weeks?)|"
    rf"(?:{_WEEKDAYS})\b|tomorrow|today|tonight|tmrw|asap|as\s+soon\s+as|please|thanks|"
    rf"(?:in\s+the\s+)?(?:morning|afternoon|evening)|and\s+(?:i|my|can|could|would)\b|"
    rf"(?:if|when)\s+(?:possible|you|there)|sometime|earliest)",
    re.I,
)
_WITH_NAMED = re.compile(r"\swith\s+[A-Z]")  # "with Lee": a provider's name, case-sensitive
# Words that say who or what is booked, not why.
_NOT_REASONS = {
    "appointment",
    "appt",
    "visit",
    "booking",
    "slot",
    "time",
    "doctor",
    "dr",
    "provider",
    "me",
    "myself",
    "son",
    "daughter",
    "child",
    "kid",
    "kids",
    "baby",
    "husband",
    "wife",
    "partner",
    "mother",
    "father",
    "mom",
    "dad",
    "family",
    "new",
    "patient",
    "existing",
    "next",
    "one",
    "first",
    "available",
    "opening",
    "openings",
    "earliest",
    "soonest",
    "day",
    "days",
    "after",
    "week",
    "weekend",
    "month",
}


def find_reason(text: str) -> str:
    """The reason for the visit when the message states one ("a checkup for my back pain
    with Dr Lee" gives "back pain"); "" otherwise. A reason that is only about who or when
    ("for my son", "for my appointment") is not one."""
    rest = strip_phone(strip_dob(text))
    lead = _REASON_LEAD.search(rest)
    if not lead:
        return ""
    rest = rest[lead.end() :]
    ends = [m.start() for m in (_REASON_END.search(rest), _WITH_NAMED.search(rest)) if m is not None]
    reason = " ".join(rest[: min(ends)].split()) if ends else " ".join(rest.split())
    said = {w for w in re.split(r"[\s-]+", reason.lower()) if w.isalpha()}
    if not said - _NOT_REASONS:
        return ""
    return reason[:200]


# --- names -----------------------------------------------------------------------------

_NAME_LEAD = re.compile(r"\b(?:my\s+name\s+is|name\s*:|i\s+am|i'm|im|this\s+is|it's|its)\s+", re.I)
_NAME_WORD = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'\u2019.-]*$")
_NOT_NAMES = {
    "and",
    "my",
    "dob",
    "phone",
    "number",
    "is",
    "born",
    "on",
    "birthday",
    "date",
    "of",
    "birth",
    "name",
    "the",
    "i",
    "im",
    "i'm",
    "am",
    "yes",
    "no",
    "ok",
    "okay",
    "hi",
    "hello",
    "sure",
    "new",
    "patient",
    "a",
    "it",
    "its",
    "call",
    "me",
    "at",
    "cell",
    "mobile",
    "please",
    "thanks",
    "thank",
    "you",
    "here",
    "this",
    "returning",
    "for",
}


def find_name(text: str, *, loose: bool) -> str:
    """A full name (two to four words). With `loose`, the answer to "what is your name"
    may be the name alone; otherwise it must follow "my name is", "I'm", …"""
    rest = strip_phone(strip_dob(text))
    lead = _NAME_LEAD.search(rest)
    if lead:
        rest = rest[lead.end() :]
    elif not loose:
        return ""
    words: list[str] = []
    for raw in re.split(r"[\s,;]+", rest):
        word = raw.strip(".!?:()")
        if not word:
            if words:
                break
            continue
        if word.lower() in _NOT_NAMES or not _NAME_WORD.match(word):
            if words:
                break
            continue
        words.append(word)
        if len(words) == 4:
            break
    if len(words) < 2:
        return ""
    return " ".join(w[:1].upper() + w[1:] for w in words)


# --- the clinic's own vocabulary ----------------------------------------------------------


def words(text: str) -> set[str]:
    return set(normalize_name(text).split())


def match_providers(text: str, providers: list[Any]) -> list[Any]:
    """Providers named in `text` by last name (or full name), then by specialty."""
    said = words(text)
    by_name = [p for p in providers if normalize_name(p.last_name) in said]
    if len(by_name) > 1:
        by_full = [p for p in by_name if normalize_name(p.first_name) in said]
        by_name = by_full or by_name
    if by_name:
        return by_name
    folded = normalize_name(text)
    specialties = {normalize_name(p.specialty) for p in providers if p.specialty}
    for specialty in sorted(specialties, key=len, reverse=True):
        stem = specialty.split()[0][:6]
        if specialty in folded or (len(stem) >= 5 and stem in folded):
            return [p for p in providers if normalize_name(p.specialty) == specialty]
    return []


def match_visit_type(text: str, visit_types: list[Any]) -> Any:
    folded = normalize_name(text)
    for visit_type in sorted(visit_types, key=lambda v: len(v.name), reverse=True):
        name = normalize_name(visit_type.name)
        if name and (name in folded or all(w in folded.split() for w in name.split() if len(w) > 3)):
            return visit_type
    return None
