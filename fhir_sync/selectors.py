"""Reads of clinical records and deliveries, always within one clinic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from clinics.models import Clinic, Patient
from fhir_sync.models import (
    AllergyIntolerance,
    Condition,
    Coverage,
    Encounter,
    FhirDelivery,
    FhirSource,
    MedicationRequest,
    Observation,
    PatientMatchSuggestion,
    Procedure,
)

RECORD_MODELS: dict[str, Any] = {
    "encounters": Encounter,
    "conditions": Condition,
    "procedures": Procedure,
    "observations": Observation,
    "allergies": AllergyIntolerance,
    "coverage": Coverage,
    "medication_requests": MedicationRequest,
}


@dataclass(frozen=True)
class ClinicalSummary:
    """A patient's clinical records, newest first. Each list holds at most `limit` rows;
    `counts` says how many there are in all."""

    patient: Patient
    encounters: list[Encounter]
    conditions: list[Condition]
    procedures: list[Procedure]
    observations: list[Observation]
    allergies: list[AllergyIntolerance]
    coverage: list[Coverage]
    medication_requests: list[MedicationRequest]
    counts: dict[str, int]

    @property
    def active_conditions(self) -> list[Condition]:
        return [c for c in self.conditions if c.clinical_status in ("active", "recurrence", "relapse")]

    @property
    def diagnosis_codes(self) -> list[str]:
        """ICD-10-CM codes of the conditions, for claims and appeals."""
        return list(dict.fromkeys(c.icd10_code for c in self.conditions if c.icd10_code))


def patient_records(*, clinic: Clinic, patient: Patient, kind: str) -> QuerySet[Any]:
    """One kind of record ("encounters", "conditions", ...) of a patient of this clinic."""
    model = RECORD_MODELS[kind]
    # The resource row carries the source's id of the record; its raw JSON is not needed.
    queryset = model.objects.filter(clinic=clinic, patient=patient).select_related("resource").defer("resource__raw")
    if kind in ("conditions", "procedures", "observations", "medication_requests"):
        queryset = queryset.select_related("encounter")
    if kind == "encounters":
        queryset = queryset.select_related("provider")
    if kind == "coverage":
        queryset = queryset.select_related("payer")
    return queryset


def patient_clinical_summary(*, clinic: Clinic, patient: Patient, limit: int | None = None) -> ClinicalSummary:
    """Everything FHIR told us about a patient of this clinic (nothing for another clinic's patient)."""
    lists: dict[str, list[Any]] = {}
    counts: dict[str, int] = {}
    for kind in RECORD_MODELS:
        queryset = patient_records(clinic=clinic, patient=patient, kind=kind)
        rows = list(queryset[:limit] if limit is not None else queryset)
        lists[kind] = rows
        counts[kind] = len(rows) if limit is None or len(rows) < limit else queryset.count()
    return ClinicalSummary(patient=patient, counts=counts, **lists)


def delivery_list(*, clinic: Clinic) -> QuerySet[FhirDelivery]:
    return FhirDelivery.objects.filter(clinic=clinic).select_related("source")


def source_list(*, clinic: Clinic) -> QuerySet[FhirSource]:
    return FhirSource.objects.filter(clinic=clinic)


def open_match_suggestions(*, clinic: Clinic) -> QuerySet[PatientMatchSuggestion]:
    return PatientMatchSuggestion.objects.filter(
        clinic=clinic, status=PatientMatchSuggestion.Status.OPEN
    ).select_related("patient", "candidate")
