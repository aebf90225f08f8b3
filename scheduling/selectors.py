"""Reads of appointments, always scoped to a clinic."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from clinics.models import Clinic, Patient
from scheduling.models import Appointment


def appointment_list(*, clinic: Clinic) -> QuerySet[Appointment]:
    return Appointment.objects.filter(clinic=clinic).select_related("provider", "patient", "visit_type")


def appointments_upcoming(
    *, clinic: Clinic, patient: Patient | None = None, after: datetime | None = None, limit: int = 20
) -> list[Appointment]:
    qs: Any = appointment_list(clinic=clinic).filter(
        status__in=Appointment.ACTIVE_STATUSES, start_at__gte=after or timezone.now()
    )
    if patient is not None:
        qs = qs.filter(patient=patient)
    return list(qs.order_by("start_at")[:limit])
