"""Crisis detection: rules, negation, idioms, context, normalisation, model confirmation, responses."""

from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path

import pytest

from nuvae.lib.safety.crisis import CrisisResponse, assess, detect, response_for
from nuvae.lib.safety.crisis.detector import _detect
from nuvae.lib.safety.crisis.normalize import normalise
from nuvae.lib.safety.types import NO_CRISIS, CrisisAssessment, CrisisCategory, CrisisTier, Decision

T = CrisisTier
C = CrisisCategory


def tier_of(text: str) -> CrisisTier:
    return detect(text).tier


# --- categories and tiers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("I want to kill myself", T.HIGH),
        ("i've been thinking about ending my life", T.HIGH),
        ("I'm suicidal", T.HIGH),
        ("I don't want to be alive anymore", T.HIGH),
        ("i wish i was dead", T.MEDIUM),
        ("everyone would be better off without me", T.MEDIUM),
        ("I'm going to kill myself tonight", T.CRITICAL),
        ("i have the pills in my hand and im going to take them all", T.CRITICAL),
        ("I just swallowed all of my sleeping pills", T.CRITICAL),
        ("i'm sitting in the garage with the car running", T.CRITICAL),
        ("I've been cutting myself every night", T.HIGH),
        ("I'm so overwhelmed lately", T.LOW),
    ],
)
def test_suicide_and_self_harm_tiers(text: str, tier: CrisisTier) -> None:
    assessment = detect(text)
    assert assessment.tier == tier
    assert assessment.category == C.SUICIDE_SELF_HARM


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("I'm going to kill him", T.HIGH),
        ("I keep having thoughts of hurting my coworkers", T.HIGH),
        ("I'm coming in there today with my rifle", T.CRITICAL),
        ("i'm going to shoot up the clinic", T.CRITICAL),
        ("I punched a hole in the wall yesterday", T.MEDIUM),
        ("I'm so angry at my landlord", T.LOW),
    ],
)
def test_harm_to_others_tiers(text: str, tier: CrisisTier) -> None:
    assessment = detect(text)
    assert assessment.tier == tier
    assert assessment.category == C.HARM_TO_OTHERS


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("I have chest pain and can't breathe", T.CRITICAL),
        ("my dad's face is drooping and his speech is slurred", T.CRITICAL),
        ("my throat is closing up after eating shrimp", T.CRITICAL),
        ("my son is having a seizure", T.CRITICAL),
        ("she's unconscious and won't wake up", T.CRITICAL),
        ("it's bleeding heavily and won't stop", T.CRITICAL),
        ("my 2 year old swallowed a button battery", T.CRITICAL),
        ("I have chest pain", T.HIGH),
        ("coughing up blood since this morning", T.HIGH),
        ("fever of 103 for 4 days and I can't keep anything down", T.MEDIUM),
    ],
)
def test_medical_emergency_tiers(text: str, tier: CrisisTier) -> None:
    assessment = detect(text)
    assert assessment.tier == tier
    assert assessment.category == C.MEDICAL_EMERGENCY


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("my husband hits me", T.HIGH),
        ("I don't feel safe at home", T.HIGH),
        ("he threatened to kill me", T.HIGH),
        ("my stepdad touches me and says not to tell", T.HIGH),
        ("my daughter takes my social security check every month", T.HIGH),
        ("he's outside my door right now and he said he's going to kill me", T.CRITICAL),
        ("hiding in the bathroom, he has a knife and he's looking for me", T.CRITICAL),
        ("my wife yells at me and calls me worthless", T.MEDIUM),
    ],
)
def test_abuse_tiers(text: str, tier: CrisisTier) -> None:
    assessment = detect(text)
    assert assessment.tier == tier
    assert assessment.category == C.ABUSE


def test_benign_scheduling_message_is_no_crisis() -> None:
    assert detect("Can I move my cleaning to Tuesday at 3pm? My member ID is W123456789.") is NO_CRISIS


def test_empty_and_blank_text_is_no_crisis() -> None:
    assert detect("") is NO_CRISIS
    assert detect(" \u200b\n ") is NO_CRISIS


def test_signals_are_rule_names_not_text() -> None:
    assessment = detect("I want to kill myself tonight")
    assert assessment.signals
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_0-9]+", signal) for signal in assessment.signals)
    assert "suicide.intent" in assessment.signals
    assert "escalated.time" in assessment.signals


def test_score_is_a_confidence_between_zero_and_one() -> None:
    assert 0.0 < detect("I want to kill myself").score <= 1.0
    assert detect("I'm so overwhelmed lately").score < detect("I'm going to kill myself tonight").score


def test_overdose_reported_by_a_parent_is_medical() -> None:
    assert detect("my toddler got into grandma's pills").category == C.MEDICAL_EMERGENCY


def test_self_inflicted_bleeding_is_self_harm() -> None:
    assessment = detect("I cut too deep this time and it won't stop bleeding")
    assert assessment.tier == T.CRITICAL
    assert assessment.category == C.SUICIDE_SELF_HARM


def test_minimised_self_harm_is_medium() -> None:
    assert tier_of("I've been cutting again but I'm ok") == T.MEDIUM


def test_disowned_intrusive_thoughts_are_medium() -> None:
    assert tier_of("I get intrusive thoughts about hurting people, I'd never do it") == T.MEDIUM


