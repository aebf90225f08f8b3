from fhir_sync.models.clinical import (
    AllergyIntolerance,
    ClinicalRecord,
    CodeSystem,
    Condition,
    Coverage,
    Encounter,
    MedicationRequest,
    Observation,
    Procedure,
)
from fhir_sync.models.sync import (
    FhirDelivery,
    FhirDeliveryKey,
    FhirIdentifier,
    FhirResource,
    FhirSource,
    PatientChart,
    PatientMatchSuggestion,
)

__all__ = [
    "AllergyIntolerance",
    "ClinicalRecord",
    "CodeSystem",
    "Condition",
    "Coverage",
    "Encounter",
    "FhirDelivery",
    "FhirDeliveryKey",
    "FhirIdentifier",
    "FhirResource",
    "FhirSource",
    "MedicationRequest",
    "Observation",
    "PatientChart",
    "PatientMatchSuggestion",
    "Procedure",
]
