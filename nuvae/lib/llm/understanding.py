"""Ready-made model calls for the receptionist: intent and slots, and crisis confirmation.

Both are advisory. `understand()` returns None whenever the model fails, times out or
answers outside the schema, and the caller's deterministic engine answers instead;
`crisis_confirmer()` feeds the safety pipeline's crisis step, which lets a model raise a
tier but never lower one.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from nuvae.lib.safety.injection import data_block
from nuvae.lib.safety.phi.engine import get_analyzer
from nuvae.lib.safety.pipeline import redact
from nuvae.lib.safety.prompt import ModelText
from nuvae.lib.safety.types import CrisisAssessment, CrisisTier, Redaction

from .base import LLMError, Provider

logger = logging.getLogger("nuvae.llm")

Intent = Literal[
    "SCHEDULING",
    "CANCELLATION",
    "RESCHEDULE",
    "CHECK_APPOINTMENT",
    "CONFIRMATION",
    "CORRECTION",
    "HANDOFF",
    "INFORMATION",
    "GREETING",
    "GOODBYE",
    "OUT_OF_SCOPE",
    "UNKNOWN",
]


class Slots(BaseModel):
    """What the patient said about the appointment; null for anything not said."""

    model_config = ConfigDict(extra="forbid")

    provider: str | None = Field(default=None, description="A provider's name or a specialty, as said")
    date: str | None = Field(default=None, description="The date as said, e.g. 'next Tuesday' or '12 March'")
    time: str | None = Field(default=None, description="An exact time as said, e.g. '3pm'")
    part_of_day: Literal["morning", "afternoon", "evening"] | None = None
    flexibility: str | None = Field(default=None, description="e.g. 'earliest', 'any day next week'")
    visit_type: str | None = None
    reason: str | None = Field(default=None, description="The reason for the visit, briefly")
    patient_name: str | None = None
    phone: str | None = None
    date_of_birth: str | None = None
    option: int | None = Field(
        default=None, ge=1, le=20, description="The number of the offered option the patient picks, 1 for the first"
    )


class Understanding(BaseModel):
    """The intent of the patient's latest message and the slots it fills."""

    model_config = ConfigDict(extra="forbid")

    intent: Intent
    confidence: float = Field(ge=0.0, le=1.0)
    slots: Slots = Slots()


UNDERSTANDING_SYSTEM = """You read one message a patient sent to a medical clinic's scheduling assistant.
Classify its intent and extract the scheduling details it states, by calling the tool or answering with
the JSON object asked for. Intents: SCHEDULING (book a new visit), CANCELLATION, RESCHEDULE,
CHECK_APPOINTMENT (ask about an existing one), CONFIRMATION (yes / picks an offered option), CORRECTION
(changes something said before), HANDOFF (asks for a person), INFORMATION (hours, address, providers,
visit types), GREETING, GOODBYE, OUT_OF_SCOPE (anything else, including medical advice), UNKNOWN.
Copy slot values as the patient wrote them; leave a slot null when the message does not state it; never
guess. Identifiers may appear as placeholders such as [PERSON_1] or [PHONE_NUMBER_1]: copy them as they
are. Set option only when the patient picks one of the numbered options offered, by number, position or
time. confidence is your probability, from 0 to 1, that the intent is right."""


def understand(
    provider: Provider,
    text: ModelText,
    *,
    intent_model: str,
    fallback_model: str,
    threshold: float,
    deadline_s: float = 8.0,
    situation: str = "",
) -> Understanding | None:
    """The intent model's reading; below `threshold`, the fallback model's instead.

    `situation` is appended to the system prompt: where the conversation stands and the
    clinic's own vocabulary, written by the caller's code. It must never carry patient
    text, which reaches the model only as `text`.

    None when a call fails or its answer does not validate: the caller's deterministic
    engine then answers.
    """
    system = f"{UNDERSTANDING_SYSTEM}\n\n{situation.strip()}" if situation.strip() else UNDERSTANDING_SYSTEM
    first = _ask(provider, system, text, intent_model, deadline_s)
    if first is None or first.confidence >= threshold or fallback_model == intent_model:
        return first
    logger.info("llm understanding below threshold; asking the fallback model", extra={"llm_model": fallback_model})
    return _ask(provider, system, text, fallback_model, deadline_s)


def _ask(provider: Provider, system: str, text: ModelText, model: str, deadline_s: float) -> Understanding | None:
    try:
        answer = provider.complete(
            system=system, messages=[text], schema=Understanding, model=model, deadline_s=deadline_s
        )
    except LLMError as exc:
        logger.info(
            "llm understanding unavailable",
            extra={"llm_model": model, "error": type(exc).__name__, "retryable": exc.retryable},
        )
        return None
    return answer.parsed if isinstance(answer.parsed, Understanding) else None


class CrisisOpinion(BaseModel):
    """How much risk of harm the message shows."""

    model_config = ConfigDict(extra="forbid")

    tier: Literal["NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"]


CRISIS_SYSTEM = """You review one message a patient sent to a medical clinic's scheduling assistant for
risk of harm to the patient or to others. Answer with the tier: NONE (no sign), LOW (distress without risk),
MEDIUM (hopelessness or passive thoughts of death), HIGH (thoughts of self-harm or harming someone,
without a plan or means), CRITICAL (a plan, means, or an act under way, or a medical emergency now).
When in doubt between two tiers, choose the higher one."""


def crisis_confirmer(
    provider: Provider, model: str, *, deadline_s: float = 2.0
) -> Callable[[str, CrisisAssessment], CrisisTier | None]:
    """A `confirm` callable for `nuvae.lib.safety.check_input(..., crisis_confirm=...)`.

    The pipeline's crisis step hands it the redacted text; it redacts again all the same,
    so a caller that passes sanitized text cannot send an identifier out. It cannot use
    `ModelText.from_result`: the messages worth confirming are the ones the pipeline stops.
    """

    def confirm(text: str, assessment: CrisisAssessment) -> CrisisTier | None:
        found = get_analyzer().analyze(text)
        fenced = data_block(redact(text, found, Redaction()), label="patient message", marker=secrets.token_hex(8))
        try:
            answer = provider.complete(
                system=CRISIS_SYSTEM,
                messages=[ModelText(fenced)],
                schema=CrisisOpinion,
                model=model,
                deadline_s=deadline_s,
            )
        except LLMError:
            return None
        if not isinstance(answer.parsed, CrisisOpinion):
            return None
        return CrisisTier[answer.parsed.tier]

    return confirm
