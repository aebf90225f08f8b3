"""What the caller does after a crisis assessment, and what the person is told.

The wording follows safe-messaging guidance (988lifeline.org, reportingonsuicide.org):
warm and direct, no judgement, never a word about methods, the person is not left alone
("I'm here; a member of our team is being alerted"), and help is concrete — a number to
call or text now. Messages are short enough for chat and, with `sms=True`, for SMS.

Tier -> action:
- LOW: continue; prepend the gentle redirect sentence to the normal reply.
- MEDIUM: redirect; give resources and offer a person.
- HIGH: hand off to a person now, with resources.
- CRITICAL: stop the AI, show emergency resources, alert a person at once.
Every tier above NONE is audited: EMERGENCY for CRITICAL and for medical emergencies,
SAFETY_TRIGGER otherwise, never with the message text.
"""

# ruff: noqa: E501 -- regex alternations read best one phrase list per line, not re-wrapped at 120.

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..types import CrisisAssessment, CrisisCategory, CrisisTier, Decision

AuditAction = Literal["EMERGENCY", "SAFETY_TRIGGER"]
Severity = Literal["info", "warning", "critical"]


@dataclass(frozen=True, slots=True)
class Resource:
    name: str
    how: str
    detail: str = ""

    def line(self) -> str:
        return f"{self.name} — {self.how}"


@dataclass(frozen=True, slots=True)
class CrisisResponse:
    decision: Decision
    message: str
    resources: tuple[Resource, ...]
    handoff: bool
    stop_ai: bool
    audit_action: AuditAction | None
    severity: Severity

    def render(self) -> str:
        """The message followed by one line per resource, ready to send."""
        return "\n".join([self.message, *(resource.line() for resource in self.resources)]).strip()


LIFELINE = Resource(
    "988 Suicide & Crisis Lifeline", "call or text 988", "Free, confidential, 24/7; chat at 988lifeline.org."
)
CRISIS_TEXT_LINE = Resource("Crisis Text Line", "text HOME to 741741", "Free, 24/7 support by text.")
EMERGENCY_911 = Resource("911", "call 911 for immediate danger", "Police, fire and ambulance.")
MEDICAL_911 = Resource("911", "call 911 now", "For a medical emergency; do not wait or drive yourself.")
POISON_CONTROL = Resource("Poison Control", "call 1-800-222-1222", "Free, 24/7, for a possible overdose or poisoning.")
DOMESTIC_VIOLENCE = Resource(
    "National Domestic Violence Hotline",
    "call 1-800-799-7233 or text START to 88788",
    "Free, confidential, 24/7.",
)
CHILDHELP = Resource("Childhelp National Child Abuse Hotline", "call or text 1-800-422-4453", "Free, 24/7.")
ELDERCARE = Resource("Eldercare Locator", "call 1-800-677-1116", "Connects you with Adult Protective Services.")

_STAY = "I'm here, and a member of our team is being alerted."

_LOW = {
    False: (
        "I'm sorry things feel hard right now. If you'd like to talk with someone, you can call or text 988 any "
        "time, or ask me to connect you with our team."
    ),
    True: "Sorry things feel hard. You can call or text 988 any time, or ask for our team.",
}

