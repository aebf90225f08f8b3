"""`detect(text)`: the deterministic crisis assessment of one message.

Steps, in order:
1. normalise the text (`normalize.py`) and mask everyday idioms (`idioms.py`);
2. run every rule (`rules.py`) and keep a match unless it is negated within its clause
   ("I'm not going to hurt myself", "no thoughts of self-harm", "self harm: none");
3. read the sentence around a kept match: a question asked on a form or old history
   silences a mention and caps a statement at LOW; a joke marker ("lol") caps a
   hyperbole-prone rule at LOW unless the writer says they mean it;
4. raise a HIGH to CRITICAL when its rule allows and the message names a time, means at
   hand, a plan or an act under way, and chest pain to CRITICAL with its companions;
5. the highest tier wins; its category is the assessment's, and every rule that fired
   (plus the modifiers that changed a tier) is listed by name in `signals`.

Pure function over precompiled patterns: no I/O, no state, safe from any thread.
"""

# ruff: noqa: E501 -- regex alternations read best one phrase list per line, not re-wrapped at 120.

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import NO_CRISIS, CrisisAssessment, CrisisCategory, CrisisTier
from .idioms import mask
from .lexicon import (
    ADMIN,
    ARMED_MOVE,
    CLAUSE_BREAKS,
    DANGER_NOW,
    FOLLOW_UP,
    FOR_REAL,
    IN_PROGRESS,
    LAUGHTER,
    MEANS,
    NEGATORS,
    PAST,
    PERSON_DANGER,
    PLAN,
    POST_NEGATORS,
    REPORTING,
    SUBJECTS,
    THIRD_PARTY_PAST,
    TIME_NOW,
)
from .net import ACCIDENT, GADGET, INFO, JUST_NOW, NET_RULES, PERSON, WEAPON, WISH
from .normalize import normalise
from .rule_base import ARMED, DANGER, PROGRESS, TIME, Rule
from .rule_base import MEANS as MEANS_KEY
from .rule_base import PLAN as PLAN_KEY
from .rules import ALL_RULES, CHILD_CONTEXT, open_groups

