"""Reads of providers and patients, always scoped to a clinic. Soft-deleted rows are
invisible: the default managers only return live rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

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
