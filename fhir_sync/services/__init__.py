"""Every write of fhir_sync. Doors (the webhook, the admin, tasks) call these."""

from fhir_sync.services.deliveries import (
    Answer,
    fhir_delivery_process,
    fhir_delivery_receive,
    fhir_delivery_replay,
    fhir_payload_ingest,
)
from fhir_sync.services.sources import (
    fhir_source_create,
    fhir_source_drop_previous_secret,
    fhir_source_rotate_secret,
    generate_secret,
    match_suggestion_resolve,
)

__all__ = [
    "Answer",
    "fhir_delivery_process",
    "fhir_delivery_receive",
    "fhir_delivery_replay",
    "fhir_payload_ingest",
    "fhir_source_create",
    "fhir_source_drop_previous_secret",
    "fhir_source_rotate_secret",
    "generate_secret",
    "match_suggestion_resolve",
]
