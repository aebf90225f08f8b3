"""Crisis: a model's opinion (it may raise, never lower), and what the person is told."""

from __future__ import annotations

import logging
import threading

import pytest

from nuvae.lib.safety.crisis import CrisisResponse, assess, detect, response_for
from nuvae.lib.safety.types import NO_CRISIS, CrisisAssessment, CrisisCategory, CrisisTier, Decision

T = CrisisTier
C = CrisisCategory


def tier_of(text: str) -> CrisisTier:
    return detect(text).tier


# --- categories and tiers --------------------------------------------------------------


def test_assess_without_confirm_is_detect() -> None:
    assert assess("I want to kill myself") == detect("I want to kill myself")


def test_model_may_raise_an_oblique_message() -> None:
    result = assess("I'm so overwhelmed lately", confirm=lambda text, rules: T.HIGH)
    assert result.tier == T.HIGH
    assert result.confirmed_by_model is True
    assert result.category == C.SUICIDE_SELF_HARM
    assert "model.raised" in result.signals


def test_model_may_raise_a_message_the_rules_missed() -> None:
    result = assess("I feel like a ghost in my own house lately", confirm=lambda text, rules: T.MEDIUM)
    assert result.tier == T.MEDIUM
    assert result.confirmed_by_model is True


def test_model_agreeing_confirms() -> None:
    result = assess("I want to kill myself", confirm=lambda text, rules: T.HIGH)
    assert result.tier == T.HIGH
    assert result.confirmed_by_model is True
    assert result.score >= detect("I want to kill myself").score


def test_model_never_lowers_a_rule_tier() -> None:
    rules = detect("I'm going to kill myself tonight")
    result = assess("I'm going to kill myself tonight", confirm=lambda text, rules: T.NONE)
    assert result == rules
    assert result.tier == T.CRITICAL
    assert result.confirmed_by_model is False


def test_model_without_an_opinion_leaves_rules() -> None:
    assert assess("my husband hits me", confirm=lambda text, rules: None) == detect("my husband hits me")


def test_model_is_given_the_rules_assessment() -> None:
    seen: list[CrisisAssessment] = []

    def confirm(text: str, rules: CrisisAssessment) -> CrisisTier:
        seen.append(rules)
        return rules.tier

    assess("I want to kill myself", confirm=confirm)
    assert seen == [detect("I want to kill myself")]


def test_model_exception_leaves_rules_and_logs_without_text(caplog: pytest.LogCaptureFixture) -> None:
    text = "I want to kill myself, my name is Dana Whitfield"

    def confirm(text: str, rules: CrisisAssessment) -> CrisisTier:
        raise RuntimeError(f"provider rejected: {text}")

    with caplog.at_level(logging.WARNING, logger="nuvae.lib.safety.crisis.confirm"):
        result = assess(text, confirm=confirm)
    assert result == detect(text)
    assert len(caplog.records) == 1
    record = caplog.records[0]
    assert record.levelno == logging.WARNING
    assert "Dana" not in record.getMessage()
    assert all("Dana" not in str(value) for value in vars(record).values())


def test_model_timeout_leaves_rules() -> None:
    release = threading.Event()

    def confirm(text: str, rules: CrisisAssessment) -> CrisisTier:
        release.wait(5)
        return T.CRITICAL

    try:
        result = assess("I'm so overwhelmed lately", confirm=confirm, timeout_s=0.05)
    finally:
        release.set()
    assert result == detect("I'm so overwhelmed lately")
    assert result.confirmed_by_model is False


def test_model_answer_that_is_not_a_tier_leaves_rules() -> None:
    result = assess("I want to kill myself", confirm=lambda text, rules: "very bad")  # type: ignore[arg-type,return-value]
    assert result == detect("I want to kill myself")


# --- responses -------------------------------------------------------------------------


def _names(response: CrisisResponse) -> list[str]:
    return [resource.name for resource in response.resources]


def test_no_crisis_response_continues_silently() -> None:
    response = response_for(NO_CRISIS)
    assert response.decision == Decision.CONTINUE
    assert response.message == ""
    assert response.resources == ()
    assert response.audit_action is None


