"""The receptionist's engine: one call per patient message.

    load or create the session → safety (input) → understand (intent, slots) → flow
    (state machine) → availability / booking services → reply (templates) → safety
    (output) → save

`process(...)` returns a `Turn` whose `message` is the whole reply, so any door (the REST
API, a websocket consumer streaming it, SMS) calls it the same way. Understanding is
pluggable (`understanding.Understanding`); the deterministic rules are the default.

With a language model configured (`LLM_PROVIDER`), the understanding step is
`model.ModelUnderstanding` (the rules, then the model, which sees only the redacted
message), and the safety pipeline's crisis step may ask the model to confirm a crisis tier
when the clinic's safety settings allow it (the model can raise a tier, never lower one).
Replies stay templates either way: whatever understood the message, the patient reads
provider, date and time in the clinic's time zone from code before anything is booked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from clinics.audit import Actor
from clinics.consent import CURRENT_TEXTS, consent_active, consent_give
from clinics.models import Clinic, Consent, Patient
from clinics.models import Provider as ClinicProvider
from clinics.safety import clinic_policy, clinic_public_values, safety_check_input, safety_check_output
from clinics.selectors import patient_list, provider_list
from nuvae.lib.safety.pipeline import ConsentState, Conversation, SafetyResult
from nuvae.lib.safety.prompt import ModelText, UnsafeForModelError
from nuvae.lib.safety.types import CrisisAssessment, CrisisTier, Decision, Redaction
from scheduling.models import HandoffRequest
from scheduling.receptionist import replies
from scheduling.receptionist.flow import Flow
from scheduling.receptionist.handoff import handoff_create
from scheduling.receptionist.session import Session, session_load, session_row, session_save
from scheduling.receptionist.states import Intent, State
from scheduling.receptionist.understanding import Context, DeterministicUnderstanding, Understanding
from scheduling.selectors import visit_type_bookable

if TYPE_CHECKING:
    from collections.abc import Callable

    from nuvae.lib.llm.base import Provider

logger = logging.getLogger(__name__)

__all__ = ["Turn", "process"]


@dataclass
class Turn:
    message: str
    session_id: str
    state: str
    intent: str
    confidence: float
    booking_id: str | None = None
    collected_data: dict[str, Any] = field(default_factory=dict)
    available_slots: list[dict[str, Any]] = field(default_factory=list)
    handed_off: bool = False
    safety_checks: list[str] = field(default_factory=list)


_DEFAULT_UNDERSTANDING = DeterministicUnderstanding()


def process(
    *,
    clinic: Clinic,
    message: str,
    session_id: str | None = None,
    channel: str = "api",
    actor: Actor,
    now: datetime | None = None,
    understanding: Understanding | None = None,
    start_if_unknown: bool = False,
) -> Turn:
    """Answer one patient message. Raises `session.SessionNotFoundError` for a session id that
    is not this clinic's."""
    now = now or timezone.now()
    session = session_load(
        clinic=clinic, session_id=session_id, channel=channel, start_if_unknown=start_if_unknown, now=now
    )
    session.message_count += 1
    intent, confidence = Intent.UNKNOWN, 0.0
    consent_missing = _consent_missing(clinic, session)
    if consent_missing and session.consent_asked and _is_yes(message):
        consent_give(
            actor=actor,
            clinic=clinic,
            kind=Consent.Kind.AI_CHAT,
            channel=_consent_channel(channel),
            conversation_key=session.key,
            at=now,
        )
        session.consent_given = True
        reply = replies.CONSENT_THANKS
        session.add_turn("patient", message, message)
        session.add_turn("assistant", reply, reply)
        session_save(clinic=clinic, session=session, now=now)
        return _turn(session, reply, Intent.CONFIRMATION, 1.0, [])

    provider = _llm_provider()
    patient = _patient(clinic, session)
    # One query for the clinic's providers: the safety check's public values (all of them)
    # and understanding's provider names (the active ones).
    providers = list(provider_list(clinic=clinic).order_by("last_name"))
    conversation = Conversation(
        consent=ConsentState.MISSING if consent_missing else ConsentState.NOT_REQUIRED,
        consent_prompt=CURRENT_TEXTS[Consent.Kind.AI_CHAT].text,
        redaction=Redaction.from_dict(session.redaction),
        allowed_values=_allowed_values(patient),
        public_values=clinic_public_values(clinic, providers),
    )
    result = safety_check_input(
        clinic=clinic,
        actor=actor,
        text=message,
        conversation=conversation,
        crisis_confirm=_crisis_confirm(provider),
        resource_type="scheduling.ConversationSession",
        resource_id=session.key,
    )
    checks = list(result.checks)
    session.checks = list(dict.fromkeys([*session.checks, *checks]))
    if not result.store_allowed:
        # Consent is required and missing: keep nothing but the question.
        session.consent_asked = True
        session.message_count -= 1
        session_save(clinic=clinic, session=session, now=now, store=False)
        return _turn(session, result.reply or "", intent, confidence, checks)
    session.redaction = conversation.redaction.as_dict()
    session.add_turn("patient", result.text, result.redacted)

    if session.state == State.HANDED_OFF:
        reply = replies.handoff(clinic)
    elif result.decision >= Decision.HANDOFF:
        reason = HandoffRequest.Reason.CRISIS if result.crisis_response else HandoffRequest.Reason.SAFETY_ERROR
        reply = result.crisis_response.render() if result.crisis_response is not None else result.reply or ""
        flow = _flow(clinic, session, patient, actor, now, channel)
        flow.move(State.HANDED_OFF if reason == HandoffRequest.Reason.CRISIS else State.ERROR)
        session.outcome = "handed_off"
        reply = f"{reply}\n{replies.handoff(clinic)}"
        _save_and_handoff(clinic, session, now, reason, actor, assistant_text=reply)
        return _turn(session, reply, Intent.HANDOFF, 1.0, checks)
    elif result.stopped:
        reply = result.reply or replies.UNKNOWN
    else:
        context = _context(
            clinic, session, now, result, conversation.redaction, providers, for_model=provider is not None
        )
        understood = (understanding or _understanding(provider)).understand(result.text, context)
        intent, confidence = understood.intent, understood.confidence
        session.intent_history.append(intent.value)
        flow = _flow(clinic, session, patient, actor, now, channel, context=context)
        reply = flow.handle(understood, result.text)
        if result.decision == Decision.REDIRECT and result.reply:
            reply = f"{result.reply}\n{reply}"
        if flow.handoff_reason:
            session.add_turn("assistant", reply, reply)
            _save_and_handoff(clinic, session, now, flow.handoff_reason, actor, assistant_text=None)
            return _turn(session, reply, intent, confidence, checks)

    if (str(patient.pk) if patient else None) != session.patient_id:  # identified during this turn
        patient = _patient(clinic, session)
    conversation.allowed_values = _allowed_values(patient)
    checked = safety_check_output(
        clinic=clinic,
        actor=actor,
        text=reply,
        conversation=conversation,
        resource_type="scheduling.ConversationSession",
        resource_id=session.key,
    )
    if checked.stopped:
        session.checks = list(dict.fromkeys([*session.checks, *checked.checks]))
        reply, redacted = replies.SAFE_FALLBACK, replies.SAFE_FALLBACK
    else:
        reply, redacted = checked.text, checked.redacted
    session.add_turn("assistant", reply, redacted)
    session_save(clinic=clinic, session=session, now=now)
    return _turn(session, reply, intent, confidence, [*checks, *checked.checks])


