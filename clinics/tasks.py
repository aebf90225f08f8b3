"""Celery tasks of the clinics app: thin, named, safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from clinics import services


@shared_task(name="clinics.tasks.purge_idempotency_records_task", acks_late=True)
def purge_idempotency_records_task() -> int:
    """Delete idempotency records past `IDEMPOTENCY_TTL_HOURS` (scheduled hourly in nuvae/celery.py)."""
    older_than = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS)
    return services.idempotency_records_purge(older_than=older_than)
