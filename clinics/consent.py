"""Consent: the texts patients agree to, and recording, withdrawing and checking consent.

The texts are versioned here, in code, so every row in `Consent` can be traced to the
words that were shown; changing a text means adding a new version. A clinic requires
chat consent by setting `{"safety": {"require_chat_consent": true}}` in its settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from clinics.audit import Actor, audit_record
from clinics.models import AuditEvent, Clinic, Consent, Patient


@dataclass(frozen=True)
class ConsentText:
    kind: str
    version: str
    text: str


CURRENT_TEXTS: dict[str, ConsentText] = {
    Consent.Kind.AI_CHAT: ConsentText(
        Consent.Kind.AI_CHAT,
        "2026-11",
        "This chat is answered by an automated assistant. It can book, change and cancel appointments and answer "
        "questions about the clinic; it cannot give medical advice. What you type is stored in your record and may "
        "be processed by an AI service with names and identifiers removed. Reply YES to continue, or call the "
        "clinic to speak to a person.",
    ),
    Consent.Kind.SMS: ConsentText(
        Consent.Kind.SMS,
        "2026-11",
        "You agree to receive appointment messages from the clinic by text. Message and data rates may apply. "
        "Reply STOP to stop, HELP for help.",
    ),
}


def consent_give(
    *,
    actor: Actor,
    clinic: Clinic,
    kind: str,
    channel: str,
    patient: Patient | None = None,
    conversation_key: str = "",
    at: dt.datetime | None = None,
) -> Consent:
    """Record that the current text of `kind` was agreed to. Idempotent: an active
    consent of the same version for the same subject is returned as it is."""
    current = CURRENT_TEXTS[kind]
    with transaction.atomic():
        existing = consent_active(clinic=clinic, kind=kind, patient=patient, conversation_key=conversation_key)
        if existing is not None and existing.version == current.version:
            return existing
        consent = Consent(
            clinic=clinic,
            patient=patient,
            conversation_key=conversation_key,
            kind=kind,
            channel=channel,
            version=current.version,
            text=current.text,
            given_at=at or timezone.now(),
        )
        consent.full_clean()
        consent.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            clinic=clinic,
            resource=consent,
            details={"kind": kind, "version": current.version, "channel": channel},
        )
    return consent


def consent_withdraw(*, actor: Actor, consent: Consent, at: dt.datetime | None = None) -> Consent:
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is None:
            locked.withdrawn_at = at or timezone.now()
            locked.full_clean()
            locked.save(update_fields=["withdrawn_at", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                clinic=locked.clinic,
                resource=locked,
                details={"fields": ["withdrawn_at"], "kind": locked.kind},
            )
    return locked


def consent_active(
    *, clinic: Clinic, kind: str, patient: Patient | None = None, conversation_key: str = ""
) -> Consent | None:
    """The subject's active consent of `kind`: by patient when one is known, else by
    conversation. Returns None when there is none (never given, or withdrawn)."""
    filters: dict[str, Any] = {"clinic": clinic, "kind": kind, "withdrawn_at__isnull": True}
    if patient is not None:
        filters["patient"] = patient
    elif conversation_key:
        filters["conversation_key"] = conversation_key
    else:
        return None
    return Consent.objects.filter(**filters).order_by("-given_at").first()