# (category, sms) -> message, per tier. Category NONE (a model raised the tier) reads like suicide/self-harm,
# which names nothing specific.
_MEDIUM: dict[tuple[CrisisCategory, bool], str] = {
    (CrisisCategory.SUICIDE_SELF_HARM, False): (
        "Thank you for telling me. It sounds like you're carrying a lot, and you don't have to go through this alone. "
        "You can call or text 988 any time to talk with someone who cares. Would you like me to connect you with a "
        "member of our team?"
    ),
    (CrisisCategory.SUICIDE_SELF_HARM, True): (
        "Thank you for telling me. You don't have to go through this alone. Call or text 988 any time. "
        "Want me to connect you with our team?"
    ),
    (CrisisCategory.ABUSE, False): (
        "Thank you for telling me. What you're describing is not your fault, and you deserve to be safe. Trained "
        "advocates are available any time, and I can connect you with a member of our team if you'd like."
    ),
    (CrisisCategory.ABUSE, True): (
        "Thank you for telling me. It's not your fault and you deserve to be safe. Want me to connect you with our team?"
    ),
    (CrisisCategory.HARM_TO_OTHERS, False): (
        "Thank you for telling me. It sounds like a lot is going on. You can call or text 988 to talk with someone "
        "right away. Would you like me to connect you with a member of our team?"
    ),
    (CrisisCategory.HARM_TO_OTHERS, True): (
        "Thank you for telling me. Call or text 988 to talk with someone now. Want me to connect you with our team?"
    ),
    (CrisisCategory.MEDICAL_EMERGENCY, False): (
        "That sounds worrying. If it gets worse or you feel unsafe, call 911. Would you like me to connect you with a "
        "member of our team now?"
    ),
    (CrisisCategory.MEDICAL_EMERGENCY, True): "That sounds worrying. If it gets worse, call 911. Want our team now?",
}
_HIGH: dict[tuple[CrisisCategory, bool], str] = {
    (CrisisCategory.SUICIDE_SELF_HARM, False): (
        "Thank you for telling me. I'm really glad you reached out, and you don't have to go through this alone. "
        "I'm bringing in a member of our team now. You can also call or text 988 to talk with a trained counselor "
        "right away."
    ),
    (CrisisCategory.SUICIDE_SELF_HARM, True): (
        "Thank you for telling me. You don't have to go through this alone. I'm bringing in our team now. "
        "You can also call or text 988 right away."
    ),
    (CrisisCategory.ABUSE, False): (
        "Thank you for telling me. This is not your fault, and you deserve to be safe. I'm bringing in a member of "
        "our team now. If you are in danger, call 911."
    ),
    (CrisisCategory.ABUSE, True): (
        "Thank you for telling me. It's not your fault. I'm bringing in our team now. If you are in danger, call 911."
    ),
    (CrisisCategory.HARM_TO_OTHERS, False): (
        "Thank you for telling me. I'm bringing in a member of our team now. You can call or text 988 to talk with "
        "someone right away, and if anyone is in immediate danger, call 911."
    ),
    (CrisisCategory.HARM_TO_OTHERS, True): (
        "Thank you for telling me. I'm bringing in our team now. Call or text 988 to talk now; if anyone is in "
        "danger, call 911."
    ),
    (CrisisCategory.MEDICAL_EMERGENCY, False): (
        "This could be serious. If it is getting worse, or you are unsure, call 911 now. I'm bringing in a member "
        "of our team right away."
    ),
    (
        CrisisCategory.MEDICAL_EMERGENCY,
        True,
    ): "This could be serious. If it is getting worse, call 911 now. I'm bringing in our team.",
}
_CRITICAL: dict[tuple[CrisisCategory, bool], str] = {
    (CrisisCategory.SUICIDE_SELF_HARM, False): (
        "I'm really glad you told me, and your safety matters most right now. Please call 911 if you are in "
        "immediate danger, or call or text 988 now to talk with someone. You don't have to go through this alone. "
        + _STAY
    ),
    (CrisisCategory.SUICIDE_SELF_HARM, True): (
        "I'm glad you told me. Your safety matters most. If you're in immediate danger call 911, or call or text "
        "988 now. You don't have to go through this alone. " + _STAY
    ),
    (CrisisCategory.ABUSE, False): (
        "Your safety comes first. If you are in danger right now, call 911. This is not your fault, and you don't "
        "have to go through this alone. " + _STAY
    ),
    (CrisisCategory.ABUSE, True): (
        "Your safety comes first. If you are in danger now, call 911. It's not your fault. " + _STAY
    ),
    (CrisisCategory.HARM_TO_OTHERS, False): (
        "If anyone is in immediate danger, please call 911 now. You can also call or text 988 to talk with someone "
        "right away. " + _STAY
    ),
    (CrisisCategory.HARM_TO_OTHERS, True): (
        "If anyone is in danger, call 911 now. You can also call or text 988. " + _STAY
    ),
    (CrisisCategory.MEDICAL_EMERGENCY, False): (
        "This sounds like an emergency. Please call 911 now, and don't wait for a reply here. " + _STAY
    ),
    (CrisisCategory.MEDICAL_EMERGENCY, True): "This sounds like an emergency. Call 911 now. " + _STAY,
}


