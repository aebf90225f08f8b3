"""Slot extraction by rules, against a fixed clinic-local now: Wednesday 4 March 2026,
10:00 in New York."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from scheduling.receptionist.extract import (
    DateRange,
    find_date,
    find_dob,
    find_name,
    find_part_of_day,
    find_phone,
    find_reason,
    find_time,
    find_week,
)

NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
TODAY = NOW.date()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("can I come today", dt.date(2026, 3, 4)),
        ("tomorrow please", dt.date(2026, 3, 5)),
        ("tmrw", dt.date(2026, 3, 5)),
        ("the day after tomorrow", dt.date(2026, 3, 6)),
        ("on Friday", dt.date(2026, 3, 6)),
        ("next Tuesday", dt.date(2026, 3, 10)),
        ("next Thursday", dt.date(2026, 3, 12)),
        ("in two weeks", dt.date(2026, 3, 18)),
        ("in 3 days", dt.date(2026, 3, 7)),
        ("March 20th", dt.date(2026, 3, 20)),
        ("20 March", dt.date(2026, 3, 20)),
        ("on 3/15", dt.date(2026, 3, 15)),
        ("the 20th", dt.date(2026, 3, 20)),
        ("the 2nd", dt.date(2026, 4, 2)),
        ("March 2", dt.date(2027, 3, 2)),
        # A calendar date beats the weekday said with it.
        ("Tuesday, March 17", dt.date(2026, 3, 17)),
        ("on tuesday, december 8 at 9:00 am", dt.date(2026, 12, 8)),
        ("Friday the 20th", dt.date(2026, 3, 20)),
    ],
)
def test_find_date_relative_to_the_clinic_now(text, expected):
    assert find_date(text, now=NOW) == expected


def test_find_date_ignores_a_date_of_birth():
    assert find_date("Jane Doe, born 03/04/1980", now=NOW) is None


def test_find_date_reads_day_first_when_configured():
    assert find_date("on 5/4", now=NOW, date_order="DMY") == dt.date(2026, 4, 5)


def test_find_week_next_week_is_monday_to_sunday():
    assert find_week("sometime next week", today=TODAY) == DateRange(dt.date(2026, 3, 9), dt.date(2026, 3, 15))


def test_find_week_this_week_starts_today():
    assert find_week("this week", today=TODAY) == DateRange(dt.date(2026, 3, 4), dt.date(2026, 3, 8))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3pm", dt.time(15, 0)),
        ("at 3:30 p.m.", dt.time(15, 30)),
        ("9am", dt.time(9, 0)),
        ("12pm", dt.time(12, 0)),
        ("at 10:30", dt.time(10, 30)),
        ("at 3", dt.time(15, 0)),
        ("around 11", dt.time(11, 0)),
        ("14:15", dt.time(14, 15)),
        ("noon", dt.time(12, 0)),
    ],
)
def test_find_time(text, expected):
    assert find_time(text) == expected


@pytest.mark.parametrize("text", ["call me at 607-555-0123", "born 03/04/1980", "the second one"])
def test_find_time_ignores_phones_dates_and_words(text):
    assert find_time(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Tuesday morning", "morning"), ("in the afternoon", "afternoon"), ("tonight", "evening"), ("Tuesday", "")],
)
def test_find_part_of_day(text, expected):
    assert find_part_of_day(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my number is 607-555-0123", "+16075550123"),
        ("(617) 555-0142", "+16175550142"),
        ("call 607.555.0199 please", "+16075550199"),
        ("no phone here", ""),
    ],
)
def test_find_phone_in_e164(text, expected):
    assert find_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("born 03/04/1980", dt.date(1980, 3, 4)),
        ("dob March 4, 1980", dt.date(1980, 3, 4)),
        ("4th of March 1980", dt.date(1980, 3, 4)),
        ("1980-03-04", dt.date(1980, 3, 4)),
    ],
)
def test_find_dob(text, expected):
    assert find_dob(text, today=TODAY) == expected


def test_find_dob_refuses_a_future_date():
    assert find_dob("born 03/04/2030", today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "loose", "expected"),
    [
        ("my name is jane doe", False, "Jane Doe"),
        ("I'm Kim Park, born 05/06/1985, phone 607-555-0123", False, "Kim Park"),
        ("Jane Doe, 03/04/1980", True, "Jane Doe"),
        ("Jane Doe, 03/04/1980", False, ""),
        ("Jane", True, ""),
        ("this is Mary Ann O'Neil", False, "Mary Ann O'Neil"),
    ],
)
def test_find_name(text, loose, expected):
    assert find_name(text, loose=loose) == expected


def test_find_phone_after_a_date_of_birth():
    assert find_phone("Sam Twin 01/01/1990 607-555-0111") == "+16075550111"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I need to book a checkup for my back pain with Dr Lee", "back pain"),
        ("Can I see Dr Patel next Wednesday because of a rash on my arm?", "rash on my arm"),
        ("I need an appointment for a flu shot next Friday morning", "flu shot"),
        ("book Dr Lee for a follow-up on Monday", "follow-up"),
        ("I want to come in because I have a sore throat", "I have a sore throat"),
    ],
)
def test_find_reason_takes_what_follows_for_my_up_to_the_scheduling_details(text, expected):
    assert find_reason(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "book for next week",
        "I'd like an appointment for next Tuesday with Dr Lee",
        "book an appointment for my son",
        "is this for my appointment?",
        "book with Dr Lee for the earliest",
        "for the first available slot",
        "for the 22nd",
        "book me in for Jane Doe",
    ],
)
def test_find_reason_is_empty_when_the_words_say_who_or_when(text):
    assert find_reason(text) == ""
