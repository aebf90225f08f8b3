"""One FHIR webhook source per demo clinic, with a published id and secret, so a
newcomer can sign and send a Synthea bundle (README: "Send FHIR data")."""

from __future__ import annotations

from demo.seed.context import ClinicData, Seed
from demo.seed.keys import demo_fhir_secret, demo_fhir_source_id
from fhir_sync.models import FhirSource
from fhir_sync.services import fhir_source_create


def ensure_fhir_source(seed: Seed, data: ClinicData) -> None:
    source_id = demo_fhir_source_id(data.spec.slug)
    secret = demo_fhir_secret(data.spec.slug)
    if not FhirSource.objects.filter(pk=source_id).exists():
        source, _ = fhir_source_create(
            clinic=data.clinic,
            name="Demo EHR (published secret: never use in production)",
            actor=seed.actor,
            secret=secret,
            source_id=source_id,
        )
        seed.count(source)
    data.fhir_source_id = str(source_id)
    data.fhir_secret = secret
