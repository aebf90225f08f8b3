"""Crisis detection: rules per category and tier, negation, idioms, context, normalisation."""

from __future__ import annotations

import re

import pytest

from nuvae.lib.safety.crisis import detect
from nuvae.lib.safety.crisis.normalize import normalise
from nuvae.lib.safety.types import NO_CRISIS, CrisisCategory, CrisisTier

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
