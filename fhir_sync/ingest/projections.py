"""From a FHIR resource to the fields of its clinical record.

Each projector returns the record's own fields and the references the engine still has
to resolve (patient, encounter, practitioners, payors), which it does for the whole
bundle at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fhir_sync.ingest.fhirdata import (
    clip,
    code_of,
    display,
    first_code,
    parse_datetime,
    period,
    primary,
    reference,
)
from fhir_sync.models import (
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


@dataclass
class Projection:
    model: type[Any]  # a ClinicalRecord subclass
    fields: dict[str, Any]
    patient_ref: str
    encounter_ref: str = ""
    provider_refs: list[str] = field(default_factory=list)  # Practitioner references, in order
    payor_refs: list[str] = field(default_factory=list)


def _quantity_text(value: Any) -> tuple[float | None, str]:
    if not isinstance(value, dict) or value.get("value") is None:
        return None, ""
    try:
        number = float(value["value"])
    except (TypeError, ValueError):
        return None, ""
    return number, clip(value.get("unit") or value.get("code") or "", 64)


def _value(resource: dict[str, Any]) -> tuple[float | None, str, str]:
    """(number, unit, text) of an Observation's value[x]."""
    number, unit = _quantity_text(resource.get("valueQuantity"))
    if number is not None:
        return number, unit, ""
    if "valueCodeableConcept" in resource:
        _, _, text = primary(resource["valueCodeableConcept"])
        return None, "", text
    for name in ("valueString", "valueBoolean", "valueInteger", "valueDateTime", "valueTime"):
        if name in resource:
            return None, "", clip(resource[name], 255)
    return None, "", ""


def encounter(resource: dict[str, Any]) -> Projection:
    code, system, text = primary((resource.get("type") or [{}])[0], (CodeSystem.SNOMED, CodeSystem.CPT))
    reason_code, _, reason_display = primary((resource.get("reasonCode") or [{}])[0])
    start, end = period(resource.get("period"))
    klass = resource.get("class")
    participants = []
    for participant in resource.get("participant") or []:
        individual = participant.get("individual") if isinstance(participant, dict) else None
        if reference(individual):
            participants.append({"reference": reference(individual), "display": display(individual)})
    return Projection(
        Encounter,
        {
            "status": clip(resource.get("status"), 32),
            "code": code,
            "code_system": system,
            "display": text,
            "class_code": clip(klass.get("code", "") if isinstance(klass, dict) else "", 16),
            "period_start": start,
            "period_end": end,
            "reason_code": reason_code[:64],
            "reason_display": reason_display,
            "participants": participants,
            "service_provider": display(resource.get("serviceProvider")),
        },
        patient_ref=reference(resource.get("subject")),
        provider_refs=[p["reference"] for p in participants],
    )


def condition(resource: dict[str, Any]) -> Projection:
    concept = resource.get("code")
    code, system, text = primary(concept, (CodeSystem.ICD10CM, CodeSystem.SNOMED))
    abated = resource.get("abatementDateTime") or (resource.get("abatementPeriod") or {}).get("start")
    return Projection(
        Condition,
        {
            "status": first_code(resource.get("clinicalStatus")),
            "code": code,
            "code_system": system,
            "display": text,
            "icd10_code": code_of(concept, CodeSystem.ICD10CM)[:16],
            "snomed_code": code_of(concept, CodeSystem.SNOMED),
            "clinical_status": first_code(resource.get("clinicalStatus"))[:16],
            "verification_status": first_code(resource.get("verificationStatus"))[:24],
            "onset_at": parse_datetime(resource.get("onsetDateTime")) or period(resource.get("onsetPeriod"))[0],
            "abated_at": parse_datetime(abated),
            "recorded_at": parse_datetime(resource.get("recordedDate")),
        },
        patient_ref=reference(resource.get("subject")),
        encounter_ref=reference(resource.get("encounter")),
    )


def procedure(resource: dict[str, Any]) -> Projection:
    concept = resource.get("code")
    code, system, text = primary(concept, (CodeSystem.CPT, CodeSystem.HCPCS, CodeSystem.SNOMED))
    start, end = period(resource.get("performedPeriod"))
    if start is None:
        start = parse_datetime(resource.get("performedDateTime"))
    performers = [reference(p.get("actor")) for p in resource.get("performer") or [] if isinstance(p, dict)]
    return Projection(
        Procedure,
        {
            "status": clip(resource.get("status"), 32),
            "code": code,
            "code_system": system,
            "display": text,
            "cpt_code": code_of(concept, CodeSystem.CPT)[:8],
            "hcpcs_code": code_of(concept, CodeSystem.HCPCS)[:8],
            "snomed_code": code_of(concept, CodeSystem.SNOMED),
            "performed_start": start,
            "performed_end": end,
        },
        patient_ref=reference(resource.get("subject")),
        encounter_ref=reference(resource.get("encounter")),
        provider_refs=[p for p in performers if p],
    )


