"""Celery tasks of the scheduling app: thin, named, safe to run twice."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from clinics.audit import Actor
from clinics.clinic_settings import SCHEDULING_KEY
from clinics.models import Clinic
from scheduling import services


@shared_task(name="scheduling.tasks.seed_federal_holidays_task", acks_late=True)
def seed_federal_holidays_task(clinic_id: Any = None) -> int:
    """Seed the coming year's federal-holiday closures of one clinic, or of every active
    clinic that opted in (scheduled daily in nuvae/celery.py); returns how many it created."""
    clinics = Clinic.objects.filter(status=Clinic.Status.ACTIVE)
    if clinic_id is not None:
        clinics = clinics.filter(pk=clinic_id)
    else:
        clinics = clinics.filter(**{f"settings__{SCHEDULING_KEY}__federal_holidays": True})
    actor = Actor.system("seed_federal_holidays")
    return sum(len(services.closures_seed_federal_holidays(clinic=clinic, actor=actor)) for clinic in clinics)
