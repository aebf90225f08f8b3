"""Understanding a message: its intent (with a confidence) and the slots it fills.

`Understanding` is the seam for a language-model layer: anything with `understand(...)`
returning an `Understood` can replace `DeterministicUnderstanding`, the default, which
works by keyword and pattern rules and `dateparser`. The engine never asks how a result
was reached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Protocol

from scheduling.receptionist import extract
from scheduling.receptionist.states import RESTING_STATES, Intent, State

if TYPE_CHECKING:
    from nuvae.lib.safety.prompt import ModelText
    from nuvae.lib.safety.types import Redaction


@dataclass
class Context:
    """What understanding may know besides the message: where the flow is, and the
    clinic's own vocabulary (providers, visit types) and local now."""

    state: State
    now: datetime  # the clinic's local now, aware
    providers: list[Any]
    visit_types: list[Any]
    date_order: str = "MDY"
    # For a model: the message as it may leave the process (redacted, fenced), the
    # conversation's placeholder mapping to read identifiers back, and what was offered.
    model_text: ModelText | None = None
    redaction: Redaction | None = None
    options_shown: int = 0  # how many numbered options the last reply offered
    offered: list[datetime] = field(default_factory=list)  # the offered slots' local starts


@dataclass
class Understood:
    intent: Intent
    confidence: float
    info_topic: str = ""  # hours | address | providers | visit_types | phone
    provider_ids: list[Any] = field(default_factory=list)
    any_provider: bool = False
    on: date | None = None
    week: extract.DateRange | None = None
    at: time | None = None
    part_of_day: str = ""
    earliest: bool = False
    visit_type_id: Any = None
    reason: str = ""
    full_name: str = ""
    phone: str = ""
    date_of_birth: date | None = None
    pick: int | None = None  # 1-based choice among the options shown
    affirmative: bool = False
    negative: bool = False

    @property
    def has_when(self) -> bool:
        return bool(self.on or self.week or self.at or self.part_of_day or self.earliest)


class Understanding(Protocol):
    def understand(self, text: str, context: Context) -> Understood: ...


def _rule(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# (intent, pattern, confidence), tried in order: the first match wins.
INTENT_RULES: list[tuple[Intent, re.Pattern[str], float]] = [
    (
        Intent.HANDOFF,
        _rule(
            r"\b(human|real person|a person|someone real|staff member|front desk|receptionist|"
            r"speak (?:to|with) (?:someone|somebody|an? agent)|operator|representative|agent)\b"
        ),
        0.95,
    ),
    (
        Intent.RESCHEDULE,
        _rule(
            r"\b(reschedul\w*|move my (?:appointment|appt|visit)|change (?:my|the) "
            r"(?:appointment|appt|visit|time)|push (?:my|it) back|different time for my)\b"
        ),
        0.92,
    ),
    (Intent.CANCELLATION, _rule(r"\b(cancel\w*|call off|won'?t be able to (?:make|come)|can'?t make it)\b"), 0.92),
    (
        Intent.CHECK_APPOINTMENT,
        _rule(
            r"\b(when is my|do i have an?|what time is my|check (?:on )?my|my upcoming|"
            r"my next appointment|confirm my appointment|look up my)\b"
        ),
        0.9,
    ),
    (
        Intent.SCHEDULING,
        _rule(
            r"\b(book|schedule|make an? (?:appointment|appt)|set up an? (?:appointment|visit)|"
            r"need an? (?:appointment|appt|visit|checkup|check-up)|see (?:a |the )?(?:doctor|dr)|"
            r"appointment with|come in|get in|availability|available|openings?(?!\s+(?:hours?|times?)\b))\b"
        ),
        0.9,
    ),
    (
        Intent.INFORMATION,
        _rule(
            r"\b(hours|open(?:ing)? (?:times?|hours)|what time do you|when are you open|are you open|close|"
            r"closing|address|located|location|where are you|directions|which (?:doctors|providers)|"
            r"what (?:doctors|providers)|who are your|your (?:doctors|providers)|visit types|"
            r"types of (?:visits|appointments)|what (?:kind|kinds|type|types) of|phone number for|"
            r"your phone|call you)\b"
        ),
        0.85,
    ),
    (
        Intent.GOODBYE,
        _rule(
            r"^\W*(bye|goodbye|good bye|that'?s all|that is all|no,? thanks?(?: you)?|thanks?,? bye|"
            r"nothing else|all set|i'?m done)\W*$"
        ),
        0.9,
    ),
    (Intent.GREETING, _rule(r"^\W*(hi|hello|hey|good (?:morning|afternoon|evening)|howdy|hiya)\W*(there)?\W*$"), 0.9),
    (
        Intent.OUT_OF_SCOPE,
        _rule(
            r"\b(weather|joke|recipe|stock|bitcoin|sports?|movie|song|poem|homework|"
            r"capital of|president|translate|write (?:me )?(?:a|an)|insurance cover|price|cost|"
            r"how much)\b"
        ),
        0.8,
    ),
]
_YES = _rule(
    r"^\W*(y|yes|yeah|yep|yup|sure|ok|okay|correct|confirm|confirmed|that'?s (?:right|correct|fine|good)|"
    r"sounds good|please do|go ahead|book it|do it|perfect|great|absolutely|right|i agree|agreed)\b"
)
_NO = _rule(r"^\W*(n|no|nope|nah|not really|don'?t|do not|wrong|that'?s wrong|incorrect)\b")
_CORRECTION = _rule(
    r"^\W*(actually|no,? (?:make it|i meant|i mean)|i meant|i mean|sorry,? (?:i meant|make it)|"
    r"change (?:it|that) to|make (?:it|that))\b"
)
# After a booking, "move it", "make it Thursday instead": the appointment just booked.
_MOVE_IT = _rule(r"\b(?:move|change|switch|push)\s+(?:it|that|this)\b")
_INSTEAD = _rule(r"\binstead\b")
# Intents that are a request of their own, whatever words come before them
# ("actually, I need to cancel my appointment" cancels; it corrects nothing).
_OWN_REQUESTS = frozenset(
    {
        Intent.HANDOFF,
        Intent.RESCHEDULE,
        Intent.CANCELLATION,
        Intent.CHECK_APPOINTMENT,
        Intent.INFORMATION,
        Intent.GOODBYE,
        Intent.OUT_OF_SCOPE,
    }
)
_ANY_PROVIDER = _rule(r"\b(any(?:one| one|body| provider| doctor)?|no preference|doesn'?t matter|whoever|either)\b")
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": -1,
}
_PICK_NUMBER = _rule(r"^\W*(?:(?:number|option|#)\s*)?([1-9])\W*$|\b(?:number|option|#)\s*([1-9])\b")
_PICK_WORD = _rule(r"\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\b(?:\s+(?:one|option|slot|time))?")
_TOPICS = [
    ("hours", _rule(r"\b(hours|open|close|closing|what time do you)\b")),
    ("address", _rule(r"\b(address|located|location|where|directions)\b")),
    ("providers", _rule(r"\b(doctors|providers|who are your|physicians)\b")),
    ("visit_types", _rule(r"\b(visit types|types of|kinds? of|what (?:type|types) of)\b")),
    ("phone", _rule(r"\b(phone|call you)\b")),
]