def _message(table: dict[tuple[CrisisCategory, bool], str], category: CrisisCategory, sms: bool) -> str:
    if category is CrisisCategory.NONE:
        category = CrisisCategory.SUICIDE_SELF_HARM
    return table[(category, sms)]


def _resources(assessment: CrisisAssessment) -> tuple[Resource, ...]:
    tier, category, signals = assessment.tier, assessment.category, assessment.signals
    overdose = "medical.overdose" in signals
    if category is CrisisCategory.MEDICAL_EMERGENCY:
        found = [MEDICAL_911]
        if overdose:
            found.append(POISON_CONTROL)
        if tier == CrisisTier.CRITICAL:
            found += [LIFELINE, CRISIS_TEXT_LINE]
        return tuple(found)
    if category is CrisisCategory.ABUSE:
        found = [EMERGENCY_911, DOMESTIC_VIOLENCE] if tier >= CrisisTier.HIGH else [DOMESTIC_VIOLENCE]
        if "abuse.child" in signals or "abuse.child_context" in signals:
            found.append(CHILDHELP)
        if "abuse.elder" in signals or "abuse.elder_context" in signals:
            found.append(ELDERCARE)
        if tier == CrisisTier.CRITICAL:
            found += [LIFELINE, CRISIS_TEXT_LINE]
        return tuple(found)
    if overdose:
        # Pills already taken: a medical emergency first, whatever the intent.
        return (MEDICAL_911, POISON_CONTROL, LIFELINE, CRISIS_TEXT_LINE)
    found = [LIFELINE, CRISIS_TEXT_LINE]
    if tier >= CrisisTier.HIGH:
        found.append(EMERGENCY_911)
    return tuple(found)


def _audit(assessment: CrisisAssessment) -> tuple[AuditAction | None, Severity]:
    tier = assessment.tier
    if tier == CrisisTier.NONE:
        return None, "info"
    severity: Severity = {CrisisTier.LOW: "info", CrisisTier.MEDIUM: "warning"}.get(tier, "critical")  # type: ignore[assignment]
    if tier == CrisisTier.CRITICAL or assessment.category is CrisisCategory.MEDICAL_EMERGENCY:
        return "EMERGENCY", severity
    return "SAFETY_TRIGGER", severity


def response_for(assessment: CrisisAssessment, *, sms: bool = False) -> CrisisResponse:
    """The action, words and resources for an assessment (`sms=True`: shorter words)."""
    action, severity = _audit(assessment)
    tier = assessment.tier
    if tier == CrisisTier.NONE:
        return CrisisResponse(
            Decision.CONTINUE, "", (), handoff=False, stop_ai=False, audit_action=None, severity="info"
        )
    if tier == CrisisTier.LOW:
        return CrisisResponse(
            Decision.CONTINUE, _LOW[sms], (), handoff=False, stop_ai=False, audit_action=action, severity=severity
        )
    resources = _resources(assessment)
    if tier == CrisisTier.MEDIUM:
        message = _message(_MEDIUM, assessment.category, sms)
        return CrisisResponse(Decision.REDIRECT, message, resources, False, False, action, severity)
    if tier == CrisisTier.HIGH:
        message = _message(_HIGH, assessment.category, sms)
        return CrisisResponse(Decision.HANDOFF, message, resources, True, True, action, severity)
    message = _message(_CRITICAL, assessment.category, sms)
    return CrisisResponse(Decision.EMERGENCY, message, resources, True, True, action, severity)
