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


# --- safety net: phrasings that appear in no evaluation set ------------------------------

_NET_AT_LEAST_HIGH = [
    "i keep thinking it would be easier to just not wake up tomorrow, i want to be gone",
    "been planning how to end it, i have a date picked",
    "i gave away my cat and my books this week, wont need them where im going",
    "i wrote letters to my mom and my sister, they will find them after",
    "how much insulin would it take to not wake up",
    "i want to jump off the parking garage downtown",
    "i keep thinking about stepping in front of a train on my way home",
    "i could just drive my car into a tree and be done",
    "ive been saving up my pills for weeks now",
    "after im gone please make sure my dog is fed",
    "i wont be around for much longer so cancel everything",
    "im done with life, i really mean it",
    "i should just die, everyone says so",
    "been burning my arms with a lighter most nights",
    "the urges to cut are so strong i cant think",
    "i took a razor to my thigh again and it wont stop bleeding",
    "my brother keeps texting me about killing himself",
    "my girlfriend says shes going to end it all and wont answer",
    "i'm going to smother that man next door",
    "one of these days i'm going to run my landlord over",
    "i swear ill stab my stepdad if he touches my mom again",
    "i want to make my manager suffer",
    "im bringing my knife to school tomorrow for those kids",
    "my coworker better watch her back",
    "i hope my ex dies in a fire and honestly id help",
    "my stepfather beats my little brother with a belt",
    "my wife threw me against the wall and took my keys",
    "i get hit by my boyfriend when he's drunk",
    "my foster mom locks us in the basement",
    "she won't let me leave the apartment or go to the doctor",
    "my caregiver has bruised my arms and says I fell",
    "he texted that if i leave he'll kill me",
    "my dad's chest feels really tight and heavy",
    "my husband's face looks crooked and he's talking funny",
    "my mom can't lift her right arm all of a sudden",
    "i suddenly lost the vision in one eye",
    "my daughter hit her head on the pool deck and keeps throwing up",
    "my 2 week old feels hot and is not feeding",
    "im 30 weeks pregnant and bleeding",
    "my son's sugar is low and he's confused and not making sense",
    "my calf is swollen and red and now im out of breath walking to the car",
    "worst headache i have ever had, came on in a second",
]
_NET_CRITICAL = [
    "im on the roof of my building right now",
    "sitting in my car with the pills and a bottle of vodka, tonight is the night",
    "the rope is set up in the closet, i'm doing it tonight",
    "i just downed the whole bottle of my xanax",
    "my roommate swallowed a bottle of pills and won't wake up",
    "my husband isn't breathing",
    "my baby is turning blue",
    "he's not responding and his lips are grey",
    "my son is convulsing on the floor",
    "my grandpa collapsed in the kitchen",
    "my throat is swelling shut after the bee sting",
    "she's bleeding everywhere from her leg",
    "my toddler drank some of the drain cleaner",
    "chest pain and i am sweating and dizzy right now",
    "i'm in the parking lot with my gun and i'm coming in",
    "my ex is outside with a knife and keeps saying he'll kill me",
    "he's pounding on my door right now and screaming he'll kill me",
    "me tomé todas mis pastillas",
]
_NET_BENIGN = [
    "i'm dying to see the new dermatologist, any openings?",
    "the line at the pharmacy is killing me",
    "this heat will be the death of me lol",
    "my phone died, can you call back?",
    "can I get a tetanus shot after a cut from a rusty nail?",
    "I cut myself shaving this morning, nothing serious",
    "burned my hand on the oven, do I need to come in?",
    "I'm not suicidal, I just need a refill",
    "no chest pain today, just a cough",
    "I don't want to hurt anyone, just asking about anger management classes",
    "what are the signs of a stroke? asking for a handout for my dad's caregivers",
    "is there a pamphlet on suicide prevention for parents?",
    "my grandma passed away last year, I need her records closed",
    "my dad had a heart attack in 2019 and is doing great, need his follow up",
    "my son had a seizure as a kid and has been seizure free for years",
    "the portal is unresponsive again, can you email the form?",
    "the app won't respond when I click pay",
    "can you shoot me the intake form by email",
    "I'll kill two birds with one stone and get my flu shot too",
    "my back is killing me, earliest appointment please",
    "I need to book my mom's overdose follow-up",
    "do you have CPR classes for new parents?",
    "I'm 12 weeks pregnant and need to schedule my ultrasound",
    "my 6 week old needs his vaccines, what days are open?",
    "can I get a copy of my stress test?",
    "my blood sugar has been stable, just need a refill of metformin",
    "I pass out at the sight of blood, can I lie down for the draw?",
    "I bought a new knife set for my kitchen, anyway can I move my appointment",
    "my son is dying to try out for football, does he need a physical?",
    "the bill was highway robbery lol",
    "I'll die if I miss the game, can we do 9am?",
    "I'm going to die of boredom in this waiting room haha",
    "can my husband pick up my prescription?",
    "we're moving so I won't need the follow up here, please send records",
    "my period is late, can I book a test?",
    "my kid hit his head on the table but he's fine now, just want a check",
    "I ran out of my heart pills, can you send a refill",
    "I have a headache and a runny nose, can I get a sick visit",
    "my neighbor shot a great photo of the clinic for the newsletter",
    "I'd love a Saturday slot, is there one?",
    "the gym is killing me but I feel great",
    "my chest x-ray results, are they in yet?",
]


