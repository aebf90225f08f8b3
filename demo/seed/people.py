"""Providers, visit types and patients of one clinic."""

from __future__ import annotations

import random
from datetime import date

from clinics.models import Patient, Provider
from clinics.services import patient_create, provider_create
from clinics.validators import npi_check_digit
from demo.seed.context import ClinicData, Seed
from demo.seed.data import FEMALE_NAMES, LAST_NAMES, MALE_NAMES, STREETS, VISIT_TYPES
from scheduling.models import VisitType


def ensure_providers(seed: Seed, data: ClinicData) -> None:
    existing = {p.npi: p for p in Provider.objects.filter(clinic=data.clinic)}
    for index, spec in enumerate(data.spec.providers):
        npi = spec.npi_prefix + npi_check_digit(spec.npi_prefix)
        provider = existing.get(npi)
        if provider is None:
            provider = provider_create(
                actor=seed.actor, clinic=data.clinic, first_name=spec.first_name, last_name=spec.last_name,
                title=spec.title, specialty=spec.specialty, npi=npi, status=spec.status,
                email=f"{spec.first_name.lower()}.{spec.last_name.lower()}@{data.spec.slug}.example.org",
                phone=f"+1{data.spec.area_code}55501{60 + index:02d}", weekly_schedule=spec.schedule,
                accepting_new_patients=spec.accepting_new_patients, languages=list(spec.languages), bio=spec.bio,
                external_id=f"{data.spec.code}-PRV-{index + 1}",
            )
            seed.count(provider)
        data.providers.append(provider)


def ensure_visit_types(seed: Seed, data: ClinicData) -> None:
    existing = {v.name: v for v in VisitType.objects.filter(clinic=data.clinic)}
    for name, (minutes, new_only, description) in VISIT_TYPES.items():
        visit_type = existing.get(name)
        if visit_type is None:
            visit_type = seed.save(
                VisitType(clinic=data.clinic, name=name, minutes=minutes, new_patient_only=new_only,
                          description=description)
            )
        data.visit_types[name] = visit_type


def ensure_patients(seed: Seed, data: ClinicData) -> None:
    existing = {p.mrn: p for p in Patient.objects.filter(clinic=data.clinic)}
    for index in range(data.spec.patient_count):
        mrn = f"{data.spec.code}{100001 + index}"
        patient = existing.get(mrn)
        if patient is None:
            patient = patient_create(actor=seed.actor, clinic=data.clinic, **_patient_fields(data, index, mrn))
            seed.count(patient)
        data.patients.append(patient)


def _patient_fields(data: ClinicData, index: int, mrn: str) -> dict[str, object]:
    rng = random.Random(f"{data.spec.slug}:patient:{index}")  # noqa: S311  (demo data, not security)
    female = rng.random() < 0.54
    first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    last = rng.choice(LAST_NAMES)
    # Family medicine sees children; an internal medicine practice sees adults only.
    youngest = 2 if data.spec.slug == "maple" else 19
    age = rng.choice([rng.randint(youngest, 64), rng.randint(youngest, 64), rng.randint(65, 92)])
    birth = date(data.anchor.year - age, rng.randint(1, 12), rng.randint(1, 28))
    _, city, state, postal_code = data.spec.address
    languages = data.spec.languages
    language = languages[0] if rng.random() < 0.75 or len(languages) == 1 else rng.choice(languages[1:])
    handle = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
    return {
        "first_name": first,
        "last_name": last,
        "date_of_birth": birth,
        "sex": Patient.Sex.FEMALE if female else Patient.Sex.MALE,
        "email": f"{handle}{index}@example.com" if rng.random() < 0.85 else "",
        # 555-0100 … 555-0199 are reserved for fiction in every US area code.
        "phone": f"+1{data.spec.area_code}55501{index:02d}",
        "address_line1": f"{rng.randint(10, 9800)} {rng.choice(STREETS)}",
        "city": city,
        "state": state,
        "postal_code": postal_code,
        "mrn": mrn,
        "external_id": f"EHR-{mrn}",
        "preferred_language": language,
        "sms_opt_in": rng.random() < 0.7,
        "email_opt_in": rng.random() < 0.5,
        "phone_verified": rng.random() < 0.6,
    }
