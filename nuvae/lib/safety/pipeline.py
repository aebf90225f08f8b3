"""The safety pipeline: ordered steps run on every patient message and every reply.

Contract for a step (each step below documents itself against it):

- A step reads `state.text`, the sanitized message. Only `sanitize` may change it; only
  `phi` writes `state.redacted` and `state.entities`; on output only `phi_leakage` may
  restore placeholders into `state.text`.
- A step reports by appending `Finding`s (check name, score, decision, details without the
  text or any identifier's value) and may RAISE `state.decision` — never lower it. A step
  whose decision is the highest so far sets `state.reply`, the fixed reply the caller
  must send instead of (REFUSE, HANDOFF, EMERGENCY) or before (REDIRECT) its own.
- A step "stops" a message by raising the decision to REFUSE or above: the caller must not
  act on it (book, cancel, call a model with it). Later steps still run, because a
  message can be an attack and a crisis at once, and the crisis must still be seen.
- Steps do not raise for content. If a step fails, an optional step is reported as
  `<step>_error` and skipped; a mandatory step fails closed: HANDOFF to a person.
- Optional steps can be switched off per clinic (`SafetyPolicy`); mandatory ones cannot.

Input steps, in order: sanitize → injection → consent → phi → crisis → content_filter.
Output steps, in order: phi_leakage → false_promises → output_content_filter.

The result carries the message in each form a consumer needs: `original` (as received),
`text` (sanitized; what the engine reads and the patient's record keeps — for a reply,
with the patient's own values restored), `redacted` (placeholders for identifiers;
what a model provider and the logs get).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import content, injection
from .crisis import CrisisResponse, assess, response_for
from .phi.engine import get_analyzer
from .policy import MANDATORY_STEPS, SafetyPolicy
from .sanitize import sanitize
from .types import NO_CRISIS, CrisisAssessment, CrisisTier, Decision, Entity, Finding, Redaction

logger = logging.getLogger(__name__)

NEUTRAL_REFUSAL = (
    "I can help you book, change or cancel an appointment, or answer questions about the clinic. "
    "What would you like to do?"
)
FAILED_CLOSED_REPLY = (
    "Sorry, I can't process that message right now. A member of our team will follow up with you. "
    "If this is an emergency, call 911."
)
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*_\d+\]")


class ConsentState:
    NOT_REQUIRED = "not_required"
    GIVEN = "given"
    MISSING = "missing"


@dataclass
class Conversation:
    """What the pipeline must know about the conversation a message belongs to.

    `redaction` is the conversation's mapping, extended by each input message. On output,
    a value may appear in a reply only when it is in `allowed_values` (what the verified
    patient's record holds) or in `redaction` (what this patient gave in this session).
    `public_values` (the clinic's providers, phone, address) are not identifiers at all.
    """

    consent: str = ConsentState.NOT_REQUIRED
    consent_prompt: str = ""
    redaction: Redaction = field(default_factory=Redaction)
    allowed_values: frozenset[str] = frozenset()
    public_values: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class AuditNote:
    """An audit event the caller should record (it holds no text and no identifier)."""

    action: str  # clinics.AuditEvent.Action value
    severity: str  # clinics.AuditEvent.Severity value
    details: dict[str, object]


@dataclass(frozen=True)
class SafetyResult:
    direction: str
    original: str
    text: str
    redacted: str
    decision: Decision
    reply: str | None
    findings: tuple[Finding, ...]
    entities: tuple[Entity, ...]
    crisis: CrisisAssessment = NO_CRISIS
    crisis_response: CrisisResponse | None = None
    # False while consent is required and missing: the caller keeps nothing but the
    # consent question and the answer to it.
    store_allowed: bool = True

    @property
    def checks(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.check for f in self.findings))

    def fired(self, check: str) -> bool:
        return any(f.check == check for f in self.findings)

    @property
    def stopped(self) -> bool:
        return self.decision >= Decision.REFUSE

    def summary(self) -> dict[str, object]:
        """The findings in a form safe to store and log: names, scores, counts."""
        return {
            "decision": self.decision.name,
            "checks": {f.check: f.score for f in self.findings},
            "entities": _count_types(self.entities),
            "crisis": {"tier": self.crisis.tier.name, "category": self.crisis.category.value},
        }

    def audit_notes(self) -> list[AuditNote]:
        notes: list[AuditNote] = []
        if self.crisis_response is not None and self.crisis_response.audit_action:
            notes.append(
                AuditNote(
                    self.crisis_response.audit_action,
                    self.crisis_response.severity,
                    {
                        "check": "crisis",
                        "tier": self.crisis.tier.name,
                        "category": self.crisis.category.value,
                        "score": self.crisis.score,
                        "signals": list(self.crisis.signals),
                        "decision": self.crisis_response.decision.name,
                    },
                )
            )
        for finding in self.findings:
            if finding.check == "phi_leakage":
                notes.append(AuditNote("PHI_DETECTED", "warning", {"check": finding.check, **finding.detail}))
            elif finding.check in _AUDITED_CHECKS:
                severity = "warning" if finding.decision >= Decision.REFUSE else "info"
                notes.append(
                    AuditNote(
                        "SAFETY_TRIGGER",
                        severity,
                        {
                            "check": finding.check,
                            "score": finding.score,
                            "decision": finding.decision.name,
                            **finding.detail,
                        },
                    )
                )
        return notes


_AUDITED_CHECKS = {"injection", "content_filter", "false_promises", "output_content_filter"} | {
    f"{step}_error" for step in MANDATORY_STEPS
}


def _count_types(entities: Iterable[Entity]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entity in entities:
        counts[entity.type] = counts.get(entity.type, 0) + 1
    return counts


@dataclass
class _State:
    original: str
    policy: SafetyPolicy
    conversation: Conversation
    text: str = ""
    redacted: str = ""
    decision: Decision = Decision.CONTINUE
    reply: str | None = None
    findings: list[Finding] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    crisis: CrisisAssessment = NO_CRISIS
    crisis_response: CrisisResponse | None = None
    store_allowed: bool = True
    crisis_confirm: Callable[[str, CrisisAssessment], CrisisTier | None] | None = None

    def report(self, finding: Finding, reply: str | None = None) -> None:
        self.findings.append(finding)
        if finding.decision > self.decision:
            self.decision = finding.decision
            self.reply = reply


Step = Callable[[_State], None]


# --- input steps ---------------------------------------------------------------------------


def step_sanitize(state: _State) -> None:
    """Normalise the text (NFC), remove control, invisible and bidi-override characters,
    cap the length. Changes `state.text`. Reports what it removed; never stops a message."""
    result = sanitize(state.original, max_length=state.policy.max_message_length)
    state.text = result.clean
    state.redacted = result.clean
    removed = {
        "invisible": result.removed_invisible,
        "control": result.removed_control,
        "bidi": result.removed_bidi,
    }
    if any(removed.values()) or result.truncated:
        state.report(Finding("sanitize", 1.0, Decision.CONTINUE, {**removed, "truncated": result.truncated}))


def step_injection(state: _State) -> None:
    """Score the text for prompt injection (patterns, look-alikes, decoded payloads). At or
    above the clinic's threshold: REFUSE with a neutral reply. Changes nothing."""
    verdict = injection.detect(state.text)
    if state.original != state.text:
        # The sanitizer strips Unicode tag characters, which can carry a hidden ASCII
        # instruction; the detector decodes them from the message as received.
        raw = injection.detect(state.original)
        if raw.score > verdict.score:
            verdict = raw
    if verdict.score >= state.policy.injection_threshold:
        detail = {"rules": list(verdict.rules), "decoded": verdict.decoded}
        state.report(Finding("injection", verdict.score, Decision.REFUSE, detail), NEUTRAL_REFUSAL)


def step_consent(state: _State) -> None:
    """When the clinic requires chat consent and it has not been given: REFUSE with the
    consent question and forbid storing the message. Changes nothing."""
    if state.conversation.consent == ConsentState.MISSING:
        state.store_allowed = False
        prompt = state.conversation.consent_prompt or "Before we continue, may I have your consent to chat?"
        state.report(Finding("consent_required", 1.0, Decision.REFUSE), prompt)


def step_phi(state: _State) -> None:
    """Find identifiers (Presidio) and write `state.redacted`, with placeholders from the
    conversation's mapping, and `state.entities`. Never stops a message."""
    found = get_analyzer().analyze(
        state.text, threshold=state.policy.phi_threshold, public_values=state.conversation.public_values
    )
    state.entities = found
    state.redacted = redact(state.text, found, state.conversation.redaction)
    if found:
        state.report(Finding("phi", max(e.score for e in found), Decision.CONTINUE, {"entities": _count_types(found)}))


def step_crisis(state: _State) -> None:
    """Assess crisis risk by rules (and, when the clinic allows and a model is configured,
    let the model raise — never lower — the tier). Decision by tier: LOW CONTINUE with a
    gentle sentence, MEDIUM REDIRECT with resources, HIGH HANDOFF, CRITICAL EMERGENCY."""
    confirm = state.crisis_confirm if state.policy.crisis_model_confirmation else None
    if confirm is not None:
        # A model only ever sees the redacted text; the rules read the sanitized one.
        ask, redacted = confirm, state.redacted

        def confirm(_text: str, assessment: CrisisAssessment) -> CrisisTier | None:
            return ask(redacted, assessment)

    assessment = assess(state.text, confirm=confirm)
    state.crisis = assessment
    if assessment.tier == CrisisTier.NONE:
        return
    response = response_for(assessment)
    state.crisis_response = response
    detail = {"tier": assessment.tier.name, "category": assessment.category.value, "signals": list(assessment.signals)}
    # A crisis reply outranks every other reply at the same decision level.
    finding = Finding("crisis", assessment.score, response.decision, detail)
    state.findings.append(finding)
    if response.decision >= state.decision:
        state.decision = response.decision
        state.reply = response.message


def step_content_filter(state: _State) -> None:
    """Requests for a diagnosis, dosing or emergency triage: REDIRECT with a reply that
    sends the question to a clinician (or 911). Changes nothing."""
    verdict = content.check_input(state.text)
    if verdict.fired:
        first = verdict.categories[0]
        state.report(
            Finding("content_filter", 1.0, Decision.REDIRECT, {"categories": list(verdict.categories)}),
            content.REDIRECTS[first],
        )


INPUT_STEPS: tuple[tuple[str, Step], ...] = (
    ("sanitize", step_sanitize),
    ("injection", step_injection),
    ("consent", step_consent),
    ("phi", step_phi),
    ("crisis", step_crisis),
    ("content_filter", step_content_filter),
)


# --- output steps ---------------------------------------------------------------------------


def step_phi_leakage(state: _State) -> None:
    """A reply may carry only identifiers this patient gave in this session or their
    verified record holds. Restores the conversation's placeholders into `state.text`
    (the patient's copy); any other identifier, or a placeholder that is not this
    conversation's, is a leak: REFUSE (the caller sends its template reply instead)."""
    conversation = state.conversation
    stray = [p for p in _PLACEHOLDER.findall(state.text) if p not in conversation.redaction.placeholders]
    restored = conversation.redaction.restore(state.text)
    allowed = {_fold(v) for v in (*conversation.allowed_values, *conversation.redaction.values()) if v}
    found = get_analyzer().analyze(
        restored, threshold=state.policy.phi_threshold, public_values=conversation.public_values
    )
    leaked = [e for e in found if _fold(e.value) not in allowed and not _digits_match(e.value, allowed)]
    state.text = restored
    state.entities = found
    state.redacted = redact(restored, found, Redaction.from_dict(conversation.redaction.as_dict()))
    if leaked or stray:
        detail = {"entities": _count_types(leaked), "stray_placeholders": len(stray)}
        state.report(Finding("phi_leakage", 1.0, Decision.REFUSE, detail))


def step_false_promises(state: _State) -> None:
    """Promises about coverage, prices or medical outcomes: REFUSE. Changes nothing."""
    if content.check_output_promises(state.text).fired:
        state.report(Finding("false_promises", 1.0, Decision.REFUSE))


def step_output_content_filter(state: _State) -> None:
    """A diagnosis, dosing or triage advice in a reply: REFUSE. Changes nothing."""
    if content.check_output_advice(state.text).fired:
        state.report(Finding("output_content_filter", 1.0, Decision.REFUSE))


OUTPUT_STEPS: tuple[tuple[str, Step], ...] = (
    ("phi_leakage", step_phi_leakage),
    ("false_promises", step_false_promises),
    ("output_content_filter", step_output_content_filter),
)


# --- running --------------------------------------------------------------------------------


def _fold(value: str) -> str:
    return " ".join(value.casefold().split())


def _digits_match(value: str, allowed: set[str]) -> bool:
    # "(555) 010-4477" in a reply is the "555-010-4477" the patient gave.
    digits = re.sub(r"\D", "", value)
    return len(digits) >= 7 and any(re.sub(r"\D", "", a).endswith(digits[-10:]) for a in allowed)


def redact(text: str, entities: Iterable[Entity], redaction: Redaction) -> str:
    out: list[str] = []
    cursor = 0
    for entity in sorted(entities, key=lambda e: e.start):
        out.append(text[cursor : entity.start])
        out.append(redaction.placeholder_for(entity.type, entity.value))
        cursor = entity.end
    out.append(text[cursor:])
    return "".join(out)


def _run(direction: str, steps: tuple[tuple[str, Step], ...], state: _State) -> SafetyResult:
    for name, step in steps:
        if not state.policy.enabled(name):
            continue
        try:
            step(state)
        except Exception:
            # The message is not logged: only which step failed.
            logger.exception("safety step failed", extra={"step": name, "direction": direction})
            if name in MANDATORY_STEPS:
                state.report(Finding(f"{name}_error", 1.0, Decision.HANDOFF), FAILED_CLOSED_REPLY)
                if name in {"sanitize", "phi"}:
                    # Without these the text cannot be shown to anyone but the patient.
                    state.redacted = ""
            else:
                state.findings.append(Finding(f"{name}_error", 0.0))
    return SafetyResult(
        direction=direction,
        original=state.original,
        text=state.text,
        redacted=state.redacted,
        decision=state.decision,
        reply=state.reply,
        findings=tuple(state.findings),
        entities=tuple(state.entities),
        crisis=state.crisis,
        crisis_response=state.crisis_response,
        store_allowed=state.store_allowed,
    )


def check_input(
    text: str,
    *,
    policy: SafetyPolicy | None = None,
    conversation: Conversation | None = None,
    crisis_confirm: Callable[[str, CrisisAssessment], CrisisTier | None] | None = None,
) -> SafetyResult:
    """Run the input pipeline over one patient message."""
    state = _State(
        original=text,
        policy=policy or SafetyPolicy(),
        conversation=conversation or Conversation(),
        crisis_confirm=crisis_confirm,
    )
    return _run("input", INPUT_STEPS, state)


def check_output(
    text: str, *, policy: SafetyPolicy | None = None, conversation: Conversation | None = None
) -> SafetyResult:
    """Run the output pipeline over one reply before the patient sees it."""
    state = _State(original=text, policy=policy or SafetyPolicy(), conversation=conversation or Conversation())
    state.text = text
    state.redacted = text
    return _run("output", OUTPUT_STEPS, state)
