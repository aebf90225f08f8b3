"""De-identification of free text: the four methods, consistency, dates and ages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from nuvae.lib.safety.deidentify import clinic_secret, deidentify_text

SECRET = b"clinic-alpha-test-secret-0123456789"
OTHER_SECRET = b"clinic-beta-test-secret-9876543210"
MESSAGE = "My name is Maria Lopez and my DOB is 03/14/1985. MRN 4481234, call (617) 555-0143 or maria.lopez@mail.com."
VALUES = ["Maria", "Lopez", "03/14/1985", "4481234", "(617) 555-0143", "maria.lopez@mail.com"]


@pytest.mark.parametrize("method", ["redact", "mask", "replace", "hash"])
def test_every_method_removes_the_values(method):
    result = deidentify_text(MESSAGE, method=method, secret=SECRET)

    assert [value for value in VALUES if value in result.text] == []


def test_redact_writes_the_type():
    result = deidentify_text(MESSAGE, method="redact", secret=SECRET)

    assert result.text == (
        "My name is [PERSON] and my DOB is [DATE_OF_BIRTH]. MRN [MRN], call [PHONE_NUMBER] or [EMAIL_ADDRESS]."
    )


def test_mask_replaces_letters_and_digits_and_keeps_separators():
    result = deidentify_text("MRN 4481-234, call (617) 555-0143.", method="mask", secret=SECRET)

    assert result.text == "MRN ****-***, call (***) ***-****."


def test_hash_writes_type_and_sixteen_hex_digits():
    result = deidentify_text("MRN 4481234", method="hash", secret=SECRET)

    assert re.fullmatch(r"MRN MRN_[0-9a-f]{16}", result.text)


def test_replace_keeps_the_shape_of_identifiers_and_phones():
    result = deidentify_text("MRN 4481234, call (617) 555-0143.", method="replace", secret=SECRET)

    assert re.fullmatch(r"MRN \d{7}, call \(\d{3}\) 555-01\d\d\.", result.text)


def test_entities_give_input_positions():
    result = deidentify_text(MESSAGE, method="replace", secret=SECRET)

    assert [(e.type, MESSAGE[e.start : e.end]) for e in result.entities] == [
        ("PERSON", "Maria Lopez"),
        ("DATE_OF_BIRTH", "03/14/1985"),
        ("MRN", "4481234"),
        ("PHONE_NUMBER", "(617) 555-0143"),
        ("EMAIL_ADDRESS", "maria.lopez@mail.com"),
    ]


def test_summary_counts_types():
    result = deidentify_text(MESSAGE, method="hash", secret=SECRET)

    assert result.summary == {
        "entities": {"DATE_OF_BIRTH": 1, "EMAIL_ADDRESS": 1, "MRN": 1, "PERSON": 1, "PHONE_NUMBER": 1},
        "total": 5,
    }


@pytest.mark.parametrize("method", ["replace", "hash"])
def test_same_value_gets_the_same_surrogate_within_a_text(method):
    result = deidentify_text("MRN 4481234. Again: MRN 4481234. Other: MRN 7730021.", method=method, secret=SECRET)

    first, second, third = re.findall(r"MRN (\S+?)\.", result.text)
    assert first == second
    assert first != third


def test_phone_numbers_written_differently_get_the_same_surrogate():
    result = deidentify_text("Call (617) 555-0143 or 617-555-0143.", method="hash", secret=SECRET)

    first, second = re.findall(r"PHONE_NUMBER_[0-9a-f]{16}", result.text)
    assert first == second


@pytest.mark.parametrize("method", ["replace", "hash"])
def test_same_secret_is_consistent_across_requests(method):
    assert (
        deidentify_text(MESSAGE, method=method, secret=SECRET).text
        == deidentify_text(MESSAGE, method=method, secret=SECRET).text
    )


@pytest.mark.parametrize("method", ["replace", "hash"])
def test_another_secret_gives_other_surrogates(method):
    assert (
        deidentify_text("MRN 4481234", method=method, secret=SECRET).text
        != deidentify_text("MRN 4481234", method=method, secret=OTHER_SECRET).text
    )


def test_clinic_secret_depends_on_secret_key_and_clinic():
    assert clinic_secret("key-one", "clinic-a") == clinic_secret("key-one", "clinic-a")
    assert clinic_secret("key-one", "clinic-a") != clinic_secret("key-one", "clinic-b")
    assert clinic_secret("key-one", "clinic-a") != clinic_secret("key-two", "clinic-a")


def test_replace_shifts_dates_and_keeps_their_interval():
    text = "Admitted 03/01/2021 and discharged 03/05/2021."

    result = deidentify_text(text, method="replace", secret=SECRET)

    first, second = (dt.date(int(d[6:]), int(d[:2]), int(d[3:5])) for d in re.findall(r"\d\d/\d\d/\d{4}", result.text))
    assert (second - first).days == 4
    shift = (first - dt.date(2021, 3, 1)).days
    assert shift != 0
    assert abs(shift) <= 365


def test_replace_aggregates_ages_over_89():
    result = deidentify_text("My grandmother is 94 years old.", method="replace", secret=SECRET)

    assert result.text == "My grandmother is 90+ years old."


def test_entities_subset_leaves_other_types():
    result = deidentify_text(MESSAGE, method="redact", secret=SECRET, entities=["MRN"])

    assert result.text == MESSAGE.replace("4481234", "[MRN]")


def test_chat_preset_refuses_safe_harbor_only_types():
    with pytest.raises(ValueError, match="AGE"):
        deidentify_text("94 years old", preset="chat", entities=["AGE"], secret=SECRET)


def test_empty_text_finds_nothing():
    result = deidentify_text("   ", method="redact", secret=SECRET)

    assert (result.text, result.entities, result.summary["total"]) == ("   ", [], 0)