_NEGATION_WINDOW = 6
# "Denies" negates a crisis only in a clinical note ("pt denies SI/HI"); "denied me/my claim" refuses.
_DENY = frozenset({"deny", "denies", "denied", "denying"})
_DENIED_THING = frozenset(
    {
        "me",
        "us",
        "him",
        "her",
        "them",
        "my",
        "our",
        "his",
        "their",
        "the",
        "it",
        "a",
        "an",
        "your",
        "this",
        "that",
        "coverage",
        "claim",
        "claims",
        "again",
        "payment",
        "everything",
        "access",
    }
)
_NOW_STRICT = re.compile(
    r"\b(?:right now|as we speak|happening now|currently|at the moment|still|keeps getting worse)\b"
)
_CHEST_COMPANION = re.compile(
    r"\b(?:left arm|arm|jaw|shoulder|neck|sweat\w*|clammy|nause\w*|vomit\w*|throwing up|dizzy|light ?headed|faint\w*|"
    r"short of breath|breath\w*|heart racing|pounding)\b"
)
# The writer plays an act down ("but I'm ok", "not deep"): self-harm without danger now.
_MINIMISED = re.compile(
    r"\b(?:but (?:im|i am|its|it is) (?:ok|okay|fine|safe|alright)|im (?:ok|okay|fine) (?:though|now)|not (?:that )?(?:bad|deep|"
    r"serious)|nothing serious|no big deal|(?:it )?(?:just )?helps|just scratch\w*|under control|not trying to die)\b"
)
# The writer disowns a thought ("I'd never do it"): intrusive thoughts, not intent.
_DISOWNED = re.compile(
    r"\b(?:(?:id|i would|i d|would) never (?:do|act|actually|hurt|harm)|never act on|not going to act|dont want to (?:act|do)|"
    r"(?:they|it) (?:freak|scare|scares|freaks) me|intrusive)\b"
)
_CHILD_TARGET = re.compile(r"\b(?:baby|babies|newborn|infant|kids?|child|children|son|daughter|toddler)\b")
_ACCIDENTAL = re.compile(
    r"\b(?:accident\w*|by mistake|mixed up|mix up|double dose|extra dose|(?:my|our|the) (?:\d+ (?:year|month) old |little |baby )?"
    r"(?:son|daughter|kid|toddler|baby|child|dog|cat|puppy|grandson|granddaughter|dad|mom|father|mother|husband|wife|patient))\b"
)
_SUICIDAL_PURPOSE = re.compile(
    r"\b(?:so (?:that )?i (?:dont|wont|never) wake up|to (?:die|end it|not wake up)|on purpose)\b"
)
_RESOLVED = re.compile(
    r"\b(?:went away|back to normal|resolved|(?:seems|says she s|says hes|says shes|is|shes|hes) fine now|"
    r"(?:she|he) says (?:she|he)s fine|lasted (?:a few|\d+) min\w*)\b"
)
_STROKE_COMPANION = re.compile(r"\b(?:speech|slurr\w*|talk\w*|face|droop\w*|confus\w*)\b")
_EARLIER = re.compile(
    r"\b(?:went away|gone now|back to normal|resolved|fine now|ok now|okay now|better now|earlier|hours? ago|an hour ago|"
    r"yesterday|last (?:night|week|month)|this morning|for (?:\d+|a few|a couple) (?:min\w*|seconds)|lasted)\b"
)
_STROKE_WORDS = re.compile(
    r"\b(?:droop\w*|crooked|lopsided|slurr\w*|garbled|one side|left side|right side|lift|raise)\b"
)
_ON_GADGET = re.compile(r"\b(?:\w*respon\w*|wake|waking|rous\w*)\b")
_SELF_INJURY_NOUN = re.compile(r"\b(?:cuttings?|self harm\w*|self injur\w*|carving)\b")
# A limb "dead" or numb for a local, ordinary reason: a jab, a night's sleep on it, a dentist's numbing.
_LOCAL_NUMB = re.compile(
    r"\b(?:shots?|injections?|vaccines?|vaccinated|jabs?|boosters?|slept on|sleeping on|fell asleep on|lying on|laying on|"
    r"dentist|novocaine|numbing|workout|gym|lifting|leg day|arm day)\b"
)
# The writer says they are well now: their own old history is no current risk.
_WELL_NOW = re.compile(
    r"\b(?:(?:in|at) a (?:really |much |very )?(?:good|great|better|healthy|stable) place|(?:doing|feeling) (?:really |much |so )?"
    r"(?:great|well|good|fine|better)(?: now| these days)?|(?:im|i am) (?:fine|ok|okay|good|safe|stable|well) now|"
    r"(?:been|im|i am) (?:stable|well|clean|sober) (?:for|since)|(?:years|a long time) (?:now )?without)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|im|ive|me|myself)\b")
# A question put on a form or by someone else ("the form asks if I've had thoughts of...").
_ASKED = re.compile(
    r"\b(?:asks?|asked|asking|question\w*|checkbox|box|screen\w*|phq\w*|survey|questionnaire|form) (?:\w+ ){0,4}?"
    r"(?:if|whether|about|for|on|do you|have you|are you|any)\b"
)


_PERSON_DANGER_RULE = Rule(
    "abuse.danger_now", CrisisCategory.ABUSE, CrisisTier.CRITICAL, PERSON_DANGER, 0.9, negatable=False
)


# Not a rule that decides anything: it names a child's situation so the reply can add Childhelp.
_CHILD_CONTEXT_RULE = Rule("abuse.child_context", CrisisCategory.ABUSE, CrisisTier.LOW, CHILD_CONTEXT, 0.0)


@dataclass(frozen=True, slots=True)
class _Hit:
    rule: Rule
    tier: CrisisTier
    notes: tuple[str, ...]


