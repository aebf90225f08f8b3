"""GET /api/v1/fhir/Patient/{id} and $everything: FHIR R4 that validates, for the key's clinic only."""

from __future__ import annotations

from collections import Counter

import pytest
from fhir.resources.R4B import get_fhir_model_class

from clinics.models import AuditEvent, Patient
from clinics.tests.factories import PatientFactory
from fhir_sync.tests.support import post_signed, synthea, type_counts
from scheduling.tests.factories import AppointmentFactory, VisitTypeFactory, next_weekday_at

pytestmark = pytest.mark.django_db

API = "/api/v1/fhir/Patient/"


@pytest.fixture
def synced(source):
    post_signed(source, synthea())
    return Patient.objects.get()


def test_patient_read_returns_a_valid_fhir_patient(api, synced):
    response = api.get(f"{API}{synced.pk}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    resource = response.json()
    get_fhir_model_class("Patient").model_validate(resource)
    assert resource["id"] == str(synced.pk)
    assert resource["name"][0]["family"] == "Kreiger"
    assert resource["birthDate"] == "1984-07-02"


def test_everything_is_a_valid_searchset_with_the_clinical_records(api, synced):
    response = api.get(f"{API}{synced.pk}/$everything")

    assert response.status_code == 200
    bundle = response.json()
    get_fhir_model_class("Bundle").model_validate(bundle)
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    sent = type_counts(synthea())
    assert kinds["Patient"] == 1
    for kind in ("Encounter", "Observation", "Condition", "Procedure"):
        assert kinds[kind] == sent[kind]
    assert bundle["total"] == len(bundle["entry"])


def test_everything_includes_appointments_as_fhir_appointments(api, clinic):
    patient = PatientFactory(clinic=clinic)
    appointment = AppointmentFactory(
        clinic=clinic, patient=patient, visit_type=VisitTypeFactory(clinic=clinic), start_at=next_weekday_at(10)
    )

    bundle = api.get(f"{API}{patient.pk}/$everything").json()

    [resource] = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Appointment"]
    get_fhir_model_class("Appointment").model_validate(resource)
    assert resource["id"] == str(appointment.pk)
    assert resource["status"] == "booked"
    actors = {p["actor"]["reference"] for p in resource["participant"]}
    assert actors == {f"Patient/{patient.pk}", f"Practitioner/{appointment.provider_id}"}
    assert any(e["resource"]["resourceType"] == "Practitioner" for e in bundle["entry"])


def test_encounter_links_survive_the_round_trip(api, synced):
    bundle = api.get(f"{API}{synced.pk}/$everything").json()

    encounter_ids = {e["resource"]["id"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Encounter"}
    observation_links = {
        e["resource"]["encounter"]["reference"].split("/")[1]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    }
    assert observation_links <= encounter_ids


@pytest.mark.parametrize("suffix", ["", "/$everything"])
def test_another_clinics_patient_is_404(other_api, synced, suffix):
    response = other_api.get(f"{API}{synced.pk}{suffix}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_export_is_audited(api, synced):
    api.get(f"{API}{synced.pk}/$everything")

    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.resource_id == str(synced.pk)
    assert event.details["operation"] == "$everything"


def test_export_needs_an_api_key(client, synced):
    assert client.get(f"{API}{synced.pk}").status_code == 401
