"""Small readers of FHIR JSON: codings, dates, references. No Django models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fhir_sync.models import CodeSystem

SYSTEMS: dict[str, str] = {
    "http://hl7.org/fhir/sid/icd-10-cm": CodeSystem.ICD10CM,
    "http://hl7.org/fhir/sid/icd-10": CodeSystem.ICD10CM,
    "http://snomed.info/sct": CodeSystem.SNOMED,
    "http://loinc.org": CodeSystem.LOINC,
    "http://www.ama-assn.org/go/cpt": CodeSystem.CPT,
    "urn:oid:2.16.840.1.113883.6.12": CodeSystem.CPT,
    "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets": CodeSystem.HCPCS,
    "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets": CodeSystem.HCPCS,
    "urn:oid:2.16.840.1.113883.6.285": CodeSystem.HCPCS,
    "http://www.nlm.nih.gov/research/umls/rxnorm": CodeSystem.RXNORM,
    "http://hl7.org/fhir/sid/cvx": CodeSystem.CVX,
}
URLS: dict[str, str] = {
    CodeSystem.ICD10CM: "http://hl7.org/fhir/sid/icd-10-cm",
    CodeSystem.SNOMED: "http://snomed.info/sct",
    CodeSystem.LOINC: "http://loinc.org",
    CodeSystem.CPT: "http://www.ama-assn.org/go/cpt",
    CodeSystem.HCPCS: "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
    CodeSystem.RXNORM: "http://www.nlm.nih.gov/research/umls/rxnorm",
    CodeSystem.CVX: "http://hl7.org/fhir/sid/cvx",
}
NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"


def clip(value: Any, length: int) -> str:
    return str(value)[:length] if value is not None else ""


def codings(concept: Any) -> list[dict[str, Any]]:
    if not isinstance(concept, dict):
        return []
    return [c for c in concept.get("coding") or [] if isinstance(c, dict)]


def code_of(concept: Any, system: str) -> str:
    """The code of the first coding in `system` (a CodeSystem value)."""
    for coding in codings(concept):
        if SYSTEMS.get(coding.get("system", "")) == system and coding.get("code"):
            return clip(coding["code"], 32)
    return ""


def primary(concept: Any, preferred: tuple[str, ...] = ()) -> tuple[str, str, str]:
    """(code, code system, display) of a CodeableConcept: the first coding in a preferred
    system, else the first coding; display falls back to the concept's text."""
    found = codings(concept)
    chosen: dict[str, Any] | None = None
    for system in preferred:
        chosen = next((c for c in found if SYSTEMS.get(c.get("system", "")) == system), None)
        if chosen:
            break
    chosen = chosen or (found[0] if found else None)
    text = concept.get("text", "") if isinstance(concept, dict) else ""
    if chosen is None:
        return "", "", clip(text, 255)
    system = SYSTEMS.get(chosen.get("system", ""), CodeSystem.OTHER if chosen.get("system") else "")
    return clip(chosen.get("code"), 64), str(system), clip(chosen.get("display") or text, 255)


def first_code(concept: Any) -> str:
    found = codings(concept)
    return clip(found[0].get("code"), 32) if found else ""


def parse_datetime(value: Any) -> dt.datetime | None:
    """A FHIR date, dateTime or instant as an aware datetime (partial dates start at
    their first day, midnight UTC); None when absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        if len(value) == 4:
            return dt.datetime(int(value), 1, 1, tzinfo=dt.UTC)
        if len(value) == 7:
            return dt.datetime(int(value[:4]), int(value[5:7]), 1, tzinfo=dt.UTC)
        if len(value) == 10:
            return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_date(value: Any) -> dt.date | None:
    parsed = parse_datetime(value)
    return parsed.date() if parsed else None


def period(value: Any) -> tuple[dt.datetime | None, dt.datetime | None]:
    if not isinstance(value, dict):
        return None, None
    return parse_datetime(value.get("start")), parse_datetime(value.get("end"))


def reference(value: Any) -> str:
    return value.get("reference", "") if isinstance(value, dict) and isinstance(value.get("reference"), str) else ""


def display(value: Any) -> str:
    return clip(value.get("display", ""), 255) if isinstance(value, dict) else ""


def identifiers(resource: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (clip(i.get("system", ""), 255), clip(i["value"], 255))
        for i in resource.get("identifier") or []
        if isinstance(i, dict) and i.get("value") and i.get("system")
    ]


def npi(resource: dict[str, Any]) -> str:
    return next((value for system, value in identifiers(resource) if system == NPI_SYSTEM), "")


def mrn(resource: dict[str, Any]) -> str:
    for identifier in resource.get("identifier") or []:
        if not isinstance(identifier, dict) or not identifier.get("value"):
            continue
        if any(c.get("code") == "MR" for c in codings(identifier.get("type"))):
            return clip(identifier["value"], 64)
    return ""


def version_of(resource: dict[str, Any]) -> tuple[str, dt.datetime | None]:
    meta = resource.get("meta")
    if not isinstance(meta, dict):
        meta = {}
    return clip(meta.get("versionId", ""), 64), parse_datetime(meta.get("lastUpdated"))