def _negated(tokens_before: list[str]) -> bool:
    """A negator reaches the match when nothing between them starts a new clause."""
    for index in range(len(tokens_before) - 1, max(-1, len(tokens_before) - 1 - _NEGATION_WINDOW), -1):
        token = tokens_before[index]
        if token in CLAUSE_BREAKS:
            return False
        if token in NEGATORS:
            following = tokens_before[index + 1] if index + 1 < len(tokens_before) else ""
            if token in _DENY and following in _DENIED_THING:
                # "the insurance denies me again" refuses something; it does not deny a crisis.
                continue
            # "won't stop hitting me" says it goes on: a negated stop is no denial.
            return following not in {"stop", "stops", "stopping", "quit"}
        if token in SUBJECTS and (index == 0 or tokens_before[index - 1] not in REPORTING):
            # "i" starts a new clause, unless it follows a reporting verb ("don't think i...").
            return False
    return False


def _answered_no(text_after: str, reach: int) -> bool:
    """A screening answer after the thing asked about: "suicidal thoughts: none"."""
    tokens = [token for token in text_after.split()[: reach + 1] if token not in {".", ",", "~"}]
    return any(token in POST_NEGATORS for token in tokens[:reach])


def _sentence(text: str, start: int, end: int) -> tuple[str, str]:
    """The sentence around a match, split at the match start: (before, whole)."""
    left = text.rfind(" . ", 0, start)
    left = 0 if left < 0 else left + 3
    right = text.find(" . ", end)
    right = len(text) if right < 0 else right
    return text[left:start], text[left:right]


def _live_tier(rule: Rule, text: str, match: re.Match[str], joking: bool) -> tuple[CrisisTier, tuple[str, ...]] | None:
    """The tier a match stands for in its sentence, or None when it does not count."""
    before = text[: match.start()]
    if rule.negatable and (
        _negated(before.split()) or _answered_no(text[match.end() :], 2 if rule.kind == "mention" else 1)
    ):
        return None
    sentence_before, sentence = _sentence(text, match.start(), match.end())
    tier = rule.tier
    notes: list[str] = []
    asked = _ASKED.search(sentence_before) is not None
    past = PAST.search(sentence) is not None
    admin = ADMIN.search(sentence) is not None or FOLLOW_UP.search(sentence) is not None
    if asked or (rule.kind == "mention" and admin):
        return None
    if past:
        # Old history is silenced when it comes with paperwork anywhere in the message, is medical,
        # or is someone else's (for abuse: only when the writer is not in the sentence at all).
        admin = admin or ADMIN.search(text) is not None or FOLLOW_UP.search(text) is not None
        someone_else = THIRD_PARTY_PAST.search(sentence) is not None and (
            rule.category is not CrisisCategory.ABUSE or _FIRST_PERSON.search(sentence) is None
        )
        if rule.kind == "mention" and rule.category is CrisisCategory.SUICIDE_SELF_HARM and _WELL_NOW.search(text):
            return None
        if rule.category is CrisisCategory.ABUSE and admin and not someone_else and _FIRST_PERSON.search(sentence):
            # The writer's own past abuse, told for the record: still a disclosure, at LOW.
            admin = False
        if admin or rule.category is CrisisCategory.MEDICAL_EMERGENCY or someone_else:
            return None
        tier = min(tier, CrisisTier.LOW)
        notes.append("context.past")
    if rule.soft and joking and tier > CrisisTier.LOW:
        tier = CrisisTier.LOW
        notes.append("context.joke")
    return tier, tuple(notes)


def _on_gadget(text: str, match: re.Match[str]) -> bool:
    """ "The portal is unresponsive", "the app won't respond": a machine, not a person."""
    return (
        _ON_GADGET.search(match.group(0)) is not None
        and GADGET.search(_sentence(text, match.start(), match.end())[1]) is not None
    )


