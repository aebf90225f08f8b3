"""OpenAI and Azure OpenAI through the OpenAI SDK (chat completions).

Structured output uses `response_format` with a `json_schema` built from the pydantic
model; the JSON the model returns is validated by pydantic, never trusted as is. On
Azure the `model` argument is the deployment name.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

import httpx2
import openai
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

MAX_OUTPUT_TOKENS = 1024


def _error(exc: openai.OpenAIError) -> LLMError:
    return sdk_error(
        exc, status=openai.APIStatusError, timeout=openai.APITimeoutError, connection=openai.APIConnectionError
    )


class OpenAIProvider:
    name = "openai"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        max_retries: int = 0,
        http_client: httpx2.Client | None = None,
    ) -> None:
        self._client: openai.OpenAI = openai.OpenAI(
            api_key=api_key, base_url=base_url, max_retries=max_retries, http_client=http_client
        )

    def _request(self, system: str, messages: Sequence[Message], model: str) -> dict[str, Any]:
        turns = checked_turns(messages)
        return {
            "model": model,
            "max_completion_tokens": MAX_OUTPUT_TOKENS,
            "messages": [
                {"role": "system", "content": system_prompt(system, messages)},
                *({"role": role, "content": content} for role, content in turns),
            ],
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
            # Not strict: strict mode needs every property required and no defaults, which
            # not every schema has; pydantic checks the answer either way.
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name(schema), "schema": schema.model_json_schema(), "strict": False},
            }
        started = time.monotonic()
        try:
            response = self._client.chat.completions.create(**request, timeout=deadline_s)
        except openai.OpenAIError as exc:
            error = _error(exc)
            log_failure(self.name, model, error, _ms(started))
            raise error from None
        latency = _ms(started)
        tokens = response.usage
        usage = Usage(
            response.model,
            tokens.prompt_tokens if tokens else 0,
            tokens.completion_tokens if tokens else 0,
            latency,
        )
        log_call(self.name, usage)
        if not response.choices:
            raise LLMOutputError("the answer had no choices")
        message = response.choices[0].message
        if message.refusal:
            raise LLMOutputError("the model refused to answer")
        text = message.content or ""
        parsed = validated(schema, text) if schema is not None else None
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
            chunks = self._client.chat.completions.create(
                **request, stream=True, stream_options={"include_usage": True}, timeout=deadline_s
            )
            with chunks:
                for chunk in chunks:
                    answered_model = chunk.model or answered_model
                    if chunk.usage is not None:
                        input_tokens = chunk.usage.prompt_tokens
                        output_tokens = chunk.usage.completion_tokens
                    for choice in chunk.choices:
                        if choice.delta.content:
                            yield choice.delta.content
        except openai.OpenAIError as exc:
            error = _error(exc)
            log_failure(self.name, model, error, _ms(started))
            raise error from None
        usage_record = Usage(answered_model, input_tokens, output_tokens, _ms(started))
        log_call(self.name, usage_record, streamed=True)
        yield usage_record


class AzureOpenAIProvider(OpenAIProvider):
    name = "azure_openai"

    def __init__(
        self,
        *,
        api_key: str,
        endpoint: str,
        api_version: str,
        max_retries: int = 0,
        http_client: httpx2.Client | None = None,
    ) -> None:
        self._client = openai.AzureOpenAI(
            api_key=api_key,
            azure_endpoint=endpoint,
            api_version=api_version,
            max_retries=max_retries,
            http_client=http_client,
        )


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
