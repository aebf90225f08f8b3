"""De-identify free text: find identifiers with the PHI analyzer, then rewrite each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..phi.engine import PRESETS, get_analyzer
from ..types import Entity
from . import dates
from .keys import Keyed, one_off_secret
from .transform import Method, Transformer

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class TextResult:
    text: str
    # Positions refer to the input text; `Entity.value` is the input's value: a caller
    # that answers or logs must drop it (the API answers type, start, end and score).
    entities: list[Entity]
    summary: dict[str, Any] = field(default_factory=dict)


def wanted_types(preset: str, entities: Sequence[str] | None) -> tuple[str, ...]:
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}")
    allowed = PRESETS[preset]
    if entities is None:
        return allowed
    unknown = sorted(set(entities) - set(allowed))
    if unknown:
        raise ValueError(f"entity types not in the {preset} preset: {', '.join(unknown)}")
    return tuple(entities)


def rewrite(text: str, found: Sequence[Entity], transformer: Transformer) -> str:
    """`text` with each entity replaced by the transformer's form (entities do not overlap)."""
    parts: list[str] = []
    position = 0
    for entity in sorted(found, key=lambda e: e.start):
        parts.append(text[position : entity.start])
        parts.append(transformer.apply(entity.type, entity.value))
        position = entity.end
    parts.append(text[position:])
    return "".join(parts)


def deidentify_text(
    text: str,
    *,
    method: Method | str = Method.REDACT,
    secret: bytes | None = None,
    preset: str = "safe_harbor",
    entities: Sequence[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> TextResult:
    """De-identify `text`. Without a `secret`, replace and hash are consistent within this call only.

    Dates in text are shifted by one offset per secret (so the same clinic's texts agree).
    """
    wanted = wanted_types(preset, entities)
    keyed = Keyed(secret or one_off_secret())
    found = get_analyzer().analyze(text, preset=preset, threshold=threshold, entities=list(wanted))
    transformer = Transformer(
        method=Method(method),
        keyed=keyed,
        wanted=wanted,
        shift_days=dates.offset_days(keyed.number("date-shift", "")),
    )
    for entity in found:
        transformer.record(entity.type, entity.value)
    transformer.begin_transforming()
    output = rewrite(text, found, transformer)
    summary = {"entities": dict(sorted(transformer.counts.items())), "total": sum(transformer.counts.values())}
    return TextResult(text=output, entities=found, summary=summary)