def _llm_provider() -> Provider | None:
    if settings.LLM_PROVIDER == "none":
        return None
    # Imported only when configured: the vendor SDKs take seconds to import, and a
    # deterministic deployment never needs them.
    from nuvae.lib.llm import get_provider

    return get_provider()


def _understanding(provider: Provider | None) -> Understanding:
    if provider is None:
        return _DEFAULT_UNDERSTANDING
    from scheduling.receptionist.model import ModelUnderstanding

    return ModelUnderstanding(
        provider=provider,
        intent_model=settings.LLM_INTENT_MODEL,
        fallback_model=settings.LLM_FALLBACK_MODEL,
        threshold=settings.LLM_CONFIDENCE_THRESHOLD,
        deadline_s=settings.LLM_TIMEOUT_SECONDS,
    )


def _crisis_confirm(provider: Provider | None) -> Callable[[str, CrisisAssessment], CrisisTier | None] | None:
    """The model's second opinion for the crisis step; the pipeline asks it only when the
    clinic's safety settings enable `crisis_model_confirmation`, and lets it only raise."""
    if provider is None:
        return None
    from nuvae.lib.llm.understanding import crisis_confirmer

    # The fallback model is the careful one; the crisis step bounds the call (2 s).
    return crisis_confirmer(provider, settings.LLM_FALLBACK_MODEL)


