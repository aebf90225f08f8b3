"""The crisis rule type and its builder; the rules live in the `rules_*` modules.

The crisis rules: one named pattern per phenomenon, with the tier it stands for.

A rule's name is what the assessment reports (never the words matched). Rules read the
normalised text after idioms are masked (see `idioms.py`), so "this wait is killing me"
never reaches them. The detector then drops a match that is negated ("not going to hurt
myself") or framed as paperwork or old history, and raises a HIGH match to CRITICAL when
the message also names a time, means, a plan or an act under way (the rule's `escalate`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import CrisisCategory, CrisisTier
from .lexicon import FILLER

SELF = CrisisCategory.SUICIDE_SELF_HARM
OTHERS = CrisisCategory.HARM_TO_OTHERS
MEDICAL = CrisisCategory.MEDICAL_EMERGENCY
ABUSE = CrisisCategory.ABUSE
NONE, LOW, MEDIUM, HIGH, CRITICAL = (
    CrisisTier.NONE,
    CrisisTier.LOW,
    CrisisTier.MEDIUM,
    CrisisTier.HIGH,
    CrisisTier.CRITICAL,
)

# What turns a HIGH into CRITICAL: a stated time, means at hand, a plan, or an act under way.
TIME, MEANS, PLAN, PROGRESS, DANGER, ARMED = "time", "means", "plan", "progress", "danger", "armed"
INTENT_ESCALATORS = frozenset({TIME, MEANS, PLAN, PROGRESS})


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    category: CrisisCategory
    tier: CrisisTier
    pattern: re.Pattern[str]
    # How sure a match alone makes us (the assessment's score starts from the best one).
    weight: float
    # "statement": the writer about themselves now; "mention": a word that may be a topic.
    # Paperwork and old-history frames silence a mention, and only cap a statement.
    kind: str = "statement"
    negatable: bool = True
    escalate: frozenset[str] = frozenset()
    # Hyperbole-prone: a joke marker ("lol", "jk") without "for real" caps it at LOW.
    soft: bool = False


def _rule(
    name: str,
    category: CrisisCategory,
    tier: CrisisTier,
    pattern: str,
    weight: float,
    *,
    kind: str = "statement",
    negatable: bool = True,
    escalate: frozenset[str] = frozenset(),
    soft: bool = False,
) -> Rule:
    # A filler word in a pattern never swallows a negation ("i am not suicidal").
    pattern = pattern.replace(r"(?:\w+ )", FILLER)
    return Rule(name, category, tier, re.compile(pattern), weight, kind, negatable, escalate, soft)