# --- negation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to hurt myself",
        "no thoughts of self-harm",
        "I never wanted to die",
        "I'm not suicidal",
        "I would never kill myself",
        "i dont want to die, i just want my test results",
        "Suicidal thoughts: none",
        "I don't think I'll hurt myself",
    ],
)
def test_negated_statements_are_not_crises(text: str) -> None:
    assert detect(text) is NO_CRISIS


def test_negation_does_not_reach_across_a_new_clause() -> None:
    assert tier_of("i cant do this i want to die") == T.HIGH


def test_negation_words_inside_a_phrase_still_count() -> None:
    assert tier_of("I don't want to live anymore") == T.HIGH
    assert tier_of("I can't breathe") == T.CRITICAL


def test_negated_time_does_not_escalate() -> None:
    assert tier_of("I want to kill myself but I won't do it tonight") == T.HIGH


# --- idioms ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "this wait is killing me",
        "I could kill for a coffee",
        "my feet are killing me",
        "dying to know my results",
        "that cheesecake is to die for",
        "trying to kill two birds with one stone",
        "you're killing it",
        "shoot me a text when the doctor is ready",
        "I'm dead lol",
        "my phone died, can you call back",
        "I need my flu shot",
        "I hurt myself at the gym, can I get an appointment",
        "the hold music makes me want to die lol",
        "I laughed so hard I couldn't breathe",
        "can't breathe through my nose, allergies again",
    ],
)
def test_idioms_are_not_crises(text: str) -> None:
    assert detect(text).tier < T.MEDIUM


def test_idiom_does_not_hide_a_real_statement_in_the_same_message() -> None:
    assert tier_of("this wait is killing me and honestly I want to kill myself") == T.HIGH


def test_joke_marker_caps_hyperbole_at_low() -> None:
    assert tier_of("i want to die lol") == T.LOW


def test_joke_marker_does_not_cancel_a_plan() -> None:
    assert tier_of("lol im going to kill myself tonight, i wrote the note") == T.CRITICAL


# --- context ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The intake form asks if I've had thoughts of suicide",
        "I attempted suicide 10 years ago, need to update my history",
        "Do you do domestic violence screening at every visit?",
        "my mother had a seizure in 2019, I need her records",
        "my sister was in an abusive relationship years ago, she's fine now",
        "the school class on self harm awareness was good",
        "is narcan free at your pharmacy? my work wants us to carry it",
    ],
)
def test_administrative_and_old_history_mentions_are_not_crises(text: str) -> None:
    assert detect(text) is NO_CRISIS


def test_own_past_history_without_paperwork_is_low() -> None:
    assert tier_of("my ex was abusive but that was years ago and I'm safe now") == T.LOW


def test_someone_elses_emergency_now_is_critical() -> None:
    assert tier_of("my dad is having a heart attack") == T.CRITICAL


def test_booking_words_do_not_silence_a_present_statement() -> None:
    assert tier_of("need to book an appt, ive been thinking about killing myself") == T.HIGH


# --- normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("I’m SOOOO done", "im so done"),
        ("helppp meee", "help me"),
        ("killllll", "kill"),
        ("k\u200bms", "kill myself"),
        ("su1c1de", "suicide"),
        ("I wanna d13", "i want to die"),
        ("can’t", "cant"),
        ("self-harm", "self harm"),
        ("took 10mg at 5pm", "took 10mg at 5pm"),
        ("call 911", "call 911"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "kms",
        "i wanna unalive myself",
        "I WANT TO KILL MYSELF",
        "i want to k1ll mys3lf",
        "i want to kill\u200b myself",
        "i wannnna dieeee",
        "i keep thinkin about endin my life",
        "i want to kіll myself",  # Cyrillic і
    ],
)
def test_sms_style_and_evasion_are_read(text: str) -> None:
    assert tier_of(text) >= T.HIGH


# --- model confirmation ----------------------------------------------------------------


def test_assess_without_confirm_is_detect() -> None:
    assert assess("I want to kill myself") == detect("I want to kill myself")


def test_model_may_raise_an_oblique_message() -> None:
    result = assess("I'm so overwhelmed lately", confirm=lambda text, rules: T.HIGH)
    assert result.tier == T.HIGH
    assert result.confirmed_by_model is True
    assert result.category == C.SUICIDE_SELF_HARM
    assert "model.raised" in result.signals


def test_model_may_raise_a_message_the_rules_missed() -> None:
    result = assess("I gave away my dog and my guitar this week", confirm=lambda text, rules: T.MEDIUM)
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

_GATE_CORPUS = [
    "I want to kill myself",
    "my grandma is in hospice and im not handling it well",
    "hiding in the closet. he has a gun and he's looking for me",
    "my 3 week old has a temp of 100.8",
    "the baby hasn't moved since last night",
    "I can't see the point anymore",
    "why do i even bother",
    "my partner makes me have sex when I say no",
    "make them all pay",
    "I already bought the poison, it goes in his dinner tonight",
    "cantstop crying",
    "idk if id still be here without my dog",
]


_DEV_SET = Path(__file__).parent / "eval" / "crisis_dev.jsonl"


def _gate_corpus() -> list[str]:
    texts = list(_GATE_CORPUS)
    if _DEV_SET.exists():
        texts += [json.loads(line)["text"] for line in _DEV_SET.read_text().splitlines() if line.strip()]
    return texts


def test_rule_gates_never_change_the_result() -> None:
    changed = [text for text in _gate_corpus() if _detect(text, gated=True) != _detect(text, gated=False)]
    assert changed == []
