"""Bundles of real data: Synthea patients, HL7 examples, and what happens to a bad entry."""

from __future__ import annotations

import copy
import json

import pytest
from fhir.resources.R4B import get_fhir_model_class

from clinics.models import AuditEvent, Patient
from fhir_sync.ingest.projections import RECORD_MODELS
from fhir_sync.models import (
    Condition,
    Encounter,
    FhirDelivery,
    FhirResource,
    Observation,
)
from fhir_sync.tests.support import (
    SYNTHEA_BUNDLES,
    bundle_of,
    hl7,
    post_signed,
    synthea,
    synthea_bytes,
    type_counts,
)

pytestmark = pytest.mark.django_db


def _stored_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for resource_type in FhirResource.objects.values_list("resource_type", flat=True):
        counts[resource_type] = counts.get(resource_type, 0) + 1
    return counts


@pytest.mark.parametrize("name", SYNTHEA_BUNDLES)
def test_every_synthea_bundle_ingests_with_counts_matching_the_bundle(source, name):
    bundle = synthea(name)
    expected = type_counts(bundle)

    response = post_signed(source, synthea_bytes(name))

    assert response.status_code == 200, response.content[:500]
    assert _stored_counts() == dict(expected)
    for resource_type, model in RECORD_MODELS.items():
        assert model.objects.count() == expected.get(resource_type, 0), resource_type
    assert Patient.objects.count() == expected.get("Patient", 0)
    statuses = {e["response"]["status"] for e in response.json()["entry"]}
    assert statuses == {"201 Created"}


def test_synthea_records_keep_codes_values_and_links(source):
    post_signed(source, synthea())

    patient = Patient.objects.get()
    assert (patient.first_name, patient.last_name, str(patient.date_of_birth)) == ("Clemente", "Kreiger", "1984-07-02")
    assert patient.mrn == "1484a42d-0eaf-4654-9cbf-6b050a5cd73b"
    height = Observation.objects.get(resource__resource_id="2fff439b-abfd-42a4-b17c-07f2cc59fbc9")
    assert (height.code, height.code_system, height.unit) == ("8302-2", "loinc", "cm")
    assert height.value_quantity == pytest.approx(168.80253764416227)
    assert height.encounter == Encounter.objects.get(resource__resource_id="afcee359-ffbb-4ae0-b54f-547eb3c58e68")
    condition = Condition.objects.get()
    assert (condition.snomed_code, condition.clinical_status) == ("162864005", "active")
    assert {r.patient_id for m in RECORD_MODELS.values() for r in m.objects.all()} == {patient.pk}


def test_unsupported_types_are_stored_raw_and_listed(source):
    response = post_signed(source, synthea())

    claim = FhirResource.objects.filter(resource_type="Claim").first()
    assert claim is not None and claim.supported is False and claim.raw["resourceType"] == "Claim"
    delivery = FhirDelivery.objects.get()
    assert set(delivery.summary["unsupported_types"]) == {
        "Claim",
        "DiagnosticReport",
        "ExplanationOfBenefit",
        "Immunization",
    }
    notes = [e["response"].get("outcome") for e in response.json()["entry"]]
    assert any(n and "unsupported" in n["issue"][0]["diagnostics"] for n in notes)


def test_ingestion_is_audited_once_per_delivery(source):
    post_signed(source, synthea())

    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.details["created"] == 70
    assert "Clemente" not in json.dumps(event.details)


def test_response_bundle_validates_as_fhir(source):
    response = post_signed(source, synthea())

    get_fhir_model_class("Bundle").model_validate(response.json())


# --- transactions and batches with a bad entry -----------------------------------------


def _with_bad_observation(kind: str) -> dict:
    bundle = synthea()
    bundle["type"] = kind
    bundle["entry"][4]["resource"]["valueQuantity"]["value"] = "tall"
    return bundle


def test_transaction_with_one_invalid_entry_stores_nothing(source):
    response = post_signed(source, _with_bad_observation("transaction"))

    assert response.status_code == 422
    assert not FhirResource.objects.exists()
    assert not Patient.objects.exists()
    assert FhirDelivery.objects.get().outcome == FhirDelivery.Outcome.REJECTED


def test_transaction_rejection_names_the_entry_the_path_and_the_problem(source):
    response = post_signed(source, _with_bad_observation("transaction"))

    outcome = response.json()
    get_fhir_model_class("OperationOutcome").model_validate(outcome)
    [issue] = outcome["issue"]
    assert issue["expression"] == ["Bundle.entry[4].resource.valueQuantity.value"]
    assert "Decimal" in issue["diagnostics"]


