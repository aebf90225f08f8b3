"""One Presidio analyzer per process, working offline.

No spaCy English model is installable from PyPI, and Presidio's default engine would try
to download one. This engine uses a blank English pipeline with spaCy's lookup
lemmatizer (tables from the `spacy-lookups-data` package, on disk): Presidio gets its
tokens and lemmas for context words, and PERSON comes from the rule-based
`NameRecognizer` instead of a statistical model. Building it takes a few hundred
milliseconds, so it is built once (lazily, on first use) and shared.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Sequence

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import SpacyNlpEngine

# Presidio's stock email and URL recognizers validate domains with tldextract, which
# fetches the public suffix list over the network on first use; ours (in recognizers.py)
# need no list. Its card recognizer is used as it is; IP addresses are ours too, to skip
# version numbers ("version 2.4.10.1").
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

from ..types import Entity
from .recognizers import healthcare_recognizers
from .safe_harbor import safe_harbor_recognizer

CHAT_ENTITIES: tuple[str, ...] = (
    "PERSON",
    "DATE_OF_BIRTH",
    "DATE",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "US_SSN",
    "ADDRESS",
    "ZIP_CODE",
    "MRN",
    "MEMBER_ID",
    "CLAIM_NUMBER",
    "ACCOUNT_NUMBER",
    "NPI",
    "DEA_NUMBER",
    "CREDIT_CARD",
    "IP_ADDRESS",
    "URL",
    "DRIVER_LICENSE",
)
SAFE_HARBOR_ENTITIES: tuple[str, ...] = (
    *CHAT_ENTITIES,
    "AGE",
    "VEHICLE_ID",
    "LICENSE_PLATE",
    "DEVICE_ID",
    "OTHER_ID",
)
PRESETS: dict[str, tuple[str, ...]] = {"chat": CHAT_ENTITIES, "safe_harbor": SAFE_HARBOR_ENTITIES}


class _BlankEnglishEngine(SpacyNlpEngine):
    """Presidio's spaCy engine over a pipeline built in memory: nothing to download."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": "en", "model_name": "blank-en-lookup"}])

    def load(self) -> None:
        nlp = spacy.blank("en")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        self.nlp = {"en": nlp}  # type: ignore[assignment]  # Presidio declares it None until loaded


class PhiAnalyzer:
    """Find identifiers in text. Thread-safe after construction (Presidio's analyze is
    read-only over its registry)."""

    def __init__(self) -> None:
        nlp_engine = _BlankEnglishEngine()
        nlp_engine.load()
        self._engines = {preset: self._build(nlp_engine, preset) for preset in PRESETS}

    @staticmethod
    def _build(nlp_engine: _BlankEnglishEngine, preset: str) -> AnalyzerEngine:
        registry = RecognizerRegistry(supported_languages=["en"])
        recognizers = [*healthcare_recognizers(), CreditCardRecognizer()]
        if preset == "safe_harbor":
            recognizers.append(safe_harbor_recognizer())
        for recognizer in recognizers:
            registry.add_recognizer(recognizer)
        return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])

    def analyze(
        self,
        text: str,
        *,
        preset: str = "chat",
        threshold: float = 0.5,
        public_values: Iterable[str] = (),
        entities: Sequence[str] | None = None,
    ) -> list[Entity]:
        """Entities in `text`, non-overlapping, in order. `public_values` (the clinic's
        providers, its own phone and address) are never reported."""
        if not text.strip():
            return []
        wanted = list(entities or PRESETS[preset])
        raw = self._engines[preset].analyze(text=text, language="en", entities=wanted, score_threshold=threshold)
        public = {_fold(value) for value in public_values if value}
        return _resolve(text, raw, public)


def _fold(value: str) -> str:
    return " ".join(value.casefold().replace("(", " ").replace(")", " ").split())


# When two detections overlap, the stronger one wins; at equal strength the longer one,
# then the more specific type (an NPI over a phone number written the same way).
_SPECIFICITY = {"DATE": 0, "URL": 0, "OTHER_ID": 0, "PHONE_NUMBER": 1, "ZIP_CODE": 1}


def _merge_same_type(results: Iterable[RecognizerResult]) -> list[RecognizerResult]:
    """Overlapping detections of one type become one span (the union, the best score):
    "NGUYEN" after "Name:" and "NGUYEN, THANH" as surname-comma-name are one name."""
    merged: list[RecognizerResult] = []
    for result in sorted(results, key=lambda r: (r.entity_type, r.start, -r.end)):
        last = merged[-1] if merged else None
        if last is not None and last.entity_type == result.entity_type and result.start < last.end:
            last.end = max(last.end, result.end)
            last.score = max(last.score, result.score)
        else:
            merged.append(result)
    return merged


def _resolve(text: str, results: Iterable[RecognizerResult], public: set[str]) -> list[Entity]:
    ranked = sorted(
        _merge_same_type(results),
        key=lambda r: (-round(r.score, 3), -(r.end - r.start), -_SPECIFICITY.get(r.entity_type, 2)),
    )
    taken: list[Entity] = []
    for result in ranked:
        value = text[result.start : result.end]
        if _fold(value) in public or any(result.start < e.end and e.start < result.end for e in taken):
            continue
        recognizer = (result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY, "")
        taken.append(Entity(result.entity_type, result.start, result.end, round(result.score, 3), value, recognizer))
    return sorted(taken, key=lambda e: e.start)


_lock = threading.Lock()


@functools.cache
def _shared() -> PhiAnalyzer:
    return PhiAnalyzer()


def get_analyzer() -> PhiAnalyzer:
    """The process's analyzer, built on first use."""
    with _lock:
        return _shared()