def _net_tier(rule: Rule, text: str, match: re.Match[str], joking: bool) -> tuple[CrisisTier, tuple[str, ...]] | None:
    """A safety-net concept read like a rule match, then checked for who it is about and how it is framed."""
    if rule.soft and joking:
        return None
    live = _live_tier(rule, text, match, joking)
    if live is None:
        return None
    tier, notes = live
    sentence_before, sentence = _sentence(text, match.start(), match.end())
    if PERSON.search(text) is None and not (rule.name == "net.self_harm" and _SELF_INJURY_NOUN.search(match.group(0))):
        # "the cutting's gotten worse": self-injury named as a habit is about the writer.
        return None
    if INFO.search(sentence) and _NOW_STRICT.search(sentence) is None:
        return None
    if rule.name == "net.self_harm" and ACCIDENT.search(sentence):
        return None
    if rule.category is CrisisCategory.MEDICAL_EMERGENCY:
        found = match.group(0)
        if _on_gadget(text, match):
            return None
        if tier == CrisisTier.CRITICAL and _EARLIER.search(sentence):
            return CrisisTier.HIGH, (*notes, "context.resolved")
        if tier == CrisisTier.HIGH and not notes:
            if "chest" in found and (_CHEST_COMPANION.search(text.replace(found, " ")) or _NOW_STRICT.search(text)):
                return CrisisTier.CRITICAL, ("escalated.companion_symptoms",)
            settled = _EARLIER.search(text) is not None or _RESOLVED.search(text) is not None
            if (_STROKE_WORDS.search(found) or _present(JUST_NOW, text)) and not settled:
                return CrisisTier.CRITICAL, ("escalated.happening_now",)
        return tier, notes
    if rule.name in {"net.violence", "net.abuse"} and tier == CrisisTier.HIGH and not notes and WEAPON.search(text):
        return CrisisTier.CRITICAL, ("escalated.armed",)
    if rule.name == "net.suicide" and tier == CrisisTier.HIGH and WISH.search(sentence_before):
        return CrisisTier.MEDIUM, (*notes, "context.wish")
    return tier, notes


def _present(pattern: re.Pattern[str], text: str) -> bool:
    """A modifier counts unless it is negated in its own clause ("I won't do it tonight")."""
    return any(not _negated(text[: found.start()].split()) for found in pattern.finditer(text))


def _adjust(hit: _Hit, text: str, names: set[str]) -> _Hit:
    """Raise a HIGH to CRITICAL for the reasons its rule allows; lower a disowned or minimised one."""
    rule = hit.rule
    if (
        rule.name in {"self_harm.act", "net.self_harm"}
        and hit.tier == CrisisTier.HIGH
        and _MINIMISED.search(text)
        and not IN_PROGRESS.search(text)
    ):
        return _Hit(rule, CrisisTier.MEDIUM, (*hit.notes, "context.minimised"))
    disowned = (
        rule.category is CrisisCategory.HARM_TO_OTHERS and rule.tier == CrisisTier.HIGH and _DISOWNED.search(text)
    )
    if disowned and not _CHILD_TARGET.search(text):
        return _Hit(rule, CrisisTier.MEDIUM, (*hit.notes, "context.disowned"))
    if rule.name == "medical.stroke" and _RESOLVED.search(text):
        return _Hit(rule, CrisisTier.HIGH, ("context.resolved",))
    if (
        rule.name == "medical.stroke_sign"
        and "medical.stroke" not in names
        and _RESOLVED.search(text) is None
        and _STROKE_COMPANION.search(text)
    ):
        return _Hit(rule, CrisisTier.CRITICAL, ("escalated.companion_symptoms",))
    if hit.tier < CrisisTier.MEDIUM or hit.tier == CrisisTier.CRITICAL:
        return hit
    if rule.name == "medical.chest_pain":
        if (
            _CHEST_COMPANION.search(text)
            or _NOW_STRICT.search(text)
            or names & {"medical.breathing", "medical.fainted"}
        ):
            return _Hit(rule, CrisisTier.CRITICAL, ("escalated.companion_symptoms",))
        return hit
    joking = "context.joke" in hit.notes
    if hit.notes and not joking:
        return hit
    found = []
    if TIME in rule.escalate and _present(TIME_NOW, text):
        found.append("escalated.time")
    if MEANS_KEY in rule.escalate and _present(MEANS, text):
        found.append("escalated.means")
    if PLAN_KEY in rule.escalate and _present(PLAN, text):
        found.append("escalated.plan")
    if PROGRESS in rule.escalate and _present(IN_PROGRESS, text):
        found.append("escalated.in_progress")
    if DANGER in rule.escalate and _present(DANGER_NOW, text):
        found.append("escalated.danger_now")
    if ARMED in rule.escalate and ARMED_MOVE.search(text):
        found.append("escalated.armed")
    if not found:
        return hit
    # A plan or an act under way is never a joke; a MEDIUM (passive) rule needs one of those.
    if hit.tier == CrisisTier.MEDIUM and not {"escalated.plan", "escalated.in_progress"} & set(found):
        return hit
    if joking and not {"escalated.plan", "escalated.in_progress", "escalated.means"} & set(found):
        return hit
    return _Hit(rule, CrisisTier.CRITICAL, tuple(found))


