"""Claude through the Anthropic SDK (Messages API).

Structured output is a forced tool call whose `input_schema` is the pydantic model's
JSON schema; the tool's input is then validated by pydantic, never trusted as is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from typing import Any

import anthropic
import httpx2
from pydantic import BaseModel

from .base import (
    Completion,
    LLMError,
    LLMOutputError,
    Message,
    Usage,
    checked_turns,
    log_call,
    log_failure,
    schema_name,
    sdk_error,
    system_prompt,
    validated,
)

# Answers here are intents, tiers and short replies; a cap keeps a runaway answer cheap.
MAX_OUTPUT_TOKENS = 1024


def _error(exc: anthropic.AnthropicError) -> LLMError:
    return sdk_error(
        exc, status=anthropic.APIStatusError, timeout=anthropic.APITimeoutError, connection=anthropic.APIConnectionError
    )


class AnthropicProvider:
    name = "anthropic"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        max_retries: int = 0,
        http_client: httpx2.Client | None = None,
    ) -> None:
        self._client = anthropic.Anthropic(
            api_key=api_key, base_url=base_url, max_retries=max_retries, http_client=http_client
        )

    def _request(self, system: str, messages: Sequence[Message], model: str) -> dict[str, Any]:
        turns = checked_turns(messages)
        return {
            "model": model,
            "max_tokens": MAX_OUTPUT_TOKENS,
            "system": system_prompt(system, messages),
            "messages": [{"role": role, "content": content} for role, content in turns],
        }

    def complete(
        self,
        *,
        system: str,
        messages: Sequence[Message],
        schema: type[BaseModel] | None,
        model: str,
        deadline_s: float,
    ) -> Completion:
        request = self._request(system, messages, model)
        if schema is not None:
            tool = schema_name(schema)
            request["tools"] = [
                {
                    "name": tool,
                    "description": (schema.__doc__ or f"Answer with a {schema.__name__}.").strip(),
                    "input_schema": schema.model_json_schema(),
                }
            ]
            request["tool_choice"] = {"type": "tool", "name": tool}
        started = time.monotonic()
        try:
            response = self._client.messages.create(**request, timeout=deadline_s)
        except anthropic.AnthropicError as exc:
            error = _error(exc)
            log_failure(self.name, model, error, _ms(started))
            raise error from None
        latency = _ms(started)
        usage = Usage(response.model, response.usage.input_tokens, response.usage.output_tokens, latency)
        log_call(self.name, usage)
        parsed: BaseModel | None = None
        if schema is None:
            text = "".join(block.text for block in response.content if block.type == "text")
        else:
            tool_inputs = [block.input for block in response.content if block.type == "tool_use"]
            if not tool_inputs:
                raise LLMOutputError(f"the answer carried no {schema.__name__}")
            text = json.dumps(tool_inputs[0])
            parsed = validated(schema, tool_inputs[0])
        return Completion(text, parsed, usage.model, usage.input_tokens, usage.output_tokens, latency)

    def stream(
        self,
        *,
        system: str,
        messages: Sequence[Message],
        model: str,
        deadline_s: float,
    ) -> Iterator[str | Usage]:
        request = self._request(system, messages, model)
        started = time.monotonic()
        answered_model, input_tokens, output_tokens = model, 0, 0
        try:
            events = self._client.messages.create(**request, stream=True, timeout=deadline_s)
            with events:
                for event in events:
                    if event.type == "message_start":
                        answered_model = event.message.model
                        input_tokens = event.message.usage.input_tokens
                        output_tokens = event.message.usage.output_tokens
                    elif event.type == "content_block_delta" and event.delta.type == "text_delta":
                        yield event.delta.text
                    elif event.type == "message_delta":
                        output_tokens = event.usage.output_tokens
                        if event.usage.input_tokens is not None:
                            input_tokens = event.usage.input_tokens
        except anthropic.AnthropicError as exc:
            error = _error(exc)
            log_failure(self.name, model, error, _ms(started))
            raise error from None
        usage = Usage(answered_model, input_tokens, output_tokens, _ms(started))
        log_call(self.name, usage, streamed=True)
        yield usage


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
