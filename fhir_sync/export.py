"""A patient as FHIR R4 JSON: the Patient, their appointments (as FHIR Appointment),
the providers those name (Practitioner), and their clinical records.

Resources are built from Nuvae's own rows (ids are Nuvae ids), not echoed from what an
EHR sent, so the export is the same whatever the source. Each clinical record carries the
source's id of the resource it came from as an identifier.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from clinics.models import Clinic, Patient, Provider
from fhir_sync.ingest.fhirdata import NPI_SYSTEM, URLS
from fhir_sync.models import (
    AllergyIntolerance,
    ClinicalRecord,
    Condition,
    Coverage,
    Encounter,
    MedicationRequest,
    Observation,
    Procedure,
)
from fhir_sync.selectors import patient_clinical_summary
from scheduling.models import Appointment
from scheduling.selectors import appointment_list

_APPOINTMENT_STATUS: dict[str, str] = {
    Appointment.Status.SCHEDULED: "booked",
    Appointment.Status.CONFIRMED: "booked",
    Appointment.Status.CHECKED_IN: "checked-in",
    Appointment.Status.COMPLETED: "fulfilled",
    Appointment.Status.CANCELLED: "cancelled",
    Appointment.Status.NO_SHOW: "noshow",
    Appointment.Status.RESCHEDULED: "cancelled",
}
MR_TYPE = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]}


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _clean(resource: dict[str, Any]) -> dict[str, Any]:
    """Without empty elements (FHIR forbids empty strings, lists and objects)."""
    cleaned: dict[str, Any] = {}
    for name, value in resource.items():
        if isinstance(value, dict):
            value = _clean(value)
        elif isinstance(value, list):
            value = [_clean(v) if isinstance(v, dict) else v for v in value if v not in (None, "", {}, [])]
        if value not in (None, "", {}, []):
            cleaned[name] = value
    return cleaned


def _concept(code: str, system: str, text: str) -> dict[str, Any]:
    coding = {"system": URLS.get(system, ""), "code": code, "display": text} if code else {}
    return {"coding": [coding] if coding else [], "text": text}


def _ref(kind: str, pk: Any, display: str = "") -> dict[str, Any]:
    return {"reference": f"{kind}/{pk}", "display": display}


def patient_resource(patient: Patient) -> dict[str, Any]:
    telecom = [{"system": "phone", "value": patient.phone}] if patient.phone else []
    if patient.email:
        telecom.append({"system": "email", "value": patient.email})
    address = {
        "line": [patient.address_line1, patient.address_line2],
        "city": patient.city,
        "state": patient.state,
        "postalCode": patient.postal_code,
    }
    return _clean(
        {
            "resourceType": "Patient",
            "id": str(patient.pk),
            "identifier": [
                {"type": MR_TYPE, "system": f"urn:nuvae:clinic:{patient.clinic_id}:mrn", "value": patient.mrn}
            ]
            if patient.mrn
            else [],
            "name": [{"use": "official", "family": patient.last_name, "given": patient.first_name.split()}],
            "gender": patient.sex,
            "birthDate": patient.date_of_birth.isoformat(),
            "telecom": telecom,
            "address": [address],
            "communication": [
                {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": patient.preferred_language}]}}
            ],
        }
    )


def practitioner_resource(provider: Provider) -> dict[str, Any]:
    return _clean(
        {
            "resourceType": "Practitioner",
            "id": str(provider.pk),
            "identifier": [{"system": NPI_SYSTEM, "value": provider.npi}] if provider.npi else [],
            "name": [
                {
                    "family": provider.last_name,
                    "given": provider.first_name.split(),
                    "suffix": [provider.title] if provider.title else [],
                }
            ],
        }
    )


def appointment_resource(appointment: Appointment) -> dict[str, Any]:
    return _clean(
        {
            "resourceType": "Appointment",
            "id": str(appointment.pk),
            "status": _APPOINTMENT_STATUS.get(appointment.status, "booked"),
            "description": appointment.reason,
            "start": _when(appointment.start_at),
            "end": _when(appointment.end_at),
            "minutesDuration": appointment.duration_minutes,
            "participant": [
                {"actor": _ref("Patient", appointment.patient_id), "status": "accepted"},
                {
                    "actor": _ref("Practitioner", appointment.provider_id, str(appointment.provider)),
                    "status": "accepted",
                },
            ],
        }
    )


def _base(record: ClinicalRecord, kind: str) -> dict[str, Any]:
    return {
        "resourceType": kind,
        "id": str(record.pk),
        "identifier": [
            {"system": f"urn:nuvae:fhir-source:{record.resource.source_id}", "value": record.resource.resource_id}
        ],
    }


def encounter_resource(record: Encounter) -> dict[str, Any]:
    return _clean(
        {
            **_base(record, "Encounter"),
            "status": record.status or "unknown",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": record.class_code or "AMB"},
            "type": [_concept(record.code, record.code_system, record.display)],
            "subject": _ref("Patient", record.patient_id),
            "participant": [{"individual": _ref("Practitioner", record.provider_id, str(record.provider))}]
            if record.provider_id
            else [],
            "period": {"start": _when(record.period_start), "end": _when(record.period_end)},
            "reasonCode": [
                {"coding": [{"code": record.reason_code}] if record.reason_code else [], "text": record.reason_display}
            ],
            "serviceProvider": {"display": record.service_provider},
        }
    )


def _encounter(record: Any) -> dict[str, Any] | None:
    return _ref("Encounter", record.encounter_id) if record.encounter_id else None


def _status_concept(system: str, code: str) -> dict[str, Any] | None:
    return {"coding": [{"system": f"http://terminology.hl7.org/CodeSystem/{system}", "code": code}]} if code else None


def condition_resource(record: Condition) -> dict[str, Any]:
    codings = [{"system": URLS["icd10cm"], "code": record.icd10_code}] if record.icd10_code else []
    if record.snomed_code:
        codings.append({"system": URLS["snomed"], "code": record.snomed_code})
    if not codings and record.code:
        codings.append({"code": record.code})
    return _clean(
        {
            **_base(record, "Condition"),
            "clinicalStatus": _status_concept("condition-clinical", record.clinical_status),
            "verificationStatus": _status_concept("condition-ver-status", record.verification_status),
            "code": {"coding": codings, "text": record.display},
            "subject": _ref("Patient", record.patient_id),
            "encounter": _encounter(record),
            "onsetDateTime": _when(record.onset_at),
            "abatementDateTime": _when(record.abated_at),
            "recordedDate": _when(record.recorded_at),
        }
    )


def procedure_resource(record: Procedure) -> dict[str, Any]:
    return _clean(
        {
            **_base(record, "Procedure"),
            "status": record.status or "unknown",
            "code": _concept(record.code, record.code_system, record.display),
            "subject": _ref("Patient", record.patient_id),
            "encounter": _encounter(record),
            "performedPeriod": {"start": _when(record.performed_start), "end": _when(record.performed_end)},
        }
    )


def observation_resource(record: Observation) -> dict[str, Any]:
    value: dict[str, Any] = {}
    if record.value_quantity is not None:
        value["valueQuantity"] = {"value": record.value_quantity, "unit": record.unit}
    elif record.value_text:
        value["valueString"] = record.value_text
    return _clean(
        {
            **_base(record, "Observation"),
            "status": record.status or "unknown",
            "category": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                            "code": record.category,
                        }
                    ]
                }
            ]
            if record.category
            else [],
            "code": _concept(record.code, record.code_system, record.display) or {"text": "unknown"},
            "subject": _ref("Patient", record.patient_id),
            "encounter": _encounter(record),
            "effectiveDateTime": _when(record.effective_at),
            **value,
        }
    )


def allergy_resource(record: AllergyIntolerance) -> dict[str, Any]:
    return _clean(
        {
            **_base(record, "AllergyIntolerance"),
            "clinicalStatus": _status_concept("allergyintolerance-clinical", record.clinical_status),
            "verificationStatus": _status_concept("allergyintolerance-verification", record.verification_status),
            "type": record.allergy_type,
            "criticality": record.criticality,
            "code": _concept(record.code, record.code_system, record.display),
            "patient": _ref("Patient", record.patient_id),
            "onsetDateTime": _when(record.onset_at),
            "recordedDate": _when(record.recorded_at),
        }
    )


def coverage_resource(record: Coverage) -> dict[str, Any]:
    payor = {"display": str(record.payer) if record.payer_id else (record.payor_display or "unknown")}
    return _clean(
        {
            **_base(record, "Coverage"),
            "status": record.status or "active",
            "type": _concept(record.code, record.code_system, record.display),
            "subscriberId": record.member_id,
            "beneficiary": _ref("Patient", record.patient_id),
            "period": {"start": _when(record.period_start), "end": _when(record.period_end)},
            "payor": [payor],
            "class": [
                {
                    "type": {
                        "coding": [{"system": "http://terminology.hl7.org/CodeSystem/coverage-class", "code": "plan"}]
                    },
                    "value": record.plan_name,
                }
            ]
            if record.plan_name
            else [],
        }
    )


def medication_request_resource(record: MedicationRequest) -> dict[str, Any]:
    return _clean(
        {
            **_base(record, "MedicationRequest"),
            "status": record.status or "unknown",
            "intent": record.intent or "order",
            "medicationCodeableConcept": _concept(record.code, record.code_system, record.display or "unknown"),
            "subject": _ref("Patient", record.patient_id),
            "encounter": _encounter(record),
            "authoredOn": _when(record.authored_at),
            "requester": _ref("Practitioner", record.requester_id)
            if record.requester_id
            else {"display": record.requester_display},
            "dosageInstruction": [{"text": record.dosage_text}] if record.dosage_text else [],
        }
    )


_BUILDERS = (
    ("encounters", encounter_resource),
    ("conditions", condition_resource),
    ("procedures", procedure_resource),
    ("observations", observation_resource),
    ("allergies", allergy_resource),
    ("coverage", coverage_resource),
    ("medication_requests", medication_request_resource),
)


def patient_everything(*, clinic: Clinic, patient: Patient) -> list[dict[str, Any]]:
    """Every resource about the patient, the Patient first."""
    resources = [patient_resource(patient)]
    appointments = list(appointment_list(clinic=clinic).filter(patient=patient).select_related("provider"))
    providers: dict[Any, Any] = {a.provider_id: a.provider for a in appointments}
    summary = patient_clinical_summary(clinic=clinic, patient=patient)
    for encounter in summary.encounters:
        if encounter.provider_id:
            providers.setdefault(encounter.provider_id, encounter.provider)
    resources += [practitioner_resource(p) for p in providers.values() if p is not None]
    resources += [appointment_resource(a) for a in appointments]
    for kind, build in _BUILDERS:
        rows = getattr(summary, kind)
        resources += [build(row) for row in rows]
    return resources