def detect(text: str) -> CrisisAssessment:
    """Assess one message by rules alone. `NO_CRISIS` when nothing fired."""
    return _detect(text, gated=True)


def _detect(text: str, *, gated: bool) -> CrisisAssessment:
    normalised = normalise(text)
    if not normalised:
        return NO_CRISIS
    masked, _ = mask(normalised)
    joking = LAUGHTER.search(masked) is not None and FOR_REAL.search(masked) is None
    hits: list[_Hit] = []
    rules = [rule for group in open_groups(masked) for rule in group.rules] if gated else ALL_RULES
    for rule in rules:
        for match in rule.pattern.finditer(masked):
            live = _live_tier(rule, masked, match, joking)
            if live is not None and rule.name == "medical.unconscious" and _on_gadget(masked, match):
                live = None
            if live is not None and rule.name == "medical.stroke_sign" and _LOCAL_NUMB.search(normalised):
                live = None
            if live is not None and live[0] > CrisisTier.NONE:
                hits.append(_Hit(rule, live[0], live[1]))
                break
    for rule in NET_RULES:
        # The safety net runs on every message: it has no gate to outgrow.
        for match in rule.pattern.finditer(masked):
            live = _net_tier(rule, masked, match, joking)
            if live is not None and live[0] > CrisisTier.NONE:
                hits.append(_Hit(rule, live[0], live[1]))
                break
    if len({found.group(0) for found in PERSON_DANGER.finditer(masked)}) >= 2:
        # Hiding from someone armed who is looking for the writer: danger now, whatever else was said.
        hits.append(_Hit(_PERSON_DANGER_RULE, CrisisTier.CRITICAL, ()))
    if not hits:
        return NO_CRISIS
    names = {hit.rule.name for hit in hits}
    hits = [_adjust(hit, masked, names) for hit in hits]
    hits.sort(key=lambda hit: (hit.tier, hit.rule.weight), reverse=True)
    top = hits[0]
    category = top.rule.category
    suicidal = any(
        h.rule.category is CrisisCategory.SUICIDE_SELF_HARM and h.rule.name != "medical.overdose" for h in hits
    )
    if top.rule.name == "medical.overdose" and not suicidal and not _SUICIDAL_PURPOSE.search(masked):
        # An overdose is read as self-harm unless it is plainly an accident or someone else's.
        if _ACCIDENTAL.search(masked):
            category = CrisisCategory.MEDICAL_EMERGENCY
    elif (
        category is CrisisCategory.MEDICAL_EMERGENCY
        and suicidal
        and top.rule.name in {"medical.bleeding", "medical.blood"}
    ):
        # Bleeding after self-injury: the self-harm is the crisis.
        category = CrisisCategory.SUICIDE_SELF_HARM
    score = top.rule.weight + 0.05 * (len(hits) - 1)
    if top.tier == CrisisTier.CRITICAL and top.rule.tier < CrisisTier.CRITICAL:
        score = max(score, 0.9)
    if top.notes and not top.notes[0].startswith("escalated"):
        score *= 0.6
    signals: list[str] = []
    if category is CrisisCategory.ABUSE and CHILD_CONTEXT.search(masked):
        hits.append(_Hit(_CHILD_CONTEXT_RULE, top.tier, ()))
    for hit in hits:
        for name in (hit.rule.name, *hit.notes):
            if name not in signals:
                signals.append(name)
    return CrisisAssessment(
        tier=top.tier,
        category=category,
        score=round(min(score, 0.99), 2),
        signals=tuple(signals),
    )