def observation(resource: dict[str, Any]) -> Projection:
    code, system, text = primary(resource.get("code"), (CodeSystem.LOINC,))
    number, unit, value_text = _value(resource)
    components = []
    for component in resource.get("component") or []:
        if not isinstance(component, dict):
            continue
        c_code, _, c_display = primary(component.get("code"), (CodeSystem.LOINC,))
        c_number, c_unit, c_text = _value(component)
        components.append(
            {
                "code": c_code,
                "display": c_display,
                "value": c_number if c_number is not None else c_text,
                "unit": c_unit,
            }
        )
    if not value_text and components:
        value_text = clip(
            "; ".join(f"{c['display'] or c['code']}: {c['value']} {c['unit']}".strip() for c in components), 255
        )
    categories = [first_code(c) for c in resource.get("category") or []]
    effective = (
        parse_datetime(resource.get("effectiveDateTime"))
        or period(resource.get("effectivePeriod"))[0]
        or (parse_datetime(resource.get("effectiveInstant")))
    )
    return Projection(
        Observation,
        {
            "status": clip(resource.get("status"), 32),
            "code": code,
            "code_system": system,
            "display": text,
            "category": (categories[0] if categories else "")[:32],
            "effective_at": effective,
            "value_quantity": number,
            "unit": unit,
            "value_text": value_text,
            "components": components,
        },
        patient_ref=reference(resource.get("subject")),
        encounter_ref=reference(resource.get("encounter")),
    )


def allergy(resource: dict[str, Any]) -> Projection:
    code, system, text = primary(resource.get("code"), (CodeSystem.SNOMED, CodeSystem.RXNORM))
    reactions = []
    for reaction in resource.get("reaction") or []:
        for manifestation in (reaction or {}).get("manifestation") or []:
            reactions.append(primary(manifestation)[2])
    return Projection(
        AllergyIntolerance,
        {
            "status": first_code(resource.get("clinicalStatus")),
            "code": code,
            "code_system": system,
            "display": text,
            "clinical_status": first_code(resource.get("clinicalStatus"))[:16],
            "verification_status": first_code(resource.get("verificationStatus"))[:24],
            "allergy_type": clip(resource.get("type"), 16),
            "category": clip(", ".join(str(c) for c in resource.get("category") or []), 64),
            "criticality": clip(resource.get("criticality"), 16),
            "onset_at": parse_datetime(resource.get("onsetDateTime")),
            "recorded_at": parse_datetime(resource.get("recordedDate")),
            "reactions": reactions,
        },
        patient_ref=reference(resource.get("patient")),
        encounter_ref=reference(resource.get("encounter")),
    )


def coverage(resource: dict[str, Any]) -> Projection:
    code, system, text = primary(resource.get("type"))
    start, end = period(resource.get("period"))
    plan_name = group = ""
    for item in resource.get("class") or []:
        if not isinstance(item, dict):
            continue
        kind = first_code(item.get("type"))
        label = clip(item.get("name") or item.get("value"), 200)
        if kind == "plan" and not plan_name:
            plan_name = label
        elif kind == "group" and not group:
            group = clip(item.get("value"), 100)
    member_id = clip(resource.get("subscriberId"), 100)
    if not member_id:
        member_id = next(
            (
                clip(i.get("value"), 100)
                for i in resource.get("identifier") or []
                if isinstance(i, dict) and i.get("value")
            ),
            "",
        )
    payors = [p for p in resource.get("payor") or [] if isinstance(p, dict)]
    return Projection(
        Coverage,
        {
            "status": clip(resource.get("status"), 32),
            "code": code,
            "code_system": system,
            "display": text,
            "payor_display": next((display(p) for p in payors if display(p)), ""),
            "member_id": member_id,
            "plan_name": plan_name,
            "group": group,
            "relationship": first_code(resource.get("relationship")),
            "period_start": start.date() if start else None,
            "period_end": end.date() if end else None,
        },
        patient_ref=reference(resource.get("beneficiary")),
        payor_refs=[reference(p) for p in payors if reference(p)],
    )


def medication_request(resource: dict[str, Any]) -> Projection:
    concept = resource.get("medicationCodeableConcept")
    code, system, text = primary(concept, (CodeSystem.RXNORM,))
    if not (code or text):
        text = display(resource.get("medicationReference"))
    dosage = "; ".join(
        clip(d.get("text"), 200)
        for d in resource.get("dosageInstruction") or []
        if isinstance(d, dict) and d.get("text")
    )
    requester = resource.get("requester")
    return Projection(
        MedicationRequest,
        {
            "status": clip(resource.get("status"), 32),
            "code": code,
            "code_system": system,
            "display": text,
            "intent": clip(resource.get("intent"), 24),
            "authored_at": parse_datetime(resource.get("authoredOn")),
            "requester_display": display(requester),
            "dosage_text": clip(dosage, 500),
        },
        patient_ref=reference(resource.get("subject")),
        encounter_ref=reference(resource.get("encounter")),
        provider_refs=[reference(requester)] if reference(requester) else [],
    )


PROJECTORS: dict[str, Callable[[dict[str, Any]], Projection]] = {
    "Encounter": encounter,
    "Condition": condition,
    "Procedure": procedure,
    "Observation": observation,
    "AllergyIntolerance": allergy,
    "Coverage": coverage,
    "MedicationRequest": medication_request,
}
RECORD_MODELS: dict[str, type[ClinicalRecord]] = {
    "Encounter": Encounter,
    "Condition": Condition,
    "Procedure": Procedure,
    "Observation": Observation,
    "AllergyIntolerance": AllergyIntolerance,
    "Coverage": Coverage,
    "MedicationRequest": MedicationRequest,
}
