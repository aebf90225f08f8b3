"""Who a FHIR Patient, Practitioner or payor is in the clinic's own records.

Patients: the clinic's patient with the same MRN; else the one patient with exactly the
same first name, last name and birth date. Anything less certain (a shared birth date and
one shared name, the same name with another birth date, two exact matches) creates a new
patient and a `PatientMatchSuggestion` for staff: records are never merged silently.

Practitioners: the provider with the same NPI. Payors: the payer whose payer id is one
of the organization's identifiers, else the one whose name is the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from clinics.models import Clinic, Patient, Provider
from clinics.validators import normalize_phone
from contracts.models import Payer
from fhir_sync.ingest.fhirdata import clip, mrn, parse_date

_SEX = {"male": "male", "female": "female", "other": "other", "unknown": "unknown"}


@dataclass(frozen=True)
class Demographics:
    first_name: str
    last_name: str
    date_of_birth: dt.date
    sex: str
    mrn: str
    phone: str
    email: str
    address_line1: str
    city: str
    state: str
    postal_code: str

    @classmethod
    def of(cls, resource: dict[str, Any]) -> Demographics:
        names = [n for n in resource.get("name") or [] if isinstance(n, dict)]
        name = next((n for n in names if n.get("use") == "official"), names[0] if names else {})
        telecom = [t for t in resource.get("telecom") or [] if isinstance(t, dict)]
        phone = next((t.get("value", "") for t in telecom if t.get("system") == "phone"), "")
        try:
            phone = normalize_phone(phone)
        except ValidationError:
            phone = ""  # unreadable or fictional (555) numbers are not worth a failed import
        email = next((t.get("value", "") for t in telecom if t.get("system") == "email"), "")
        addresses = [a for a in resource.get("address") or [] if isinstance(a, dict)]
        address = addresses[0] if addresses else {}
        born = parse_date(resource.get("birthDate"))
        if born is None:  # validation refuses a patient without one
            raise ValueError("a patient without a birth date")
        return cls(
            first_name=clip(" ".join(name.get("given") or []), 100),
            last_name=clip(name.get("family", ""), 100),
            date_of_birth=born,
            sex=_SEX.get(resource.get("gender", ""), "unknown"),
            mrn=mrn(resource),
            phone=phone,
            email=clip(email, 254) if "@" in email else "",
            address_line1=clip(", ".join(address.get("line") or []), 200),
            city=clip(address.get("city", ""), 100),
            state=clip(address.get("state", ""), 50),
            postal_code=clip(address.get("postalCode", ""), 20),
        )

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass
class PatientMatch:
    patient: Patient | None  # None: create one
    candidates: list[tuple[Patient, str]]  # (existing patient, why they may be the same)


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def match_patients(clinic: Clinic, people: list[Demographics]) -> list[PatientMatch]:
    """One match per person, in order; two queries for the whole list."""
    if not people:
        return []
    mrns = [p.mrn for p in people if p.mrn]
    by_mrn = {p.mrn: p for p in Patient.objects.filter(clinic=clinic, mrn__in=mrns)} if mrns else {}
    near = Q()
    for person in people:
        near |= Q(date_of_birth=person.date_of_birth) | Q(
            first_name__iexact=person.first_name, last_name__iexact=person.last_name
        )
    pool = list(Patient.objects.filter(clinic=clinic).filter(near))
    matches = []
    for person in people:
        if person.mrn and person.mrn in by_mrn:
            matches.append(PatientMatch(by_mrn[person.mrn], []))
            continue
        exact = [
            p
            for p in pool
            if p.date_of_birth == person.date_of_birth
            and _same(p.first_name, person.first_name)
            and _same(p.last_name, person.last_name)
        ]
        if len(exact) == 1 and not (exact[0].mrn and person.mrn):
            # Same name and birth date, and no MRNs that disagree.
            matches.append(PatientMatch(exact[0], []))
            continue
        candidates = []
        for other in pool:
            same_first, same_last = _same(other.first_name, person.first_name), _same(other.last_name, person.last_name)
            same_birth = other.date_of_birth == person.date_of_birth
            if same_birth and same_first and same_last:
                reason = (
                    "same name and birth date, different MRN"
                    if len(exact) == 1
                    else ("one of several patients with this name and birth date")
                )
            elif same_birth and (same_first or same_last):
                reason = f"same birth date and {'first' if same_first else 'last'} name"
            elif same_first and same_last:
                reason = "same name, different birth date"
            else:
                continue
            candidates.append((other, reason))
        matches.append(PatientMatch(None, candidates))
    return matches


def providers_by_npi(clinic: Clinic, npis: set[str]) -> dict[str, Any]:
    if not npis:
        return {}
    return dict(Provider.objects.filter(clinic=clinic, npi__in=npis).values_list("npi", "pk"))


def match_payer(clinic: Clinic, organizations: list[dict[str, Any]], displays: list[str]) -> Any:
    """The payer id of the clinic's payer named by these organizations or display names, or None."""
    ids = {i.get("value") for org in organizations for i in org.get("identifier") or [] if isinstance(i, dict)}
    ids.discard(None)
    names = {str(org.get("name", "")).casefold() for org in organizations if org.get("name")}
    names |= {d.casefold() for d in displays if d}
    if not (ids or names):
        return None
    query = Q(payer_id__in=ids) if ids else Q()
    for name in names:
        query |= Q(name__iexact=name)
    payers = list(Payer.objects.filter(clinic=clinic).filter(query).values_list("pk", "payer_id"))
    by_id = [pk for pk, payer_id in payers if payer_id and payer_id in ids]
    if by_id:
        return by_id[0]
    return payers[0][0] if len(payers) == 1 else None
