"""What every provider speaks: messages, results, and one error family.

Patient text reaches a provider only as `ModelText` (`nuvae.lib.safety.prompt`): built
from an input check that was not stopped, redacted, fenced as data. A provider refuses
anything else in a user turn at run time as well as in the types, because a plain `str`
there would be a raw patient message that skipped the safety pipeline.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, ValidationError

from nuvae.lib.safety.prompt import ModelText

logger = logging.getLogger("nuvae.llm")


class LLMError(Exception):
    """A provider call failed. `retryable` says whether the same call could succeed later
    (rate limit, overload, timeout, 5xx) or never will as sent (4xx, invalid output).

    The message never quotes the prompt or the model's answer: both can carry PHI.
    """

    def __init__(self, message: str, *, retryable: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status


class LLMOutputError(LLMError):
    """The model answered, but not with an object the schema accepts."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=False)


@dataclass(frozen=True)
class AssistantText:
    """An earlier reply of ours, already through the output checks, as an assistant turn."""

    text: str


Message = ModelText | AssistantText


@dataclass(frozen=True)
class Completion:
    """One answer: `text` (the raw text, or the tool/JSON arguments), `parsed` (the
    validated object when a schema was asked for), and what the call cost."""

    text: str
    parsed: BaseModel | None
    model: str
    input_tokens: int
    output_tokens: int
    latency_ms: int


@dataclass(frozen=True)
class Usage:
    """The last item a stream yields, after its text chunks."""

    model: str
    input_tokens: int
    output_tokens: int
    latency_ms: int


class Provider(Protocol):
    name: str

    def complete(
        self,
        *,
        system: str,
        messages: Sequence[Message],
        schema: type[BaseModel] | None,
        model: str,
        deadline_s: float,
    ) -> Completion: ...

    def stream(
        self,
        *,
        system: str,
        messages: Sequence[Message],
        model: str,
        deadline_s: float,
    ) -> Iterator[str | Usage]: ...


def checked_turns(messages: Sequence[Message]) -> list[tuple[str, str]]:
    """(role, content) pairs, refusing anything that is not ModelText or AssistantText."""
    turns: list[tuple[str, str]] = []
    for message in messages:
        if isinstance(message, ModelText):
            turns.append(("user", message.text))
        elif isinstance(message, AssistantText):
            turns.append(("assistant", message.text))
        else:
            raise TypeError(
                f"a model turn must be ModelText or AssistantText, got {type(message).__name__}: "
                "patient text goes through the safety pipeline and ModelText.from_result()"
            )
    if not turns or turns[0][0] != "user":
        raise ValueError("a conversation sent to a model starts with a user turn")
    return turns


def system_prompt(system: str, messages: Sequence[Message]) -> str:
    """The caller's system prompt with the data-block rule of every ModelText appended."""
    parts = [system.strip()] if system.strip() else []
    for message in messages:
        if isinstance(message, ModelText) and message.rule not in parts:
            parts.append(message.rule)
    return "\n\n".join(parts)


def schema_name(schema: type[BaseModel]) -> str:
    # Tool and json_schema names allow [A-Za-z0-9_-]{1,64}.
    return "".join(ch if ch.isalnum() or ch in "_-" else "_" for ch in schema.__name__)[:64] or "answer"


def validated(schema: type[BaseModel], raw: object) -> BaseModel:
    try:
        if isinstance(raw, str):
            return schema.model_validate_json(raw)
        return schema.model_validate(raw)
    except ValidationError as exc:
        # Only the error count and locations: the values are model output about a patient.
        locations = sorted({".".join(str(p) for p in err["loc"]) or "<root>" for err in exc.errors()})
        raise LLMOutputError(f"the answer did not match {schema.__name__}: {', '.join(locations)}") from None


def log_call(provider: str, usage: Usage, *, streamed: bool = False) -> None:
    logger.info(
        "llm call",
        extra={
            "llm_provider": provider,
            "llm_model": usage.model,
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "latency_ms": usage.latency_ms,
            "streamed": streamed,
        },
    )


def log_failure(provider: str, model: str, error: LLMError, latency_ms: int) -> None:
    logger.warning(
        "llm call failed",
        extra={
            "llm_provider": provider,
            "llm_model": model,
            "status": error.status,
            "retryable": error.retryable,
            "latency_ms": latency_ms,
        },
    )


RETRYABLE_STATUSES = frozenset({408, 409, 429})


def sdk_error(
    exc: Exception, *, status: type[Exception], timeout: type[Exception], connection: type[Exception]
) -> LLMError:
    """One error family from a vendor SDK's exception. The official SDKs share a shape: a
    status error carrying `status_code`, a timeout error that is also a connection error."""
    if isinstance(exc, status):
        return status_error(int(getattr(exc, "status_code", 0)), type(exc).__name__)
    if isinstance(exc, timeout):
        return LLMError("the provider did not answer before the deadline", retryable=True)
    if isinstance(exc, connection):
        return LLMError("the provider could not be reached", retryable=True)
    return LLMError(f"the provider call failed ({type(exc).__name__})", retryable=False)


def status_error(status: int, kind: str) -> LLMError:
    retryable = status in RETRYABLE_STATUSES or status >= 500
    return LLMError(f"the provider answered {status} ({kind})", retryable=retryable, status=status)
