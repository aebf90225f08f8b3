"""POST /api/v1/phi/deidentify/: each method, FHIR, errors, authentication, no logging, schema."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from rest_framework.test import APIClient

from clinics.tests.api_support import error_fields, problem_type
from nuvae.lib.logging import JsonFormatter

pytestmark = pytest.mark.django_db

URL = "/api/v1/phi/deidentify/"
TEXT = "My name is Maria Lopez and my DOB is 03/14/1985. MRN 4481234, call (617) 555-0143."
VALUES = ["Maria", "Lopez", "03/14/1985", "4481234", "555-0143"]
FHIR_PATIENT = json.loads(
    (Path(__file__).resolve().parents[2] / "nuvae/lib/safety/tests/fixtures/fhir/patient-example.json").read_text()
)
FHIR_VALUES = ["Chalmers", "Windsor", "Erewhon", "5555 6473", "1974-12-25"]


def _post(api: APIClient, body: dict[str, Any]) -> Any:
    return api.post(URL, body, format="json")


# --- success -----------------------------------------------------------------------------------


def test_text_is_redacted_by_default(api):
    response = _post(api, {"text": TEXT})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["method"] == "redact"
    assert body["text"] == "My name is [PERSON] and my DOB is [DATE_OF_BIRTH]. MRN [MRN], call [PHONE_NUMBER]."
    assert body["summary"]["total"] == 4


def test_text_entities_give_positions_and_no_values(api):
    body = _post(api, {"text": TEXT}).json()

    assert body["entities"][0] == {"type": "PERSON", "start": 11, "end": 22, "score": body["entities"][0]["score"]}
    assert all(set(entity) == {"type", "start", "end", "score"} for entity in body["entities"])
    assert TEXT[11:22] == "Maria Lopez"


@pytest.mark.parametrize("method", ["redact", "mask", "replace", "hash"])
def test_each_method_removes_the_values(api, method):
    response = _post(api, {"text": TEXT, "method": method})

    assert response.status_code == 200
    assert response.json()["method"] == method
    assert [value for value in VALUES if value in response.json()["text"]] == []


@pytest.mark.parametrize("method", ["redact", "mask", "replace", "hash"])
@pytest.mark.parametrize("date_method", ["shift", "generalize"])
def test_fhir_is_deidentified_and_still_valid(api, method, date_method):
    response = _post(api, {"fhir": FHIR_PATIENT, "method": method, "date_method": date_method})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["method"], body["date_method"]) == (method, date_method)
    dumped = json.dumps(body, ensure_ascii=False)
    assert [value for value in FHIR_VALUES if value in dumped] == []
    get_fhir_model_class("Patient").model_validate(body["fhir"])
    assert body["summary"]["fields"]["name"] == 5  # three names, the contact's, the own-prefix extension
    assert "entities" not in body


def test_fhir_date_method_defaults_to_shift(api):
    body = _post(api, {"fhir": FHIR_PATIENT}).json()

    assert body["date_method"] == "shift"
    assert body["fhir"]["birthDate"] not in ("1974-12-25", "1974")


@pytest.mark.parametrize("method", ["replace", "hash"])
def test_surrogates_are_stable_for_a_clinic_and_differ_between_clinics(api, other_api, method):
    first = _post(api, {"text": TEXT, "method": method}).json()["text"]
    again = _post(api, {"text": TEXT, "method": method}).json()["text"]
    theirs = _post(other_api, {"text": TEXT, "method": method}).json()["text"]

    assert first == again
    assert first != theirs


def test_entities_subset(api):
    body = _post(api, {"text": TEXT, "entities": ["MRN"]}).json()

    assert body["text"] == TEXT.replace("4481234", "[MRN]")


def test_chat_preset(api):
    body = _post(api, {"text": TEXT, "preset": "chat", "method": "redact"}).json()

    assert "[MRN]" in body["text"]


# --- errors ------------------------------------------------------------------------------------


def test_malformed_json_is_a_400_problem_without_the_body(api):
    response = api.post(URL, data='{"text": "Maria Lopez MRN 4481234",', content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert problem_type(response) == "malformed-body"
    assert "4481234" not in response.content.decode()


@pytest.mark.parametrize(
    ("body", "field", "allowed"),
    [
        ({"text": "x", "method": "scramble"}, "method", "redact, mask, replace, hash"),
        ({"fhir": {"resourceType": "Patient"}, "date_method": "blur"}, "date_method", "shift, generalize"),
        ({"text": "x", "preset": "gdpr"}, "preset", "chat, safe_harbor"),
    ],
)
def test_unknown_choice_lists_the_allowed_values(api, body, field, allowed):
    response = _post(api, body)

    assert response.status_code == 400
    assert error_fields(response) == [field]
    assert response.json()["errors"][0]["detail"].endswith(f"use one of: {allowed}.")


def test_unknown_entity_type_is_refused(api):
    response = _post(api, {"text": "x", "entities": ["MRN", "SHOE_SIZE"]})

    assert response.status_code == 400
    assert error_fields(response) == ["entities.1"]
    assert "PERSON" in response.json()["errors"][0]["detail"]


def test_entity_type_outside_the_preset_is_refused(api):
    response = _post(api, {"text": "x", "preset": "chat", "entities": ["AGE"]})

    assert response.status_code == 400
    assert error_fields(response) == ["entities"]
    assert response.json()["errors"][0]["detail"].startswith("Not in the chat preset: AGE;")


@pytest.mark.parametrize("body", [{"text": "x", "fhir": {"resourceType": "Patient"}}, {"method": "redact"}])
def test_exactly_one_of_text_and_fhir(api, body):
    response = _post(api, body)

    assert response.status_code == 400
    assert error_fields(response) == [""]
    assert response.json()["errors"][0]["detail"] == "Give exactly one of text or fhir."


@pytest.mark.parametrize("fhir", [["not", "an", "object"], "Patient", {"id": "x"}, {"resourceType": ""}])
def test_fhir_must_be_an_object_with_a_resource_type(api, fhir):
    response = _post(api, {"fhir": fhir})

    assert response.status_code == 400
    assert error_fields(response) == ["fhir"]


def test_text_over_the_limit_is_a_field_error(api):
    response = _post(api, {"text": "a" * 100_001})

    assert response.status_code == 400
    assert error_fields(response) == ["text"]


def test_date_method_with_text_is_refused(api):
    response = _post(api, {"text": "x", "date_method": "shift"})

    assert response.status_code == 400
    assert error_fields(response) == ["date_method"]


def test_unknown_field_is_refused(api):
    response = _post(api, {"text": "x", "methd": "hash"})

    assert response.status_code == 400
    assert error_fields(response) == ["methd"]


def test_without_a_key_is_401(client):
    response = client.post(URL, {"text": TEXT}, content_type="application/json")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


# --- the body is never logged -------------------------------------------------------------------


@pytest.fixture
def every_log_record(caplog):
    """Capture every logger at DEBUG, including those that do not propagate to the root."""
    manager = logging.root.manager
    names = [name for name, logger in manager.loggerDict.items() if isinstance(logger, logging.Logger)]
    caplog.set_level(logging.DEBUG)
    detached = []
    for name in names:
        caplog.set_level(logging.DEBUG, logger=name)
        logger = logging.getLogger(name)
        if not logger.propagate:
            logger.addHandler(caplog.handler)
            detached.append(logger)
    yield caplog
    for logger in detached:
        logger.removeHandler(caplog.handler)


def _logged_text(caplog: Any) -> str:
    formatter = JsonFormatter()
    return "\n".join(f"{record.getMessage()} {record.args!r} {formatter.format(record)}" for record in caplog.records)


@pytest.mark.parametrize(
    "body",
    [
        {"text": TEXT, "method": "replace"},
        {"fhir": FHIR_PATIENT, "method": "hash"},
        {"text": TEXT, "method": "scramble"},
        {"text": TEXT, "fhir": FHIR_PATIENT},
        {"fhir": {"name": [{"family": "Chalmers"}]}},
    ],
    ids=["text-ok", "fhir-ok", "bad-method", "both", "no-resource-type"],
)
def test_no_log_record_holds_the_input(api, every_log_record, body):
    response = _post(api, body)

    assert response.status_code in (200, 400)
    logged = _logged_text(every_log_record)
    assert [value for value in [*VALUES, *FHIR_VALUES] if value in logged] == []


def test_no_log_record_holds_a_malformed_body(api, every_log_record):
    response = api.post(URL, data='{"text": "Maria Lopez MRN 4481234"', content_type="application/json")

    assert response.status_code == 400
    assert "4481234" not in _logged_text(every_log_record)
    assert "Lopez" not in _logged_text(every_log_record)


# --- schema --------------------------------------------------------------------------------------


def test_schema_documents_the_operation(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/phi/deidentify/"]["post"]
    assert operation["operationId"] == "phi_deidentify"
    request_body = operation["requestBody"]["content"]["application/json"]
    assert request_body["schema"]["$ref"].endswith("/DeidentifyRequest")
    assert len(request_body["examples"]) == 2
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Deidentified")
    assert {"200", "400", "401", "429"} <= set(operation["responses"])
    properties = schema["components"]["schemas"]["DeidentifyRequest"]["properties"]
    method_enum = properties["method"]["allOf"][0]["$ref"].rsplit("/", 1)[-1]
    assert schema["components"]["schemas"][method_enum]["enum"] == ["redact", "mask", "replace", "hash"]