def test_low_continues_with_a_gentle_redirect() -> None:
    response = response_for(detect("I'm so overwhelmed lately"))
    assert response.decision == Decision.CONTINUE
    assert "988" in response.message
    assert response.handoff is False
    assert response.stop_ai is False
    assert (response.audit_action, response.severity) == ("SAFETY_TRIGGER", "info")


def test_medium_redirects_with_resources_and_offers_a_person() -> None:
    response = response_for(detect("i wish i was dead"))
    assert response.decision == Decision.REDIRECT
    assert _names(response) == ["988 Suicide & Crisis Lifeline", "Crisis Text Line"]
    assert "team" in response.message
    assert response.handoff is False
    assert (response.audit_action, response.severity) == ("SAFETY_TRIGGER", "warning")


def test_high_hands_off_at_once_with_resources() -> None:
    response = response_for(detect("I want to kill myself"))
    assert response.decision == Decision.HANDOFF
    assert response.handoff is True
    assert response.stop_ai is True
    assert "988 Suicide & Crisis Lifeline" in _names(response)
    assert (response.audit_action, response.severity) == ("SAFETY_TRIGGER", "critical")


def test_critical_stops_the_ai_with_emergency_resources() -> None:
    response = response_for(detect("I'm going to kill myself tonight"))
    assert response.decision == Decision.EMERGENCY
    assert response.stop_ai is True
    assert response.handoff is True
    lines = [resource.line() for resource in response.resources]
    assert "988 Suicide & Crisis Lifeline — call or text 988" in lines
    assert "Crisis Text Line — text HOME to 741741" in lines
    assert "911 — call 911 for immediate danger" in lines
    assert "I'm here, and a member of our team is being alerted." in response.message
    assert "alone" in response.message
    assert (response.audit_action, response.severity) == ("EMERGENCY", "critical")


def test_medical_emergency_puts_911_first_and_audits_emergency() -> None:
    response = response_for(detect("I have chest pain"))
    assert response.decision == Decision.HANDOFF
    assert response.resources[0].name == "911"
    assert response.audit_action == "EMERGENCY"


def test_overdose_adds_poison_control_after_911() -> None:
    response = response_for(detect("I took a whole bottle of pills"))
    assert _names(response)[:2] == ["911", "Poison Control"]


def test_abuse_gives_the_domestic_violence_hotline() -> None:
    response = response_for(detect("my husband hits me"))
    assert "National Domestic Violence Hotline" in _names(response)
    assert any("1-800-799-7233" in r.how and "START to 88788" in r.how for r in response.resources)
    assert "Childhelp National Child Abuse Hotline" not in _names(response)


def test_child_abuse_adds_childhelp() -> None:
    response = response_for(detect("my stepdad hits me and I'm 13"))
    assert "Childhelp National Child Abuse Hotline" in _names(response)
    assert any("1-800-422-4453" in r.how for r in response.resources)


_METHOD_WORDS = ("pill", "gun", "rope", "knife", "bridge", "hang", "overdose", "cut", "jump", "poison", "bleach")


@pytest.mark.parametrize("category", list(CrisisCategory))
@pytest.mark.parametrize("tier", [T.LOW, T.MEDIUM, T.HIGH, T.CRITICAL])
@pytest.mark.parametrize("sms", [False, True])
def test_messages_never_name_a_method(category: CrisisCategory, tier: CrisisTier, sms: bool) -> None:
    message = response_for(CrisisAssessment(tier, category, 0.9), sms=sms).message.lower()
    assert message
    assert not [word for word in _METHOD_WORDS if word in message]


@pytest.mark.parametrize("category", list(CrisisCategory))
def test_critical_sms_fits_in_480_characters(category: CrisisCategory) -> None:
    signals = ("abuse.child", "medical.overdose")
    response = response_for(CrisisAssessment(T.CRITICAL, category, 0.9, signals), sms=True)
    assert len(response.render()) <= 480


def test_response_is_frozen() -> None:
    response = response_for(detect("I want to kill myself"))
    with pytest.raises(AttributeError):
        response.stop_ai = False  # type: ignore[misc]


# --- gates -----------------------------------------------------------------------------
