"""PHI detection: the healthcare recognizers, the presets and the engine's set-up."""

from __future__ import annotations

import pytest

from nuvae.lib.safety.phi import checksums
from nuvae.lib.safety.phi.engine import get_analyzer


def found(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(e.type, e.value) for e in get_analyzer().analyze(text, **kwargs)]  # type: ignore[arg-type]


def test_engine_is_built_once_per_process() -> None:
    assert get_analyzer() is get_analyzer()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my name is maria lopez and i need a physical", "maria lopez"),
        ("Hi, this is Devon Whitaker. Can I book?", "Devon Whitaker"),
        ("Patient: Harold Brennan\nDOB: 1948-11-03", "Harold Brennan"),
        ("running 10 min late sorry - Tom Becker", "Tom Becker"),
        ("Hi, Olusegun Bello here. My number changed", "Olusegun Bello"),
        ("Name: NGUYEN, THANH  DOB 12 Aug 1979", "NGUYEN, THANH"),
        ("yes this is Mr. Tran", "Tran"),
        ("hey its keisha can u move me to thurs", "keisha"),
    ],
)
def test_names_after_cues_titles_and_signatures(text: str, name: str) -> None:
    assert ("PERSON", name) in found(text)


def test_provider_after_dr_is_not_a_patient_name() -> None:
    assert found("Can I see Dr. Patel on Tuesday?") == []


def test_public_values_are_never_reported() -> None:
    text = "this is Maria Lopez, is Anita Shah in on Friday?"
    assert found(text, public_values={"Anita Shah"}) == [("PERSON", "Maria Lopez")]


@pytest.mark.parametrize("dob", ["03/14/1985", "1985-03-14", "March 14 1985", "14 Mar 1985", "3/14/85", "021788"])
def test_birth_dates_after_a_cue(dob: str) -> None:
    assert ("DATE_OF_BIRTH", dob) in found(f"dob {dob}, need to cancel tomorrow")


def test_scheduling_dates_times_prices_and_codes_are_not_phi() -> None:
    text = "can I move my 3:30 on 12/02 to the 4th? room 204, $120 copay, code 99213, order #4471"
    assert found(text) == []


def test_npi_needs_a_valid_check_digit() -> None:
    assert checksums.npi_valid("1234567893")
    assert not checksums.npi_valid("1234567890")
    assert found("NPI 1234567893") == [("NPI", "1234567893")]
    assert found("NPI 1234567890") == []


def test_dea_number_needs_a_valid_check_digit() -> None:
    assert checksums.dea_valid("AP8035164") is True
    assert found("DEA AP8035164") == [("DEA_NUMBER", "AP8035164")]
    assert found("DEA AP8035165") == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("MRN 00482913", "MRN", "00482913"),
        ("member ID XJH123456789", "MEMBER_ID", "XJH123456789"),
        ("claim # 2024031500123", "CLAIM_NUMBER", "2024031500123"),
        ("account number G-5510934", "ACCOUNT_NUMBER", "G-5510934"),
        ("my SSN, 479042950", "US_SSN", "479042950"),
        ("driver's license 27 419 835 for ID", "DRIVER_LICENSE", "27 419 835"),
        ("my zip is 02139", "ZIP_CODE", "02139"),
        ("email amdubois@example.com", "EMAIL_ADDRESS", "amdubois@example.com"),
        ("call (617) 555-0142 after 5", "PHONE_NUMBER", "(617) 555-0142"),
        ("card 4111 1111 1111 1111", "CREDIT_CARD", "4111 1111 1111 1111"),
        ("login from 192.168.1.20 failed", "IP_ADDRESS", "192.168.1.20"),
    ],
)
def test_identifiers_with_their_cues(text: str, kind: str, value: str) -> None:
    assert (kind, value) in found(text)


def test_ssn_area_rules_reject_impossible_numbers() -> None:
    assert found("ssn 666-12-3456") == []
    assert found("ssn 123-00-4567") == []


def test_street_address_with_city_state_and_zip() -> None:
    text = "I live at 42 Oak Street Apt 3, Springfield, IL 62704 now"
    assert ("ADDRESS", "42 Oak Street Apt 3, Springfield, IL 62704") in found(text)


def test_dr_after_a_number_is_not_a_street() -> None:
    assert found("The claim says type 2 but it's Dr. Yoon's") == []


def test_version_numbers_are_not_ip_addresses() -> None:
    assert found("app version 2.4.10.1 won't connect") == []


def test_safe_harbor_preset_also_removes_appointment_dates_and_old_ages() -> None:
    text = "book me 12/02, she is 94 years old"
    assert found(text) == []
    assert found(text, preset="safe_harbor") == [("DATE", "12/02"), ("AGE", "94")]


def test_threshold_drops_weak_detections() -> None:
    text = "call back 2125550123"  # a bare ten-digit run with a weak cue
    assert found(text, threshold=0.5)
    assert found(text, threshold=0.95) == []
