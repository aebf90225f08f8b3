"""Handing a conversation to a person: the front desk's queue of `HandoffRequest`s."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from clinics.audit import Actor, audit_record
from clinics.models import AuditEvent, Clinic
from scheduling.models import ConversationSession, HandoffRequest


def handoff_create(
    *, clinic: Clinic, conversation: ConversationSession, reason: str, transcript: list[Any], actor: Actor
) -> HandoffRequest:
    """Open a handoff (one open request per conversation: a second one returns the first)."""
    with transaction.atomic():
        existing = HandoffRequest.objects.filter(
            clinic=clinic,
            conversation=conversation,
            status__in=[HandoffRequest.Status.OPEN, HandoffRequest.Status.IN_PROGRESS],
        ).first()
        if existing is not None:
            return existing
        request = HandoffRequest.objects.create(
            clinic=clinic, conversation=conversation, reason=reason, transcript=list(transcript)
        )
        audit_record(
            actor=actor, action=AuditEvent.Action.CREATE, clinic=clinic, resource=request, details={"reason": reason}
        )
    return request


def handoff_claim(*, handoff: HandoffRequest, actor: Actor, user: Any) -> HandoffRequest:
    with transaction.atomic():
        locked = HandoffRequest.objects.select_for_update().get(pk=handoff.pk)
        if locked.status == HandoffRequest.Status.OPEN:
            locked.status = HandoffRequest.Status.IN_PROGRESS
            locked.claimed_by = user
            locked.save(update_fields=["status", "claimed_by", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                clinic=locked.clinic,
                resource=locked,
                details={"fields": ["status", "claimed_by"], "status": locked.status},
            )
    return locked


def handoff_close(*, handoff: HandoffRequest, actor: Actor) -> HandoffRequest:
    with transaction.atomic():
        locked = HandoffRequest.objects.select_for_update().get(pk=handoff.pk)
        if locked.status != HandoffRequest.Status.CLOSED:
            locked.status = HandoffRequest.Status.CLOSED
            locked.closed_at = timezone.now()
            locked.save(update_fields=["status", "closed_at", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                clinic=locked.clinic,
                resource=locked,
                details={"fields": ["status", "closed_at"], "status": locked.status},
            )
    return locked
