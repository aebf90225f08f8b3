"""Reads of payers, always scoped to a clinic."""

from __future__ import annotations

from django.db.models import QuerySet

from clinics.models import Clinic
from contracts.models import Payer


def payer_list(*, clinic: Clinic) -> QuerySet[Payer]:
    return Payer.objects.filter(clinic=clinic)
