"""The conversation session: live in the cache (30 minutes from the last message), with a
durable copy in `ConversationSession` saved after every turn.

The cached session holds what the patient typed (the last 10 turns, for the patient's own
use while it lives); the table holds only the redacted transcript.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from clinics.models import Clinic
from scheduling.models import ConversationSession
from scheduling.receptionist.states import State

TTL = timedelta(minutes=30)
MAX_TURNS = 10


class SessionNotFoundError(Exception):
    """No such session for this clinic (another clinic's id included)."""


@dataclass
class Session:
    key: str
    clinic_id: str
    channel: str
    state: str = State.IDLE.value
    previous_state: str = ""
    flow: str = ""  # book | cancel | reschedule | check
    patient_id: str | None = None
    collected: dict[str, Any] = field(default_factory=dict)
    intent_history: list[str] = field(default_factory=list)
    turns: list[dict[str, str]] = field(default_factory=list)  # as typed; the cache only
    transcript: list[dict[str, str]] = field(default_factory=list)  # redacted
    slots_shown: list[dict[str, Any]] = field(default_factory=list)
    slot_selected: int | None = None
    appointments_shown: list[str] = field(default_factory=list)
    target_appointment_id: str | None = None
    booking_id: str | None = None
    outcome: str = ConversationSession.Outcome.OPEN.value
    failures: int = 0
    identity_attempts: int = 0
    consent_asked: bool = False
    consent_given: bool = False
    redaction: dict[str, str] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)
    message_count: int = 0
    expires_at: str = ""
    persisted: bool = False

    def add_turn(self, role: str, text: str, redacted: str) -> None:
        self.turns = [*self.turns, {"role": role, "text": text}][-MAX_TURNS:]
        self.transcript.append({"role": role, "text": redacted})


def _cache_key(clinic: Clinic, key: str) -> str:
    return f"receptionist:session:{clinic.pk}:{key}"


def session_load(
    *,
    clinic: Clinic,
    session_id: str | None,
    channel: str,
    start_if_unknown: bool = False,
    now: datetime | None = None,
) -> Session:
    """The clinic's session `session_id`, or a new one when none is given. An unknown id is
    `SessionNotFoundError`, unless `start_if_unknown` (the id was minted by Nuvae, as in a
    signed widget ticket), which starts a conversation under that id.

    A session the cache lost before its time (a Redis restart) carries on from its durable
    copy. One that expired (30 minutes without a message) starts over under the same id:
    its record (transcript, outcome, booking) is kept, but not who the patient was nor what
    was being collected, so a patient identified earlier is asked again."""
    if not session_id:
        return Session(key=str(uuid.uuid4()), clinic_id=str(clinic.pk), channel=channel)
    try:
        key = str(uuid.UUID(str(session_id)))
    except ValueError as exc:
        raise SessionNotFoundError(session_id) from exc
    data = cache.get(_cache_key(clinic, key))
    if data is not None:
        return Session(**data)
    row = ConversationSession.objects.filter(clinic=clinic, session_key=key).first()
    if row is None:
        if start_if_unknown:
            return Session(key=key, clinic_id=str(clinic.pk), channel=channel)
        raise SessionNotFoundError(session_id)
    if row.expires_at is not None and row.expires_at <= (now or timezone.now()):
        return Session(
            key=key,
            clinic_id=str(clinic.pk),
            channel=row.channel,
            intent_history=list(row.intent_history),
            transcript=list(row.transcript),
            booking_id=str(row.appointment_id) if row.appointment_id else None,
            outcome=row.outcome,
            checks=list(row.safety_checks),
            message_count=row.message_count,
            persisted=True,
        )
    # The cache lost it early: carry on from the durable copy (without the patient's own words).
    collected = dict(row.collected_data)
    extra = collected.pop("_session", {})
    return Session(
        key=key,
        clinic_id=str(clinic.pk),
        channel=row.channel,
        state=row.state,
        previous_state=row.previous_state,
        patient_id=str(row.patient_id) if row.patient_id else None,
        collected=collected,
        intent_history=list(row.intent_history),
        transcript=list(row.transcript),
        slots_shown=list(row.slots_shown),
        slot_selected=row.slot_selected,
        booking_id=str(row.appointment_id) if row.appointment_id else None,
        outcome=row.outcome,
        checks=list(row.safety_checks),
        message_count=row.message_count,
        persisted=True,
        **{
            k: v
            for k, v in extra.items()
            if k
            in {"flow", "consent_given", "target_appointment_id", "appointments_shown", "failures", "identity_attempts"}
        },
    )


def session_save(*, clinic: Clinic, session: Session, now: datetime, store: bool = True) -> None:
    """Cache the session and (when `store`) write its durable copy. `store` is false while
    consent is required and missing: nothing but the consent question is kept.

    The durable copy costs one UPDATE once it exists (the cached session remembers that it
    was persisted); the first save, or a row that has since gone, takes `update_or_create`."""
    session.expires_at = (now + TTL).isoformat()
    if store:
        _persist(clinic, session, now)
    # A shallow copy of the fields: the cache pickles the nested lists and dicts itself.
    cache.set(_cache_key(clinic, session.key), dict(vars(session)), timeout=int(TTL.total_seconds()))


def session_row(*, clinic: Clinic, session: Session) -> ConversationSession | None:
    """The durable copy of a saved session."""
    return ConversationSession.objects.filter(clinic=clinic, session_key=session.key).first()


def _persist(clinic: Clinic, session: Session, now: datetime) -> None:
    extra = {
        "flow": session.flow,
        "consent_given": session.consent_given,
        "target_appointment_id": session.target_appointment_id,
        "appointments_shown": session.appointments_shown,
        "failures": session.failures,
        "identity_attempts": session.identity_attempts,
    }
    values = {
        "channel": session.channel,
        "patient_id": session.patient_id,
        "state": session.state,
        "previous_state": session.previous_state,
        "collected_data": {**session.collected, "_session": extra},
        "intent_history": session.intent_history[-50:],
        "slots_shown": session.slots_shown,
        "slot_selected": session.slot_selected,
        "appointment_id": session.booking_id,
        "message_count": session.message_count,
        "outcome": session.outcome,
        "safety_checks": session.checks,
        "transcript": session.transcript,
        "expires_at": now + TTL,
    }
    rows = ConversationSession.objects.filter(clinic=clinic, session_key=session.key)
    if not (session.persisted and rows.update(**values, updated_at=timezone.now())):
        ConversationSession.objects.update_or_create(clinic=clinic, session_key=session.key, defaults=values)
    session.persisted = True