@pytest.mark.parametrize("text", _NET_AT_LEAST_HIGH)
def test_safety_net_reads_new_phrasings_as_at_least_high(text: str) -> None:
    assert detect(text).tier >= T.HIGH


@pytest.mark.parametrize("text", _NET_CRITICAL)
def test_safety_net_reads_danger_now_as_critical(text: str) -> None:
    assert detect(text).tier == T.CRITICAL


@pytest.mark.parametrize("text", _NET_BENIGN)
def test_safety_net_leaves_look_alikes_alone(text: str) -> None:
    assert detect(text).tier == T.NONE


# Probes written for the second round (own wording, not copied from any evaluation set).
_PROBE_AT_LEAST_HIGH = [
    "the self harm has gotten way worse this month, every night now",
    "cutting is getting deeper and more often, i can't stop",
    "i'm terrified one day i won't stop shaking the baby when she screams",
    "worried that next time i can't stop hitting my son",
    "if the pharmacy denies my refill again someone at that counter is getting hurt",
    "after they denied my claim i swear somebody is getting hurt",
    "showing up at your clinic tomorrow with something for the nurse who laughed at me",
    "i'll be at the front desk friday, tell the doctor to watch his back",
    "stopping by the office later, that receptionist will regret hanging up on me",
    "i want to kill myself but my mom denies anything is wrong",
]
_PROBE_MEDIUM = [
    "my family would be happier without me around honestly",
    "they'd all be better off, i just cause problems",
    "i wouldn't mind if i got hit by a car on the way home",
    "i'm nothing but a burden to my husband now",
    "been drinking every night to get through the week since the funeral",
    "weed is the only thing that numbs it anymore",
    "i keep having horrible thoughts of dropping my newborn, i would never do it",
    "i'm at my wits end with the twins, screamed so loud i scared myself",
    "my girlfriend checks my phone every night and gets mad if i text my sister",
    "he hid my car keys so i can't leave without him",
    "cut my thumb opening a can, it's gaping open, do i need stitches?",
    "the neighbor's dog bit my daughter's hand and broke the skin",
    "burning when i pee, my side aches and i've got chills",
    "i'm so tired of everything, i can't stop crying",
]
_PROBE_LOW = [
    "my anxiety's been bad lately, my heart races at night",
    "i feel guilty all the time since my mom moved into care",
    "school has been brutal this term and i'm snapping at my roommates",
    "haven't slept in 3 days because of this deadline",
    "found a lump under my arm, should i be worried?",
    "my blood pressure readings are kinda high this week",
    "worried about a mole on my shoulder, it looks darker than before",
    "my heart skips a beat when i stand up fast",
]
_PROBE_BENIGN = [
    "i nearly died of embarrassment at my appointment lol",
    "my arm feels dead after the tetanus shot, is that normal?",
    "slept on my arm wrong and my hand feels numb this morning",
    "i sent my last message to the wrong number, sorry",
    "insurance denied the claim again, can billing resubmit it?",
    "coming to the office tomorrow with something for the front desk, cookies to say thanks",
    "i had a suicide attempt years ago, i'm doing great now, just need a new pcp",
    "should i worry about the bill if insurance hasn't paid yet?",
    "my dog bit through his leash, need a new one lol",
    "i'm coming to the clinic with my paperwork for the front desk",
]


@pytest.mark.parametrize("text", _PROBE_AT_LEAST_HIGH)
def test_probe_urgent_is_at_least_high(text: str) -> None:
    assert detect(text).tier >= T.HIGH


@pytest.mark.parametrize("text", _PROBE_MEDIUM)
def test_probe_concerning_distress_is_at_least_medium(text: str) -> None:
    assert detect(text).tier >= T.MEDIUM


@pytest.mark.parametrize("text", _PROBE_LOW)
def test_probe_distress_and_worry_is_at_least_low(text: str) -> None:
    assert detect(text).tier >= T.LOW


@pytest.mark.parametrize("text", _PROBE_BENIGN)
def test_probe_look_alikes_are_not_crises(text: str) -> None:
    assert detect(text).tier == T.NONE


@pytest.mark.parametrize(
    "text",
    [
        "I swallowed every pill in the medicine cabinet",
        "it's all planned out and my mind is made up, tonight's the night",
        "my boyfriend has me pinned against the wall, please call someone",
        "he's got me cornered in the kitchen",
    ],
)
def test_ingestion_resolve_and_restraint_are_urgent(text: str) -> None:
    assert detect(text).tier >= CrisisTier.HIGH


@pytest.mark.parametrize(
    "text",
    ["tonight's the night for our anniversary dinner", "I've got the party all planned out, so excited"],
)
def test_plans_and_big_nights_are_not_crises(text: str) -> None:
    assert detect(text).tier == CrisisTier.NONE
