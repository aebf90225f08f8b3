"""The only way patient text reaches a language model.

A provider call (`nuvae.lib.llm`, with the receptionist) takes `ModelText`, and the only
constructor of `ModelText` takes a `SafetyResult`: so text sent to a model has passed the
input pipeline, was not stopped by it, and is the redacted form, fenced as data under a
per-call random marker. Code that has raw text and no result cannot build one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from .injection import DATA_BLOCK_RULE, data_block
from .pipeline import SafetyResult


class UnsafeForModelError(ValueError):
    """The message was stopped by the pipeline, or is not an input check's result."""


@dataclass(frozen=True)
class ModelText:
    text: str
    # The standing instruction a system prompt must carry for the data blocks.
    rule: str = field(default=DATA_BLOCK_RULE)

    @classmethod
    def from_result(cls, result: SafetyResult, *, label: str = "patient message") -> ModelText:
        if result.direction != "input":
            raise UnsafeForModelError("only an input check's result can be sent to a model")
        if result.stopped:
            raise UnsafeForModelError(f"the message was stopped ({result.decision.name}); answer with result.reply")
        if not result.redacted and result.text:
            raise UnsafeForModelError("the message has no redacted form")
        return cls(data_block(result.redacted, label=label, marker=secrets.token_hex(8)))
