"""`assess(text, confirm=...)`: the rules' assessment, optionally checked by a model.

The model can only add caution. It may raise a tier (an oblique message the rules read as
LOW) or agree with one; it can never lower what the rules decided, because a rule that
fired on "I want to die" must not be argued away by a model having a bad day. A model
that fails, times out or answers nonsense leaves the rules' result exactly as it was.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace

from ..types import CrisisAssessment, CrisisTier
from .detector import detect

logger = logging.getLogger(__name__)

Confirm = Callable[[str, CrisisAssessment], "CrisisTier | None"]


def _ask(confirm: Confirm, text: str, rules: CrisisAssessment, timeout_s: float) -> CrisisTier | None:
    """The model's tier, or None when it gave none in time.

    The call runs on a daemon thread so a hung model neither blocks the message past
    `timeout_s` nor keeps the process from exiting; its late answer is discarded.
    """
    outcome: dict[str, object] = {}

    def call() -> None:
        try:
            outcome["tier"] = confirm(text, rules)
        except Exception as exc:  # any failure of a model client must leave the rules' result
            outcome["error"] = exc

    worker = threading.Thread(target=call, name="crisis-confirm", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        logger.warning("crisis model confirmation timed out", extra={"timeout_s": timeout_s})
        return None
    if "error" in outcome:
        # The exception's message may quote the text, so only its type is logged.
        logger.warning("crisis model confirmation failed", extra={"error": type(outcome["error"]).__name__})
        return None
    answer = outcome.get("tier")
    if answer is None:
        return None
    try:
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise TypeError
        return CrisisTier(answer)
    except (TypeError, ValueError):
        logger.warning("crisis model confirmation gave no tier", extra={"answer_type": type(answer).__name__})
        return None


def assess(
    text: str,
    *,
    confirm: Confirm | None = None,
    timeout_s: float = 2.0,
) -> CrisisAssessment:
    """`detect(text)`, then, when `confirm` is given, the model's opinion on it.

    `confirm(text, rules_assessment)` returns the tier the model sees, or None for no
    opinion. Equal tier: confirmed. Higher: raised to it (category kept; score at least
    0.7). Lower, None, an exception or no answer within `timeout_s`: the rules' result
    is returned unchanged.
    """
    rules = detect(text)
    if confirm is None:
        return rules
    model_tier = _ask(confirm, text, rules, timeout_s)
    if model_tier is None or model_tier < rules.tier:
        return rules
    if model_tier == rules.tier:
        if rules.tier == CrisisTier.NONE:
            return rules
        return replace(
            rules,
            score=round(min(0.99, rules.score + (1.0 - rules.score) / 2), 2),
            signals=(*rules.signals, "model.confirmed"),
            confirmed_by_model=True,
        )
    return replace(
        rules,
        tier=model_tier,
        score=max(rules.score, 0.7),
        signals=(*rules.signals, "model.raised"),
        confirmed_by_model=True,
    )
