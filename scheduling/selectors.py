"""Reads of appointments, always scoped to a clinic."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from clinics.models import Clinic, Patient
from scheduling.models import Appointment, VisitType


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


def appointment_api_list(*, clinic: Clinic) -> QuerySet[Appointment]:
    """Appointments with everything the API shows of them, in one query."""
    return appointment_list(clinic=clinic).select_related("rescheduled_to")


def visit_type_list(*, clinic: Clinic) -> QuerySet[VisitType]:
    return VisitType.objects.filter(clinic=clinic)


def visit_type_bookable(*, clinic: Clinic) -> QuerySet[VisitType]:
    return visit_type_list(clinic=clinic).filter(active=True)
