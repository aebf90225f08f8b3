"""Upserts: the same bundle twice, version ordering, identifiers; who a patient,
practitioner or payor is."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from clinics.models import Patient
from clinics.tests.factories import PatientFactory, ProviderFactory
from contracts.tests.factories import PayerFactory
from fhir_sync.models import Condition, Coverage, Encounter, FhirResource, PatientMatchSuggestion
from fhir_sync.tests.support import bundle_of, hl7, post_signed, synthea

pytestmark = pytest.mark.django_db


def _snapshot() -> dict:
    return {row.pk: (row.content_hash, row.updated_at) for row in FhirResource.objects.all()}


def test_the_same_bundle_twice_changes_nothing(source):
    bundle = synthea()
    post_signed(source, bundle, delivery_id="first")
    before = _snapshot()
    records = {m: m.objects.count() for m in (Encounter, Condition)}

    response = post_signed(source, bundle, delivery_id="second")

    assert response.status_code == 200
    assert {e["response"]["status"] for e in response.json()["entry"]} == {"200 OK"}
    assert _snapshot() == before
    assert {m: m.objects.count() for m in (Encounter, Condition)} == records
    assert Patient.objects.count() == 1


def _condition(version: str | None = None, updated: str | None = None, status: str = "active") -> dict:
    condition = copy.deepcopy(hl7("condition-example.json"))
    condition["clinicalStatus"]["coding"][0]["code"] = status
    meta = {}
    if version:
        meta["versionId"] = version
    if updated:
        meta["lastUpdated"] = updated
    if meta:
        condition["meta"] = meta
    return condition


@pytest.fixture
def patient_sent(source):
    post_signed(source, hl7("patient-example.json"))


def test_newer_version_id_replaces_the_stored_one(source, patient_sent):
    post_signed(source, _condition("1", status="active"))

    post_signed(source, _condition("2", status="resolved"))

    assert Condition.objects.get().clinical_status == "resolved"
    assert FhirResource.objects.get(resource_type="Condition").version_id == "2"


def test_older_version_id_never_overwrites_a_newer_one(source, patient_sent):
    post_signed(source, _condition("3", status="resolved"))

    response = post_signed(source, _condition("2", status="active"))

    assert response.status_code == 200
    assert "stale" in response.json()["issue"][0]["diagnostics"]
    assert Condition.objects.get().clinical_status == "resolved"
    assert FhirResource.objects.get(resource_type="Condition").raw["meta"]["versionId"] == "3"


def test_older_last_updated_never_overwrites_a_newer_one(source, patient_sent):
    post_signed(source, _condition(updated="2024-05-02T10:00:00Z", status="resolved"))

    post_signed(source, _condition(updated="2024-05-01T10:00:00Z", status="active"))

    assert Condition.objects.get().clinical_status == "resolved"


def test_newer_last_updated_replaces_and_keeps_the_latest_raw_json(source, patient_sent):
    post_signed(source, _condition(updated="2024-05-01T10:00:00Z", status="active"))

    post_signed(source, _condition(updated="2024-05-02T10:00:00Z", status="remission"))

    stored = FhirResource.objects.get(resource_type="Condition")
    assert stored.raw["clinicalStatus"]["coding"][0]["code"] == "remission"
    assert stored.last_updated == dt.datetime(2024, 5, 2, 10, tzinfo=dt.UTC)
    assert Condition.objects.count() == 1


def test_update_keeps_the_clinical_records_id(source, patient_sent):
    post_signed(source, _condition("1"))
    first = Condition.objects.get().pk

    post_signed(source, _condition("2", status="resolved"))

    assert Condition.objects.get().pk == first


def test_resource_arriving_under_another_id_with_the_same_identifier_updates_the_record(source, patient_sent):
    encounter = copy.deepcopy(hl7("encounter-example.json"))
    encounter["identifier"] = [{"system": "https://ehr.example.org/visits", "value": "V-100"}]
    post_signed(source, encounter)
    rekeyed = {**copy.deepcopy(encounter), "id": "visit-100", "status": "finished"}

    post_signed(source, rekeyed)

    assert Encounter.objects.count() == 1
    assert Encounter.objects.get().status == "finished"


# --- patients ----------------------------------------------------------------------------


def _synthea_patient_bundle() -> dict:
    bundle = synthea()
    bundle["entry"] = bundle["entry"][:1]
    return bundle


def test_patient_with_a_known_mrn_is_linked_not_created(source, clinic):
    known = PatientFactory(clinic=clinic, mrn="1484a42d-0eaf-4654-9cbf-6b050a5cd73b", first_name="Clem")

    post_signed(source, _synthea_patient_bundle())

    assert Patient.objects.count() == 1
    assert FhirResource.objects.get().patient == known
    known.refresh_from_db()
    assert known.first_name == "Clem"  # staff's record is not overwritten


def test_patient_with_the_same_name_and_birth_date_is_linked(source, clinic):
    known = PatientFactory(
        clinic=clinic, first_name="clemente", last_name="KREIGER", date_of_birth=dt.date(1984, 7, 2), mrn=""
    )

    post_signed(source, _synthea_patient_bundle())

    assert list(Patient.objects.all()) == [known]
    assert not PatientMatchSuggestion.objects.exists()


def test_near_match_creates_a_new_patient_and_a_suggestion_never_a_merge(source, clinic):
    near = PatientFactory(
        clinic=clinic, first_name="Clement", last_name="Kreiger", date_of_birth=dt.date(1984, 7, 2), mrn=""
    )

    post_signed(source, _synthea_patient_bundle())

    assert Patient.objects.count() == 2
    suggestion = PatientMatchSuggestion.objects.get()
    assert suggestion.candidate == near
    assert suggestion.patient != near
    assert suggestion.reason == "same birth date and last name"
    assert suggestion.status == PatientMatchSuggestion.Status.OPEN


def test_same_name_different_birth_date_is_only_a_suggestion(source, clinic):
    PatientFactory(clinic=clinic, first_name="Clemente", last_name="Kreiger", date_of_birth=dt.date(1985, 1, 1), mrn="")

    post_signed(source, _synthea_patient_bundle())

    assert Patient.objects.count() == 2
    assert PatientMatchSuggestion.objects.get().reason == "same name, different birth date"


def test_patients_of_another_clinic_are_never_matched(source, other_clinic):
    PatientFactory(clinic=other_clinic, mrn="1484a42d-0eaf-4654-9cbf-6b050a5cd73b")

    post_signed(source, _synthea_patient_bundle())

    created = FhirResource.objects.get().patient
    assert created.clinic == source.clinic
    assert not PatientMatchSuggestion.objects.exists()


def test_newer_version_of_a_patient_it_created_updates_the_demographics(source):
    patient = copy.deepcopy(hl7("patient-example.json"))
    patient["meta"] = {"versionId": "1"}
    post_signed(source, patient)
    patient["meta"] = {"versionId": "2"}
    patient["birthDate"] = "1974-12-26"

    post_signed(source, patient)

    assert Patient.objects.get().date_of_birth == dt.date(1974, 12, 26)


# --- practitioners and payors ------------------------------------------------------------


def test_practitioner_is_matched_to_the_provider_with_the_same_npi(source, clinic):
    provider = ProviderFactory(clinic=clinic, npi="1234567893")
    bundle = synthea()
    practitioner = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Practitioner")
    practitioner["identifier"][0]["value"] = "1234567893"

    post_signed(source, bundle)

    assert FhirResource.objects.get(resource_type="Practitioner").provider == provider
    assert set(Encounter.objects.values_list("provider", flat=True)) == {provider.pk}


def test_coverage_is_linked_to_the_payer_named_by_its_organization(source, clinic):
    payer = PayerFactory(clinic=clinic, name="Acme Health", payer_id="ACME1")
    insurer = {
        "resourceType": "Organization",
        "id": "ins-1",
        "name": "ACME HEALTH",
        "identifier": [{"system": "https://payers.example.org", "value": "ACME1"}],
    }
    coverage = copy.deepcopy(hl7("coverage-example.json"))
    coverage["beneficiary"] = {"reference": "Patient/example"}
    coverage["payor"] = [{"reference": "Organization/ins-1"}]
    coverage.pop("policyHolder", None)
    coverage.pop("subscriber", None)

    response = post_signed(source, bundle_of(hl7("patient-example.json"), insurer, coverage))

    assert response.status_code == 200, response.content
    stored = Coverage.objects.get()
    assert stored.payer == payer
    assert (stored.member_id, stored.group) == ("12345", "CB135")


def test_two_entries_naming_one_stored_resource_by_identifier_do_not_collide(source, patient_sent):
    encounter = copy.deepcopy(hl7("encounter-example.json"))
    encounter["identifier"] = [{"system": "https://ehr.example.org/visits", "value": "V-100"}]
    post_signed(source, encounter)
    first = {**copy.deepcopy(encounter), "id": "visit-a", "status": "finished"}
    second = {**copy.deepcopy(encounter), "id": "visit-b", "status": "cancelled"}

    response = post_signed(source, bundle_of(first, second))

    assert response.status_code == 200
    assert Encounter.objects.count() == 2
