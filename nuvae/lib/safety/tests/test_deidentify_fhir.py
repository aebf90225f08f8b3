"""De-identification of FHIR R4 JSON, on real Synthea and HL7 example resources."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from nuvae.lib.safety.deidentify import deidentify_fhir
from nuvae.lib.safety.deidentify.fhir import NARRATIVE_DIV

FIXTURES = Path(__file__).parent / "fixtures" / "fhir"
SECRET = b"clinic-alpha-test-secret-0123456789"
OTHER_SECRET = b"clinic-beta-test-secret-9876543210"
METHODS = ["redact", "mask", "replace", "hash"]
DATE_METHODS = ["shift", "generalize"]


def _load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def synthea() -> dict[str, Any]:
    return _load("synthea_clemente_kreiger.json")


@pytest.fixture(scope="module")
def hl7_patient() -> dict[str, Any]:
    return _load("patient-example.json")


@pytest.fixture(scope="module")
def contained_claim() -> dict[str, Any]:
    return _load("claim-example-oral-contained.json")


# Every identifying value of the fixtures that the output must not contain.
SYNTHEA_VALUES = [
    "Clemente",
    "Kreiger",
    "Kami Strosin",
    "555-767-7476",
    "999-48-8934",
    "S99922788",
    "X14485831X",
    "1484a42d-0eaf-4654-9cbf-6b050a5cd73b",
    "d78af07c-9cb9-4f31-9b11-c45a28f2eec8",
    "931 Doyle Corner Apt 89",
    "Wilmington",
    "01887",
    "1984-07-02",
    "42.564647",
    "Kassulke",
]
HL7_PATIENT_VALUES = [
    "Chalmers",
    "Peter",
    "James",
    "Jim",
    "Windsor",
    "du Marché",
    "Bénédicte",
    "12345",
    "(03) 5555 6473",
    "(03) 3410 5613",
    "(03) 5555 8834",
    "+33 (237) 998327",
    "534 Erewhon St",
    "PleasantVille",
    "Rainbow",
    "3999",
    "1974-12-25",
]
CLAIM_VALUES = ["Donald", "Duck", "1234 Main Street", "Vancouver", "V2H1Y3", "1986-05-17", "12347", "123456789"]


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, str):
        yield node
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield repr(node)


def _leaks(output: dict[str, Any], values: list[str]) -> list[str]:
    """Values found in any string of the output as a whole word (so a hex hash that happens
    to contain "3999" inside it is not counted)."""
    strings = list(_strings(output))
    found = []
    for value in values:
        pattern = re.compile(rf"(?<![\w]){re.escape(value)}(?![\w])", re.IGNORECASE)
        if any(pattern.search(text) for text in strings):
            found.append(value)
    return found


def _validates(resource: dict[str, Any]) -> None:
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("reference"), str):
            yield node["reference"]
        for value in node.values():
            yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


# --- nothing identifying is left -------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("date_method", DATE_METHODS)
def test_synthea_bundle_keeps_no_identifying_value(synthea, method, date_method):
    output = deidentify_fhir(synthea, method=method, date_method=date_method, secret=SECRET).resource

    assert _leaks(output, SYNTHEA_VALUES) == []


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("date_method", DATE_METHODS)
def test_hl7_patient_keeps_no_identifying_value(hl7_patient, method, date_method):
    output = deidentify_fhir(hl7_patient, method=method, date_method=date_method, secret=SECRET).resource

    assert _leaks(output, HL7_PATIENT_VALUES) == []


@pytest.mark.parametrize("method", METHODS)
def test_contained_resources_keep_no_identifying_value(contained_claim, method):
    output = deidentify_fhir(contained_claim, method=method, secret=SECRET).resource

    assert _leaks(output, CLAIM_VALUES) == []


def test_geolocation_extension_is_removed(synthea):
    output = deidentify_fhir(synthea, method="replace", secret=SECRET).resource

    patient = output["entry"][0]["resource"]
    urls = [ext["url"] for address in patient["address"] for ext in address.get("extension", [])]
    assert not any(url.endswith("/geolocation") for url in urls)


def test_narrative_is_replaced(hl7_patient):
    output = deidentify_fhir(hl7_patient, method="redact", secret=SECRET).resource

    assert output["text"] == {"status": "empty", "div": NARRATIVE_DIV}


def test_state_country_prefix_and_codes_are_kept(synthea):
    output = deidentify_fhir(synthea, method="replace", secret=SECRET).resource

    patient = output["entry"][0]["resource"]
    assert patient["address"][0]["state"] == "Massachusetts"
    assert patient["address"][0]["country"] == "US"
    assert patient["name"][0]["prefix"] == ["Mr."]
    assert patient["identifier"][2]["system"] == "http://hl7.org/fhir/sid/us-ssn"
    assert patient["gender"] == "male"


def test_input_document_is_not_changed(hl7_patient):
    before = copy.deepcopy(hl7_patient)

    deidentify_fhir(hl7_patient, method="replace", secret=SECRET)

    assert hl7_patient == before


# --- the output is still FHIR and still connected -------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("date_method", DATE_METHODS)
@pytest.mark.parametrize("fixture", ["synthea", "hl7_patient", "contained_claim"])
def test_output_validates_as_fhir_r4(request, fixture, method, date_method):
    document = request.getfixturevalue(fixture)

    output = deidentify_fhir(document, method=method, date_method=date_method, secret=SECRET).resource

    _validates(output)


@pytest.mark.parametrize("method", METHODS)
def test_bundle_references_still_resolve(synthea, method):
    output = deidentify_fhir(synthea, method=method, secret=SECRET).resource

    full_urls = {entry["fullUrl"] for entry in output["entry"]}
    references = [r for r in _references(output) if not r.startswith("#")]
    assert len(references) == len([r for r in _references(synthea) if not r.startswith("#")])
    assert references and all(reference in full_urls for reference in references)
    assert all(entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}" for entry in output["entry"])
    for entry in output["entry"]:  # an ExplanationOfBenefit's "#coverage" and "#referral"
        contained_ids = {resource["id"] for resource in entry["resource"].get("contained", [])}
        assert all(r[1:] in contained_ids for r in _references(entry["resource"]) if r.startswith("#"))


@pytest.mark.parametrize("method", METHODS)
def test_contained_references_still_resolve(contained_claim, method):
    output = deidentify_fhir(contained_claim, method=method, secret=SECRET).resource

    contained_ids = {resource["id"] for resource in output["contained"]}
    local = [reference for reference in _references(output) if reference.startswith("#")]
    assert len(local) == len([r for r in _references(contained_claim) if r.startswith("#")])
    assert all(reference[1:] in contained_ids for reference in local)
    assert "patient-1" not in contained_ids


# --- consistency -----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["replace", "hash"])
def test_same_value_gets_the_same_surrogate_within_a_document(hl7_patient, method):
    output = deidentify_fhir(hl7_patient, method=method, secret=SECRET).resource

    official, _usual, maiden = output["name"]
    assert official["given"] == maiden["given"]  # both were ["Peter", "James"]
    assert output["address"][0]["line"] == output["contact"][0]["address"]["line"]
    assert official["given"] != ["Peter", "James"]


@pytest.mark.parametrize("method", ["replace", "hash"])
def test_same_secret_gives_the_same_output_across_requests(synthea, method):
    first = deidentify_fhir(synthea, method=method, secret=SECRET).resource
    second = deidentify_fhir(synthea, method=method, secret=SECRET).resource

    assert first == second


@pytest.mark.parametrize("method", ["replace", "hash"])
def test_another_clinics_secret_gives_other_surrogates(synthea, method):
    mine = deidentify_fhir(synthea, method=method, secret=SECRET).resource["entry"][0]["resource"]
    theirs = deidentify_fhir(synthea, method=method, secret=OTHER_SECRET).resource["entry"][0]["resource"]

    assert mine["id"] != theirs["id"]
    assert mine["identifier"][2]["value"] != theirs["identifier"][2]["value"]


def test_replace_writes_realistic_values(synthea):
    patient = deidentify_fhir(synthea, method="replace", secret=SECRET).resource["entry"][0]["resource"]

    assert re.fullmatch(r"\d{3}-555-01\d\d", patient["telecom"][0]["value"])
    assert re.fullmatch(r"9\d\d-\d\d-\d{4}", patient["identifier"][2]["value"])
    assert re.fullmatch(r"[A-Z]\d{8}", patient["identifier"][3]["value"])  # S99922788's shape
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", patient["id"])
    assert re.fullmatch(r"018\d\d", patient["address"][0]["postalCode"])  # Safe Harbor's 3-digit ZIP
    assert re.fullmatch(r"[A-Z][a-z]+", patient["name"][0]["family"])


def test_hash_writes_type_and_sixteen_hex_digits(synthea):
    patient = deidentify_fhir(synthea, method="hash", secret=SECRET).resource["entry"][0]["resource"]

    assert re.fullmatch(r"US_SSN_[0-9a-f]{16}", patient["identifier"][2]["value"])
    assert re.fullmatch(r"PERSON_[0-9a-f]{16}", patient["name"][0]["family"])
    assert re.fullmatch(r"PHONE_NUMBER_[0-9a-f]{16}", patient["telecom"][0]["value"])


def test_mask_keeps_separators(synthea):
    patient = deidentify_fhir(synthea, method="mask", secret=SECRET).resource["entry"][0]["resource"]

    assert patient["telecom"][0]["value"] == "***-***-****"
    assert patient["identifier"][2]["value"] == "***-**-****"


def test_redact_writes_the_type(hl7_patient):
    output = deidentify_fhir(hl7_patient, method="redact", secret=SECRET).resource

    assert output["name"][0] == {"use": "official", "family": "[PERSON]", "given": ["[PERSON]", "[PERSON]"]}
    assert output["identifier"][0]["value"] == "[MRN]"


# --- dates -----------------------------------------------------------------------------------


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def test_shift_moves_every_date_by_the_same_days_and_keeps_intervals(synthea):
    output = deidentify_fhir(synthea, method="redact", date_method="shift", secret=SECRET).resource

    before, after = synthea["entry"], output["entry"]
    offset = _day(after[0]["resource"]["birthDate"]) - _day(before[0]["resource"]["birthDate"])
    assert offset != dt.timedelta(0)
    assert abs(offset.days) <= 365
    encounters = [i for i, e in enumerate(before) if e["resource"]["resourceType"] == "Encounter"]
    for index in encounters:
        old, new = before[index]["resource"]["period"], after[index]["resource"]["period"]
        assert _day(new["start"]) - _day(old["start"]) == offset
        assert new["start"][10:] == old["start"][10:]  # time of day and UTC offset kept
        assert _day(new["end"]) - _day(new["start"]) == _day(old["end"]) - _day(old["start"])


def test_shift_offset_is_the_same_for_the_patient_across_requests(synthea):
    first = deidentify_fhir(synthea, method="redact", secret=SECRET).resource
    second = deidentify_fhir(synthea, method="hash", secret=SECRET).resource

    assert first["entry"][0]["resource"]["birthDate"] == second["entry"][0]["resource"]["birthDate"]


def test_shift_keeps_partial_precision(hl7_patient):
    output = deidentify_fhir(hl7_patient, method="redact", date_method="shift", secret=SECRET).resource

    assert re.fullmatch(r"\d{4}", output["name"][2]["period"]["end"])  # was "2002"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT14:35:45-05:00", output["_birthDate"]["extension"][0]["valueDateTime"])


def test_generalize_keeps_only_years(synthea):
    output = deidentify_fhir(synthea, method="redact", date_method="generalize", secret=SECRET).resource

    patient = output["entry"][0]["resource"]
    assert patient["birthDate"] == "1984"
    encounter = next(e["resource"] for e in output["entry"] if e["resource"]["resourceType"] == "Encounter")
    assert encounter["period"] == {"start": "2012", "end": "2012"}
    issued = next(e["resource"]["issued"] for e in output["entry"] if "issued" in e["resource"])
    assert re.fullmatch(r"\d{4}-01-01T00:00:00Z", issued)  # an instant must stay complete


def test_generalize_aggregates_birth_dates_over_89_to_age_90(hl7_patient):
    old = {**hl7_patient, "birthDate": "1921-06-30"}
    oldest_year = dt.datetime.now(dt.UTC).year - 90

    output = deidentify_fhir(old, method="redact", date_method="generalize", secret=SECRET).resource

    assert output["birthDate"] == str(oldest_year)
    _validates(output)


def test_ages_over_89_become_90_or_older(hl7_patient):
    condition = {
        "resourceType": "Condition",
        "id": "c1",
        "subject": {"reference": "Patient/example"},
        "onsetAge": {"value": 94, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"},
    }

    output = deidentify_fhir(condition, method="replace", secret=SECRET).resource

    assert output["onsetAge"]["value"] == 90
    assert output["onsetAge"]["comparator"] == ">="
    _validates(output)


# --- free text and options -------------------------------------------------------------------


def test_free_text_fields_go_through_the_analyzer(hl7_patient):
    observation = {
        "resourceType": "Observation",
        "id": "o1",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "8302-2", "display": "Body height"}]},
        "subject": {"reference": "Patient/example", "display": "Peter Chalmers"},
        "note": [{"text": "Called patient at (617) 555-0143 about MRN 4481234."}],
    }

    output = deidentify_fhir(observation, method="redact", secret=SECRET).resource

    assert output["note"][0]["text"] == "Called patient at [PHONE_NUMBER] about MRN [MRN]."
    assert "Chalmers" not in output["subject"]["display"]
    assert output["code"]["coding"][0]["display"] == "Body height"  # terminology kept


def test_known_values_are_replaced_in_free_text_with_their_structured_surrogate(hl7_patient):
    document = copy.deepcopy(hl7_patient)
    document["managingOrganization"] = {"reference": "Organization/1", "display": "Windsor family office"}

    output = deidentify_fhir(document, method="replace", secret=SECRET).resource

    assert output["managingOrganization"]["display"] == f"{output['name'][2]['family']} family office"


def test_entities_subset_leaves_other_types(synthea):
    output = deidentify_fhir(synthea, method="redact", entities=["PERSON"], secret=SECRET).resource

    patient = output["entry"][0]["resource"]
    assert patient["name"][0]["family"] == "[PERSON]"
    assert patient["telecom"][0]["value"] == "555-767-7476"
    assert patient["birthDate"] == "1984-07-02"


def test_summary_counts_without_values(synthea):
    summary = deidentify_fhir(synthea, method="replace", secret=SECRET).summary

    assert summary["entities"]["PERSON"] >= 3
    assert summary["entities"]["US_SSN"] == 1
    assert summary["fields"]["identifier"] >= 5
    assert summary["fields"]["reference"] > 0
    assert summary["total"] == sum(summary["entities"].values())
    assert _leaks(summary, SYNTHEA_VALUES) == []


def test_a_document_without_resource_type_is_refused():
    with pytest.raises(ValueError, match="resourceType"):
        deidentify_fhir({"id": "x"}, secret=SECRET)
