from __future__ import annotations

from typing import Any

import factory

from clinics.tests.factories import ClinicFactory
from fhir_sync.models import FhirSource

TEST_SECRET = "whsec_test_secret_of_the_alpha_source_0123456789"


class FhirSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FhirSource

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"EHR {n}")
    base_url = "https://ehr.example.org/fhir"
    secret = TEST_SECRET
    active = True


def clinical_rows(clinic: Any, *, patient: Any, tag: str) -> dict[str, Any]:
    """One row of every fhir_sync model registered in the admin, for `clinic`, keyed by
    model label (the cross-tenant admin matrix uses it)."""
    from django.utils import timezone

    from clinics.tests.factories import PatientFactory
    from fhir_sync.models import (
        AllergyIntolerance,
        Condition,
        Coverage,
        Encounter,
        FhirDelivery,
        FhirResource,
        MedicationRequest,
        Observation,
        PatientChart,
        PatientMatchSuggestion,
        Procedure,
    )

    source = FhirSourceFactory.create(clinic=clinic, name=f"EHR {tag}")
    delivery = FhirDelivery.objects.create(
        clinic=clinic, source=source, delivery_id=f"delivery-{tag}", outcome=FhirDelivery.Outcome.PROCESSED, body="{}"
    )
    rows: dict[str, Any] = {"fhir_sync.fhirsource": source, "fhir_sync.fhirdelivery": delivery}

    def resource(kind: str) -> FhirResource:
        return FhirResource.objects.create(
            clinic=clinic,
            source=source,
            resource_type=kind,
            resource_id=f"{kind.lower()}-{tag}",
            content_hash="0" * 64,
            raw={"resourceType": kind, "id": f"{kind.lower()}-{tag}"},
        )

    common = {"clinic": clinic, "patient": patient, "display": f"Record {tag}"}
    encounter = Encounter.objects.create(resource=resource("Encounter"), period_start=timezone.now(), **common)
    rows["fhir_sync.encounter"] = encounter
    rows["fhir_sync.condition"] = Condition.objects.create(
        resource=resource("Condition"), encounter=encounter, icd10_code="E11.9", **common
    )
    rows["fhir_sync.procedure"] = Procedure.objects.create(resource=resource("Procedure"), **common)
    rows["fhir_sync.observation"] = Observation.objects.create(
        resource=resource("Observation"), code="8302-2", code_system="loinc", value_quantity=170.0, **common
    )
    rows["fhir_sync.allergyintolerance"] = AllergyIntolerance.objects.create(
        resource=resource("AllergyIntolerance"), **common
    )
    rows["fhir_sync.coverage"] = Coverage.objects.create(resource=resource("Coverage"), member_id=f"M-{tag}", **common)
    rows["fhir_sync.medicationrequest"] = MedicationRequest.objects.create(
        resource=resource("MedicationRequest"), **common
    )
    twin = PatientFactory.create(clinic=clinic, first_name=patient.first_name, last_name=f"{patient.last_name}x")
    rows["fhir_sync.patientmatchsuggestion"] = PatientMatchSuggestion.objects.create(
        clinic=clinic, resource=resource("Patient"), patient=twin, candidate=patient, reason="same first name"
    )
    rows["fhir_sync.patientchart"] = PatientChart.objects.get(pk=patient.pk)
    return rows
