"""Measure the safety checks against labelled sets, and render the figures for the docs.

The sets are JSON lines under `nuvae/lib/safety/tests/eval/` (formats in its README).
PHI entities are written inline as `[[TYPE|value]]`; a detection counts as correct when
it has the same type and overlaps the labelled span. The same functions feed the test
that asserts the floors and the table in docs/SECURITY.md, so the published figures are
the ones the suite computes (`scripts/safety_eval.py --write` refreshes the docs).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .policy import SafetyPolicy
from .types import CrisisTier, Decision

EVAL_DIR = Path(__file__).resolve().parent / "tests" / "eval"
_MARK = re.compile(r"\[\[([A-Z_]+)\|(.+?)\]\]", re.DOTALL)


@dataclass(frozen=True)
class Span:
    type: str
    start: int
    end: int


@dataclass(frozen=True)
class PhiExample:
    text: str
    spans: tuple[Span, ...]
    kind: str


def parse_marked(marked: str) -> tuple[str, tuple[Span, ...]]:
    out: list[str] = []
    spans: list[Span] = []
    cursor = 0
    length = 0
    for match in _MARK.finditer(marked):
        before = marked[cursor : match.start()]
        out.append(before)
        length += len(before)
        value = match.group(2)
        spans.append(Span(match.group(1), length, length + len(value)))
        out.append(value)
        length += len(value)
        cursor = match.end()
    out.append(marked[cursor:])
    return "".join(out), tuple(spans)


def _lines(name: str) -> Iterator[dict[str, object]]:
    with (EVAL_DIR / name).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_phi(name: str) -> list[PhiExample]:
    examples = []
    for row in _lines(name):
        text, spans = parse_marked(str(row["text"]))
        examples.append(PhiExample(text, spans, str(row.get("kind", ""))))
    return examples


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class PhiReport:
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    overall: Counts = field(default_factory=Counts)
    # Found as an identifier of any type: what matters for redaction.
    redaction: Counts = field(default_factory=Counts)
    messages: int = 0
    clean_messages: int = 0
    clean_flagged: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)
    false_alarms: list[tuple[str, str]] = field(default_factory=list)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def evaluate_phi(examples: Iterable[PhiExample], *, policy: SafetyPolicy | None = None) -> PhiReport:
    from .phi.engine import get_analyzer

    policy = policy or SafetyPolicy()
    analyzer = get_analyzer()
    report = PhiReport()
    for example in examples:
        report.messages += 1
        found = analyzer.analyze(example.text, threshold=policy.phi_threshold)
        if not example.spans:
            report.clean_messages += 1
            report.clean_flagged += bool(found)
        for span in example.spans:
            typed = any(e.type == span.type and _overlaps(e.start, e.end, span.start, span.end) for e in found)
            untyped = any(_overlaps(e.start, e.end, span.start, span.end) for e in found)
            report.by_type[span.type].tp += typed
            report.by_type[span.type].fn += not typed
            report.overall.tp += typed
            report.overall.fn += not typed
            report.redaction.tp += untyped
            report.redaction.fn += not untyped
            if not typed:
                report.misses.append((span.type, example.text))
        for entity in found:
            typed = any(
                e.type == entity.type and _overlaps(e.start, e.end, entity.start, entity.end) for e in example.spans
            )
            untyped = any(_overlaps(s.start, s.end, entity.start, entity.end) for s in example.spans)
            if not typed:
                report.by_type[entity.type].fp += 1
                report.overall.fp += 1
                report.false_alarms.append((f"{entity.type}:{entity.value}", example.text))
            if not untyped:
                report.redaction.fp += 1
    return report


@dataclass(frozen=True)
class CrisisExample:
    text: str
    tier: CrisisTier
    category: str


def load_crisis(name: str) -> list[CrisisExample]:
    return [CrisisExample(str(r["text"]), CrisisTier[str(r["tier"])], str(r["category"])) for r in _lines(name)]


@dataclass
class CrisisReport:
    # gold tier -> (assessed at or above gold, total)
    recall: dict[CrisisTier, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    exact: int = 0
    total: int = 0
    urgent: int = 0
    urgent_hit: int = 0
    benign: int = 0
    benign_any: int = 0  # benign assessed LOW or above
    benign_medium: int = 0  # benign assessed MEDIUM or above
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def urgent_recall(self) -> float:
        """HIGH and CRITICAL messages assessed HIGH or above: a person is brought in at once."""
        return self.urgent_hit / self.urgent if self.urgent else 1.0

    def tier_recall(self, *tiers: CrisisTier) -> float:
        hit = sum(self.recall[t][0] for t in tiers)
        total = sum(self.recall[t][1] for t in tiers)
        return hit / total if total else 1.0

    @property
    def benign_fp_rate(self) -> float:
        return self.benign_any / self.benign if self.benign else 0.0

    @property
    def benign_medium_rate(self) -> float:
        return self.benign_medium / self.benign if self.benign else 0.0


def evaluate_crisis(examples: Iterable[CrisisExample]) -> CrisisReport:
    from .crisis import detect

    report = CrisisReport()
    for example in examples:
        assessed = detect(example.text).tier
        report.total += 1
        report.exact += assessed == example.tier
        if example.tier == CrisisTier.NONE:
            report.benign += 1
            report.benign_any += assessed > CrisisTier.NONE
            report.benign_medium += assessed >= CrisisTier.MEDIUM
            if assessed > CrisisTier.NONE:
                report.misses.append((example.tier.name, assessed.name, example.text))
        else:
            if example.tier >= CrisisTier.HIGH:
                report.urgent += 1
                report.urgent_hit += assessed >= CrisisTier.HIGH
            row = report.recall[example.tier]
            row[1] += 1
            row[0] += assessed >= example.tier
            if assessed < example.tier:
                report.misses.append((example.tier.name, assessed.name, example.text))
    return report


@dataclass(frozen=True)
class InjectionExample:
    text: str
    attack: bool
    kind: str


def load_injection(name: str) -> list[InjectionExample]:
    return [InjectionExample(str(r["text"]), bool(r["attack"]), str(r.get("kind", ""))) for r in _lines(name)]


@dataclass
class InjectionReport:
    attacks: int = 0
    blocked: int = 0
    benign: int = 0
    benign_blocked: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def block_rate(self) -> float:
        return self.blocked / self.attacks if self.attacks else 1.0

    @property
    def fp_rate(self) -> float:
        return self.benign_blocked / self.benign if self.benign else 0.0


def evaluate_injection(examples: Iterable[InjectionExample], *, policy: SafetyPolicy | None = None) -> InjectionReport:
    """Through the whole input pipeline: an attack counts as blocked when the injection
    step refuses it (the sanitizer runs first, as in production)."""
    from .pipeline import check_input

    report = InjectionReport()
    for example in examples:
        result = check_input(example.text, policy=policy)
        blocked = result.fired("injection") and result.decision >= Decision.REFUSE
        if example.attack:
            report.attacks += 1
            report.blocked += blocked
            report.by_kind[example.kind][1] += 1
            report.by_kind[example.kind][0] += blocked
            if not blocked:
                report.misses.append(("missed", example.text))
        else:
            report.benign += 1
            report.benign_blocked += blocked
            if blocked:
                report.misses.append(("false alarm", example.text))
    return report


# --- the docs table ---------------------------------------------------------------------------

BEGIN = "<!-- safety-eval:begin (generated by scripts/safety_eval.py --write; checked by the test suite) -->"
END = "<!-- safety-eval:end -->"


def _pct(value: float) -> str:
    return f"{value:.3f}"


def render(sets: dict[str, tuple[PhiReport, CrisisReport, InjectionReport]]) -> str:
    lines = [BEGIN, ""]
    for label, (phi, crisis, inj) in sets.items():
        lines += [f"#### {label}", ""]
        lines += [
            f"PHI: {phi.messages} messages ({phi.clean_messages} without PHI), "
            f"{phi.overall.tp + phi.overall.fn} labelled identifiers.",
            "",
            "| entity type | labelled | precision | recall |",
            "|---|---:|---:|---:|",
        ]
        for entity_type in sorted(phi.by_type):
            counts = phi.by_type[entity_type]
            lines.append(
                f"| {entity_type} | {counts.tp + counts.fn} | {_pct(counts.precision)} | {_pct(counts.recall)} |"
            )
        lines += [
            f"| **all (type must match)** | {phi.overall.tp + phi.overall.fn} | **{_pct(phi.overall.precision)}** "
            f"| **{_pct(phi.overall.recall)}** |",
            f"| all (redacted, any type) | {phi.redaction.tp + phi.redaction.fn} | {_pct(phi.redaction.precision)} "
            f"| {_pct(phi.redaction.recall)} |",
            "",
            f"Messages without PHI that had something redacted: {phi.clean_flagged} of {phi.clean_messages}.",
            "",
            f"Crisis: {crisis.total} messages, {crisis.benign} benign (including look-alikes).",
            "",
            "| gold tier | messages | assessed at or above the gold tier |",
            "|---|---:|---:|",
        ]
        for tier in (CrisisTier.CRITICAL, CrisisTier.HIGH, CrisisTier.MEDIUM, CrisisTier.LOW):
            hit, total = crisis.recall[tier]
            lines.append(f"| {tier.name} | {total} | {_pct(hit / total if total else 1.0)} |")
        lines += [
            f"| **HIGH + CRITICAL, assessed HIGH or above** | {crisis.urgent} | **{_pct(crisis.urgent_recall)}** |",
            "",
            f"Exact tier: {_pct(crisis.exact / crisis.total if crisis.total else 1.0)}. Benign messages assessed as "
            f"any crisis tier: {crisis.benign_any} of {crisis.benign} ({_pct(crisis.benign_fp_rate)}); as MEDIUM or "
            f"above: {crisis.benign_medium} ({_pct(crisis.benign_medium_rate)}).",
            "",
            f"Injection: {inj.attacks} attacks, {inj.benign} benign. Block rate **{_pct(inj.block_rate)}**; benign "
            f"messages refused: {inj.benign_blocked} (**{_pct(inj.fp_rate)}**).",
            "",
            "| attack kind | attacks | blocked |",
            "|---|---:|---:|",
        ]
        for kind in sorted(inj.by_kind):
            blocked, total = inj.by_kind[kind]
            lines.append(f"| {kind} | {total} | {blocked} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


SETS = {
    "Development sets (the rules were tuned on these)": ("phi_dev.jsonl", "crisis_dev.jsonl", "injection_dev.jsonl"),
    "Second development sets (written independently later; measured blind first, then tuned on)": (
        "phi_dev2.jsonl",
        "crisis_dev2.jsonl",
        "injection_dev2.jsonl",
    ),
    "Held-out sets (see the note above on how they were used)": (
        "phi_holdout.jsonl",
        "crisis_holdout.jsonl",
        "injection_holdout.jsonl",
    ),
}
# The floors are asserted on these; the held-out figures are reported.
TUNING_SETS = tuple(SETS)[:2]


def evaluate_all() -> dict[str, tuple[PhiReport, CrisisReport, InjectionReport]]:
    return {
        label: (
            evaluate_phi(load_phi(phi)),
            evaluate_crisis(load_crisis(crisis)),
            evaluate_injection(load_injection(inj)),
        )
        for label, (phi, crisis, inj) in SETS.items()
    }


def summary_counts(examples: Iterable[PhiExample]) -> Counter[str]:
    return Counter(span.type for example in examples for span in example.spans)
