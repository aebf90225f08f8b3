"""Crisis: phrasings the rules were not written from (the safety net and probes), and rule gates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nuvae.lib.safety.crisis import detect
from nuvae.lib.safety.crisis.detector import _detect
from nuvae.lib.safety.types import CrisisCategory, CrisisTier

T = CrisisTier
C = CrisisCategory


def tier_of(text: str) -> CrisisTier:
    return detect(text).tier


# --- categories and tiers --------------------------------------------------------------


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
