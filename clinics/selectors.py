"""Reads of providers and patients, always scoped to a clinic. Soft-deleted rows are
invisible: the default managers only return live rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from clinics.identity import (
    IdentityOutcome,
    IdentityResult,
    normalize_full_name,
    normalize_phone_or_none,
    patient_name_key,
)
from clinics.models import Clinic, Patient, Provider


def clinic_profile(*, clinic: Clinic) -> Clinic:
    """The clinic as stored now (an authenticated request's clinic may come from a cache)."""
    return Clinic.objects.get(pk=clinic.pk)


def provider_list(*, clinic: Clinic) -> QuerySet[Provider]:
    return Provider.objects.filter(clinic=clinic)


def patient_list(*, clinic: Clinic) -> QuerySet[Patient]:
    return Patient.objects.filter(clinic=clinic)


def provider_npi_taken(*, clinic: Clinic, npi: str, exclude_id: Any = None) -> bool:
    """Whether another live provider of this clinic already has this NPI."""
    qs = provider_list(clinic=clinic).filter(npi=npi)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.exists()


def patient_mrn_taken(*, clinic: Clinic, mrn: str, exclude_id: Any = None) -> bool:
    """Whether another live patient of this clinic already has this MRN."""
    qs = patient_list(clinic=clinic).filter(mrn=mrn)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.exists()


def patient_verify(*, clinic: Clinic, date_of_birth: date, full_name: str = "", phone: str = "") -> IdentityResult:
    """Which patient of this clinic has this date of birth and this full name and/or phone.

    Every identifier given must match exactly after normalisation (`clinics.identity`);
    the result is VERIFIED with the patient only when exactly one does, AMBIGUOUS (no
    patient) when several do, else NOT_FOUND. Never book, disclose or change anything on
    anything but a VERIFIED result. Raises ValidationError when neither a name nor a
    phone is given, or the phone is not a phone number.
    """
    name_key = normalize_full_name(full_name) if full_name.strip() else ""
    phone_key = normalize_phone_or_none(phone) if phone.strip() else ""
    if not name_key and not phone.strip():
        raise ValidationError({"full_name": "Give the full name or the phone number with the date of birth."})
    if phone_key is None:
        raise ValidationError({"phone": "That is not a phone number."})
    matches = [
        patient
        for patient in patient_list(clinic=clinic).filter(date_of_birth=date_of_birth)
        if (not name_key or patient_name_key(patient.first_name, patient.last_name) == name_key)
        and (not phone_key or normalize_phone_or_none(patient.phone) == phone_key)
    ]
    if len(matches) == 1:
        return IdentityResult(IdentityOutcome.VERIFIED, patient=matches[0], matches=1)
    if matches:
        return IdentityResult(IdentityOutcome.AMBIGUOUS, matches=len(matches))
    return IdentityResult(IdentityOutcome.NOT_FOUND)
