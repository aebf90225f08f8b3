"""The values the safety pipeline passes around and returns.

Nothing here touches the database: the pipeline reports, and its caller records audit
events and decides what to store (see `nuvae.lib.safety.pipeline` for the contract).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Decision(enum.IntEnum):
    """What the caller must do with the message. Ordered: a later step can only raise it."""

    CONTINUE = 0
    # Answer, but steer: the reply must not do what was asked (a dosing question, say).
    REDIRECT = 1
    # Do not act on the message; answer with the step's neutral reply.
    REFUSE = 2
    # Stop the AI for this conversation and bring in a person.
    HANDOFF = 3
    # Stop the AI, show emergency resources, bring in a person at once.
    EMERGENCY = 4


class CrisisTier(enum.IntEnum):
    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4


class CrisisCategory(enum.StrEnum):
    NONE = "none"
    SUICIDE_SELF_HARM = "suicide_self_harm"
    HARM_TO_OTHERS = "harm_to_others"
    MEDICAL_EMERGENCY = "medical_emergency"
    ABUSE = "abuse"


@dataclass(frozen=True, slots=True)
class Entity:
    """One identifier found in a text: `text[start:end]` is the value."""

    type: str
    start: int
    end: int
    score: float
    value: str
    recognizer: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One check that fired. `detail` never holds the message text or an identifier's value,
    so a finding can go to the logs and the audit trail as it is."""

    check: str
    score: float
    decision: Decision = Decision.CONTINUE
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Redaction:
    """Placeholders and the values they stand for, for one message or one conversation.

    The same value always gets the same placeholder (`[PERSON_1]`), so a model can still
    tell "the name you gave" from "another name", and `restore()` puts the patient's own
    values back into a reply meant for that patient.
    """

    placeholders: dict[str, str] = field(default_factory=dict)  # placeholder -> value
    _by_value: dict[tuple[str, str], str] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)

    def placeholder_for(self, entity_type: str, value: str) -> str:
        key = (entity_type, _fold(value))
        existing = self._by_value.get(key)
        if existing is not None:
            return existing
        number = self._counts.get(entity_type, 0) + 1
        self._counts[entity_type] = number
        placeholder = f"[{entity_type}_{number}]"
        self._by_value[key] = placeholder
        self.placeholders[placeholder] = value
        return placeholder

    def restore(self, text: str) -> str:
        # Longest first, so [PERSON_10] is not read as [PERSON_1] followed by "0]".
        for placeholder in sorted(self.placeholders, key=len, reverse=True):
            text = text.replace(placeholder, self.placeholders[placeholder])
        return text

    def values(self) -> list[str]:
        return list(self.placeholders.values())

    def as_dict(self) -> dict[str, str]:
        return dict(self.placeholders)

    @classmethod
    def from_dict(cls, data: Mapping[str, str]) -> Redaction:
        redaction = cls()
        for placeholder, value in data.items():
            entity_type, _, number = placeholder.strip("[]").rpartition("_")
            redaction.placeholders[placeholder] = value
            redaction._by_value[(entity_type, _fold(value))] = placeholder
            redaction._counts[entity_type] = max(redaction._counts.get(entity_type, 0), int(number or 0))
        return redaction


def _fold(value: str) -> str:
    return " ".join(value.casefold().split())


@dataclass(frozen=True, slots=True)
class CrisisAssessment:
    tier: CrisisTier
    category: CrisisCategory
    score: float
    # The rule names that decided it (never the text they matched).
    signals: tuple[str, ...] = ()
    confirmed_by_model: bool = False


NO_CRISIS = CrisisAssessment(CrisisTier.NONE, CrisisCategory.NONE, 0.0)
