"""Webhook sources and their secrets; staff decisions on patient match suggestions."""

from __future__ import annotations

import secrets as random
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clinics.audit import Actor, audit_record
from clinics.models import AuditEvent, Clinic
from clinics.services import object_save
from fhir_sync.models import FhirSource, PatientMatchSuggestion

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix that marks the value, not a secret
MIN_SECRET_LENGTH = 32


def generate_secret() -> str:
    return SECRET_PREFIX + random.token_urlsafe(32)


def _check(secret: str) -> None:
    if len(secret) < MIN_SECRET_LENGTH or len(secret) > 128:
        raise ValidationError({"secret": f"A signing secret has {MIN_SECRET_LENGTH} to 128 characters."})


def fhir_source_create(
    *,
    clinic: Clinic,
    name: str,
    actor: Actor,
    base_url: str = "",
    secret: str | None = None,
    active: bool = True,
    source_id: uuid.UUID | None = None,
) -> tuple[FhirSource, str]:
    """A source with a new secret, returned once. The demo seed passes a published id and
    secret so that the README's commands work on every machine."""
    raw = secret or generate_secret()
    _check(raw)
    source = FhirSource(clinic=clinic, name=name, base_url=base_url, secret=raw, active=active)
    if source_id is not None:
        source.pk = source_id
    return object_save(actor=actor, instance=source), raw


def fhir_source_rotate_secret(*, source: FhirSource, actor: Actor, secret: str | None = None) -> str:
    """A new current secret; the old one stays valid (as the previous) until dropped."""
    raw = secret or generate_secret()
    _check(raw)
    with transaction.atomic():
        locked = FhirSource.objects.select_for_update().get(pk=source.pk)
        locked.previous_secret, locked.secret = locked.secret, raw
        locked.secret_rotated_at = timezone.now()
        locked.save(update_fields=["previous_secret", "secret", "secret_rotated_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            clinic=locked.clinic,
            resource=locked,
            details={"fields": ["secret"], "rotated": True},
            severity=AuditEvent.Severity.WARNING,
        )
    source.secret, source.previous_secret = locked.secret, locked.previous_secret
    source.secret_rotated_at = locked.secret_rotated_at
    return raw


def fhir_source_drop_previous_secret(*, source: FhirSource, actor: Actor) -> FhirSource:
    with transaction.atomic():
        locked = FhirSource.objects.select_for_update().get(pk=source.pk)
        if locked.previous_secret:
            locked.previous_secret = ""
            locked.save(update_fields=["previous_secret", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                clinic=locked.clinic,
                resource=locked,
                details={"fields": ["previous_secret"]},
            )
    source.previous_secret = ""
    return source


def match_suggestion_resolve(*, suggestion: PatientMatchSuggestion, status: str, actor: Actor) -> None:
    """Staff's answer to "are these the same person?". Merging stays a manual step."""
    if status not in (PatientMatchSuggestion.Status.SAME_PERSON, PatientMatchSuggestion.Status.DIFFERENT):
        raise ValidationError({"status": "Answer same or different."})
    with transaction.atomic():
        suggestion.status = status
        suggestion.resolved_by = actor.user if actor.user_id is not None else None
        suggestion.resolved_at = timezone.now()
        suggestion.save(update_fields=["status", "resolved_by", "resolved_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            clinic=suggestion.clinic,
            resource=suggestion,
            details={"fields": ["status"], "status": status},
        )
