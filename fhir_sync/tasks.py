"""Background ingestion of large bundles."""

from __future__ import annotations

from celery import shared_task

from fhir_sync.models import FhirDelivery


@shared_task(name="fhir_sync.tasks.process_delivery_task", acks_late=True)
def process_delivery_task(delivery_id: str) -> str:
    """Ingest a queued delivery. Safe to run twice: a delivery no longer queued is left alone."""
    from fhir_sync.services import fhir_delivery_process

    # Claim it: of two workers handed the same message, one runs it.
    claimed = FhirDelivery.objects.filter(pk=delivery_id, outcome=FhirDelivery.Outcome.QUEUED).update(
        outcome=FhirDelivery.Outcome.RECEIVED
    )
    if not claimed:
        return "skipped"
    delivery = FhirDelivery.objects.select_related("source__clinic").get(pk=delivery_id)
    return fhir_delivery_process(delivery=delivery).delivery.outcome