def _context(
    clinic: Clinic,
    session: Session,
    now: datetime,
    result: SafetyResult,
    redaction: Redaction,
    providers: list[ClinicProvider],
    *,
    for_model: bool,
) -> Context:
    state = State(session.state)
    offering = state in (State.SHOWING_SLOTS, State.CONFIRM_BOOKING)
    model_text = None
    if for_model:
        try:
            model_text = ModelText.from_result(result)
        except UnsafeForModelError:
            logger.warning("receptionist: message not fit for a model; the rules answer")
    return Context(
        state=state,
        now=now.astimezone(clinic.tzinfo),
        providers=[p for p in providers if p.status == "ACTIVE"],
        visit_types=list(visit_type_bookable(clinic=clinic)),
        model_text=model_text,
        redaction=redaction,
        options_shown=(len(session.slots_shown) or len(session.appointments_shown))
        if state == State.SHOWING_SLOTS
        else 0,
        offered=[datetime.fromisoformat(s["start"]).astimezone(clinic.tzinfo) for s in session.slots_shown]
        if offering
        else [],
    )


def _flow(
    clinic: Clinic,
    session: Session,
    patient: Patient | None,
    actor: Actor,
    now: datetime,
    channel: str,
    context: Context | None = None,
) -> Flow:
    return Flow(clinic=clinic, session=session, patient=patient, actor=actor, now=now, channel=channel, context=context)


def _save_and_handoff(
    clinic: Clinic, session: Session, now: datetime, reason: str, actor: Actor, assistant_text: str | None
) -> None:
    if assistant_text is not None:
        session.add_turn("assistant", assistant_text, assistant_text)
    session.outcome = "handed_off"
    session_save(clinic=clinic, session=session, now=now)
    row = session_row(clinic=clinic, session=session)
    if row is not None:
        handoff_create(clinic=clinic, conversation=row, reason=reason, transcript=session.transcript, actor=actor)


def _turn(session: Session, reply: str, intent: Intent, confidence: float, checks: list[str]) -> Turn:
    return Turn(
        message=reply,
        session_id=session.key,
        state=session.state,
        intent=intent.value,
        confidence=round(confidence, 2),
        booking_id=session.booking_id,
        # Keys starting with "_" (the identity given for verification) stay in the session.
        collected_data={k: v for k, v in session.collected.items() if not k.startswith("_")},
        available_slots=list(session.slots_shown) if session.state == State.SHOWING_SLOTS else [],
        handed_off=session.state == State.HANDED_OFF or session.outcome == "handed_off",
        safety_checks=list(dict.fromkeys(checks)),
    )


def _consent_missing(clinic: Clinic, session: Session) -> bool:
    if session.consent_given or not clinic_policy(clinic).require_chat_consent:
        return False
    if consent_active(clinic=clinic, kind=Consent.Kind.AI_CHAT, conversation_key=session.key) is not None:
        session.consent_given = True
        return False
    return True


def _consent_channel(channel: str) -> str:
    choices = {value for value, _ in Consent.Channel.choices}
    return channel if channel in choices else next(iter(choices))


def _is_yes(message: str) -> bool:
    return message.strip().lower().rstrip(".!") in {"yes", "y", "yes please", "i agree", "agree", "ok", "okay", "sure"}


def _patient(clinic: Clinic, session: Session) -> Patient | None:
    if not session.patient_id:
        return None
    return patient_list(clinic=clinic).filter(pk=session.patient_id).first()


def _allowed_values(patient: Patient | None) -> frozenset[str]:
    if patient is None:
        return frozenset()
    values = {patient.first_name, patient.last_name, f"{patient.first_name} {patient.last_name}", patient.phone}
    return frozenset(v for v in values if v)