class DeterministicUnderstanding:
    """Keyword and pattern intents; slots from `extract`."""

    def understand(self, text: str, context: Context) -> Understood:
        result = Understood(intent=Intent.UNKNOWN, confidence=0.3)
        self._slots(text, context, result)
        intent, confidence = self._intent(text, context, result)
        result.intent, result.confidence = intent, confidence
        if intent == Intent.INFORMATION:
            result.info_topic = info_topic(text)
        promote_bare_answer(result, context)
        return result

    def _intent(self, text: str, context: Context, slots: Understood) -> tuple[Intent, float]:
        correction = _CORRECTION.search(text)
        ruled = _first_rule(text[correction.end() :] if correction else text)
        if ruled is not None and ruled[0] in _OWN_REQUESTS:
            return ruled
        if context.state == State.BOOKED and (
            _MOVE_IT.search(text)
            or ((correction or _INSTEAD.search(text)) and (slots.has_when or slots.provider_ids))
        ):
            return Intent.RESCHEDULE, 0.85
        if context.state in RESTING_STATES and _MOVE_IT.search(text):
            return Intent.RESCHEDULE, 0.8
        if correction and not (ruled is not None and context.state in RESTING_STATES):
            # Nothing to correct at rest: "actually, book me with Dr Lee" is a new request.
            return Intent.CORRECTION, 0.85
        if ruled is not None:
            return ruled
        if _YES.search(text):
            return Intent.CONFIRMATION, 0.9
        if _NO.search(text):
            return Intent.DENIAL, 0.85
        return Intent.UNKNOWN, 0.3

    def _slots(self, text: str, context: Context, result: Understood) -> None:
        today = context.now.date()
        result.affirmative = bool(_YES.search(text))
        result.negative = bool(_NO.search(text)) and not result.affirmative
        result.date_of_birth = extract.find_dob(text, today=today)
        result.phone = extract.find_phone(text)
        loose = context.state == State.COLLECT_PATIENT_INFO
        result.full_name = extract.find_name(text, loose=loose)
        result.on = extract.find_date(text, now=context.now, date_order=context.date_order)
        result.week = None if result.on else extract.find_week(text, today=today)
        result.at = extract.find_time(text)
        result.part_of_day = extract.find_part_of_day(text)
        result.earliest = extract.wants_earliest(text)
        matched = extract.match_providers(text, context.providers)
        result.provider_ids = [p.pk for p in matched]
        result.any_provider = not matched and wants_any_provider(text)
        visit_type = extract.match_visit_type(text, context.visit_types)
        result.visit_type_id = visit_type.pk if visit_type else None
        result.reason = extract.find_reason(text)
        number = _PICK_NUMBER.search(text)
        if number:
            result.pick = int(number.group(1) or number.group(2))
        else:
            word = _PICK_WORD.search(text)
            if word:
                result.pick = _ORDINALS[word.group(1).lower()]


def _first_rule(text: str) -> tuple[Intent, float] | None:
    for intent, rule, confidence in INTENT_RULES:
        if rule.search(text):
            return intent, confidence
    return None


def wants_any_provider(text: str) -> bool:
    return bool(_ANY_PROVIDER.search(text))


def info_topic(text: str) -> str:
    """Which clinic information a question asks for; opening hours when it does not say."""
    return next((name for name, rule in _TOPICS if rule.search(text)), "hours")


def promote_bare_answer(result: Understood, context: Context) -> None:
    """A message with no intent of its own that fills a slot is the answer to the question
    asked ("Tuesday", "Dr. Lee", "the second"): scheduling, more surely mid-conversation."""
    if result.intent != Intent.UNKNOWN or not (
        result.has_when
        or result.provider_ids
        or result.pick is not None
        or result.full_name
        or result.date_of_birth
        or result.phone
        or result.visit_type_id
        or result.any_provider
    ):
        return
    result.intent, result.confidence = Intent.SCHEDULING, 0.6
    if context.state not in RESTING_STATES:
        result.confidence = 0.8
