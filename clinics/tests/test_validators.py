"""The validators behind the model invariants: NPI, weekly hours, time zones, phones."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from clinics.validators import (
    normalize_phone,
    npi_check_digit,
    npi_is_valid,
    phone_e164_or_unchanged,
    validate_language_list,
    validate_npi,
    validate_timezone,
    validate_weekly_hours,
)

# --- NPI ----------------------------------------------------------------------------


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126", "1679576722"])
def test_npi_with_valid_check_digit_is_valid(npi: str) -> None:
    assert npi_is_valid(npi) is True


def test_npi_with_wrong_check_digit_is_invalid() -> None:
    assert npi_is_valid("1234567890") is False


@pytest.mark.parametrize("npi", ["123456789", "12345678931", ""])
def test_npi_of_wrong_length_is_invalid(npi: str) -> None:
    assert npi_is_valid(npi) is False


@pytest.mark.parametrize("npi", ["123456789a", "1234 67893", "12345-7893"])
def test_npi_with_non_digits_is_invalid(npi: str) -> None:
    assert npi_is_valid(npi) is False


FULL_WIDTH_NPI = "".join(chr(0xFF10 + int(d)) for d in "1234567893")
ARABIC_INDIC_NPI = "".join(chr(0x0660 + int(d)) for d in "1234567893")


@pytest.mark.parametrize("npi", [FULL_WIDTH_NPI, ARABIC_INDIC_NPI, "123456789\u00b2"])
def test_npi_with_non_ascii_digits_is_invalid(npi: str) -> None:
    assert npi_is_valid(npi) is False


def test_npi_that_is_not_a_string_is_invalid() -> None:
    assert npi_is_valid(1234567893) is False  # type: ignore[arg-type]


def test_validate_npi_raises_for_a_bad_check_digit() -> None:
    with pytest.raises(ValidationError, match="check digit"):
        validate_npi("1234567890")


def test_validate_npi_accepts_a_valid_npi() -> None:
    validate_npi("1234567893")


def test_npi_check_digit_completes_the_cms_example() -> None:
    assert npi_check_digit("123456789") == "3"


@pytest.mark.parametrize("first_nine", ["100000000", "198765432", "155555555"])
def test_npi_check_digit_always_yields_a_valid_npi(first_nine: str) -> None:
    assert npi_is_valid(first_nine + npi_check_digit(first_nine))


# --- weekly hours ----------------------------------------------------------------------


def test_weekly_hours_with_split_days_and_closed_days_are_valid() -> None:
    validate_weekly_hours({"mon": [["09:00", "12:00"], ["13:00", "17:00"]], "sat": [], "sun": []})


def test_weekly_hours_may_leave_days_out() -> None:
    validate_weekly_hours({"tue": [["08:30", "16:45"]]})


def test_weekly_hours_back_to_back_intervals_are_valid() -> None:
    validate_weekly_hours({"mon": [["09:00", "12:00"], ["12:00", "17:00"]]})


def test_weekly_hours_reject_unknown_weekday_key() -> None:
    with pytest.raises(ValidationError, match="Unknown weekday keys: monday"):
        validate_weekly_hours({"monday": [["09:00", "17:00"]]})


@pytest.mark.parametrize("bad", ["9:00", "24:00", "09:60", "0900", "09:00:00", "09:00\n", "noon"])
def test_weekly_hours_reject_times_not_in_hh_mm(bad: str) -> None:
    with pytest.raises(ValidationError, match="24-hour HH:MM"):
        validate_weekly_hours({"mon": [[bad, "17:00"]]})


def test_weekly_hours_reject_non_string_times() -> None:
    with pytest.raises(ValidationError, match="HH:MM strings"):
        validate_weekly_hours({"mon": [[900, 1700]]})


@pytest.mark.parametrize("interval", [["17:00", "09:00"], ["09:00", "09:00"]])
def test_weekly_hours_reject_start_not_before_end(interval: list[str]) -> None:
    with pytest.raises(ValidationError, match="ends before it starts"):
        validate_weekly_hours({"wed": [interval]})


def test_weekly_hours_reject_overlapping_intervals() -> None:
    with pytest.raises(ValidationError, match="overlap"):
        validate_weekly_hours({"thu": [["09:00", "13:00"], ["12:00", "17:00"]]})


def test_weekly_hours_reject_out_of_order_intervals() -> None:
    with pytest.raises(ValidationError, match="out of order"):
        validate_weekly_hours({"thu": [["13:00", "17:00"], ["09:00", "12:00"]]})


def test_weekly_hours_reject_a_day_that_is_not_a_list() -> None:
    with pytest.raises(ValidationError, match="a list of"):
        validate_weekly_hours({"fri": "09:00-17:00"})


def test_weekly_hours_reject_an_interval_that_is_not_a_pair() -> None:
    with pytest.raises(ValidationError, match="pair"):
        validate_weekly_hours({"fri": [["09:00", "12:00", "17:00"]]})


@pytest.mark.parametrize("value", [[["09:00", "17:00"]], "mon 9-5", None])
def test_weekly_hours_reject_a_value_that_is_not_an_object(value: object) -> None:
    with pytest.raises(ValidationError, match="keyed by weekday"):
        validate_weekly_hours(value)


# --- time zones ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["America/New_York", "America/Los_Angeles", "Europe/Berlin", "UTC"])
def test_timezone_accepts_canonical_iana_names(name: str) -> None:
    validate_timezone(name)


@pytest.mark.parametrize("name", ["US/Eastern", "EST5EDT"])
def test_timezone_accepts_backward_compatible_iana_links(name: str) -> None:
    # Decision: IANA's backward-compatible names resolve to the same rules as the
    # canonical zones, so clinics that already use them are not turned away.
    validate_timezone(name)


@pytest.mark.parametrize(
    "name",
    [
        "Mars/Base",  # no such zone
        "America",  # a directory of the database, not a zone
        "america/new_york",  # names are case-sensitive
        "localtime",  # whatever the server runs in
        "Factory",  # a placeholder with no offset
        "right/UTC",  # leap-second clock: wrong wall times
        "posix/America/New_York",
        "/etc/localtime",
        "../etc/passwd",
        "",
    ],
)
def test_timezone_rejects_names_that_are_not_iana_places(name: str) -> None:
    with pytest.raises(ValidationError, match="not an IANA time zone"):
        validate_timezone(name)


# --- phones and languages ----------------------------------------------------------------


@pytest.mark.parametrize("raw", ["(202) 555-0100", "202-555-0100", "+1 202 555 0100", "1 202 555 0100"])
def test_normalize_phone_gives_e164_for_us_numbers(raw: str) -> None:
    assert normalize_phone(raw) == "+12025550100"


def test_normalize_phone_keeps_a_foreign_number_with_its_country_code() -> None:
    assert normalize_phone("+44 20 7946 0958") == "+442079460958"


def test_normalize_phone_leaves_blank_blank() -> None:
    assert normalize_phone("") == ""


@pytest.mark.parametrize("raw", ["not a phone", "12", "+1 202 555 01000000"])
def test_normalize_phone_rejects_impossible_numbers(raw: str) -> None:
    with pytest.raises(ValidationError):
        normalize_phone(raw)


def test_phone_e164_or_unchanged_returns_an_invalid_value_untouched() -> None:
    assert phone_e164_or_unchanged("not a phone") == "not a phone"


def test_phone_e164_or_unchanged_normalises_a_valid_value() -> None:
    assert phone_e164_or_unchanged("(202) 555-0100") == "+12025550100"


def test_language_list_accepts_language_tags() -> None:
    validate_language_list(["en", "es", "zh-Hant"])


@pytest.mark.parametrize("value", ["en", ["e"], [1], None])
def test_language_list_rejects_anything_else(value: object) -> None:
    with pytest.raises(ValidationError):
        validate_language_list(value)