def test_batch_with_one_invalid_entry_stores_the_rest_and_reports_the_one(source):
    bundle = _with_bad_observation("batch")

    response = post_signed(source, bundle)

    assert response.status_code == 200
    entries = response.json()["entry"]
    assert entries[4]["response"]["status"].startswith("422")
    assert entries[4]["response"]["outcome"]["issue"][0]["expression"] == [
        "Bundle.entry[4].resource.valueQuantity.value"
    ]
    assert sum(1 for e in entries if e["response"]["status"] == "201 Created") == len(entries) - 1
    assert FhirResource.objects.count() == len(entries) - 1
    assert not FhirResource.objects.filter(resource_id=bundle["entry"][4]["resource"]["id"]).exists()
    assert FhirDelivery.objects.get().outcome == FhirDelivery.Outcome.PARTIAL


@pytest.mark.parametrize("kind", ["collection", "searchset", "message"])
def test_other_bundle_types_are_processed_entry_by_entry(source, kind):
    response = post_signed(source, _with_bad_observation(kind))

    assert response.status_code == 200
    assert response.json()["type"] == "batch-response"
    assert FhirResource.objects.count() == len(synthea()["entry"]) - 1


def test_batch_entry_whose_patient_was_rejected_is_rejected_too(source):
    bundle = synthea()
    bundle["type"] = "batch"
    del bundle["entry"][0]["resource"]["birthDate"]

    response = post_signed(source, bundle)

    entries = response.json()["entry"]
    assert entries[0]["response"]["outcome"]["issue"][0]["expression"] == ["Bundle.entry[0].resource.birthDate"]
    assert entries[3]["response"]["status"].startswith("422")  # the first encounter
    assert not Encounter.objects.exists()
    assert FhirResource.objects.filter(resource_type="Organization").exists()


def test_unresolvable_urn_uuid_reference_is_an_error(source):
    bundle = synthea()
    bundle["entry"][3]["resource"]["serviceProvider"]["reference"] = "urn:uuid:00000000-0000-4000-8000-000000000000"

    response = post_signed(source, bundle)

    assert response.status_code == 422
    [issue] = response.json()["issue"]
    assert issue["expression"] == ["Bundle.entry[3].resource.serviceProvider.reference"]
    assert "does not resolve" in issue["diagnostics"]


def test_record_without_its_patient_reference_is_an_error(source):
    observation = hl7("observation-example.json")
    del observation["subject"]

    response = post_signed(source, observation)

    assert response.status_code == 422
    assert response.json()["issue"][0]["expression"] == ["Observation.subject"]


def test_record_naming_a_patient_never_sent_is_an_error(source):
    response = post_signed(source, hl7("condition-example.json"))

    assert response.status_code == 422
    assert "Patient/example" in response.json()["issue"][0]["diagnostics"]
    assert not FhirResource.objects.exists()


def test_single_resources_resolve_to_a_patient_sent_earlier(source):
    post_signed(source, hl7("patient-example.json"))

    response = post_signed(source, hl7("condition-example.json"))

    assert response.status_code == 201
    condition = Condition.objects.get()
    assert condition.patient == Patient.objects.get()
    assert condition.snomed_code == "39065001"


def test_unknown_resource_type_is_refused(source):
    response = post_signed(source, {"resourceType": "Spaceship", "id": "x"})

    assert response.status_code == 422
    assert response.json()["issue"][0]["expression"] == ["Spaceship.resourceType"]


def test_bundle_of_an_unaccepted_type_is_refused(source):
    response = post_signed(source, {"resourceType": "Bundle", "type": "history", "entry": []})

    assert response.status_code == 422
    assert response.json()["issue"][0]["expression"] == ["Bundle.type"]


def test_delete_entries_are_refused_by_name(source):
    bundle = bundle_of(hl7("patient-example.json"))
    bundle["entry"].append({"request": {"method": "DELETE", "url": "Patient/234"}})

    response = post_signed(source, bundle)

    assert response.status_code == 422
    expressions = [i["expression"][0] for i in response.json()["issue"]]
    assert "Bundle.entry[1].request.method" in expressions


def test_absolute_references_under_the_source_base_resolve(source):
    post_signed(source, hl7("patient-example.json"))
    condition = copy.deepcopy(hl7("condition-example.json"))
    condition["subject"]["reference"] = "https://ehr.example.org/fhir/Patient/example"

    assert post_signed(source, condition).status_code == 201
