"""The OpenAI and Azure OpenAI providers, driving the real SDK client against a fake transport."""

from __future__ import annotations

import json

import pytest

from nuvae.lib.llm import LLMError, LLMOutputError, Usage
from nuvae.lib.llm.openai_provider import AzureOpenAIProvider, OpenAIProvider
from nuvae.lib.llm.understanding import Understanding
from nuvae.lib.safety.injection import DATA_BLOCK_RULE
from nuvae.lib.safety.prompt import ModelText

from .support import FakeServer, error, openai_chat, sse, timeout

ANSWER = {"intent": "CANCELLATION", "confidence": 0.88, "slots": {"date": "Friday"}}


def provider(server: FakeServer) -> OpenAIProvider:
    return OpenAIProvider(api_key="test-key", base_url="http://stub.local/v1", http_client=server.client())


def complete(server: FakeServer, text: ModelText):
    return provider(server).complete(
        system="You help a clinic.", messages=[text], schema=Understanding, model="gpt-test", deadline_s=5
    )


def test_request_carries_system_rule_fenced_text_and_json_schema(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(openai_chat(json.dumps(ANSWER)))

    complete(server, model_text)

    body = server.body()
    assert server.requests[0].url.path == "/v1/chat/completions"
    assert body["model"] == "gpt-test"
    assert body["messages"] == [
        {"role": "system", "content": f"You help a clinic.\n\n{DATA_BLOCK_RULE}"},
        {"role": "user", "content": model_text.text},
    ]
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == Understanding.model_json_schema()


def test_json_answer_is_parsed_into_the_schema_with_usage(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(openai_chat(json.dumps(ANSWER), model="gpt-test-2026", usage=(210, 18)))

    result = complete(server, model_text)

    assert isinstance(result.parsed, Understanding)
    assert (result.parsed.intent, result.parsed.slots.date) == ("CANCELLATION", "Friday")
    assert (result.model, result.input_tokens, result.output_tokens) == ("gpt-test-2026", 210, 18)


def test_invalid_json_is_an_output_error(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(openai_chat('{"intent": "CANCELLATION", "confidence": '))

    with pytest.raises(LLMOutputError):
        complete(server, model_text)


@pytest.mark.parametrize(("status", "retryable"), [(429, True), (500, True), (503, True), (400, False), (401, False)])
def test_statuses_map_to_retryable_or_not(
    server: FakeServer, model_text: ModelText, status: int, retryable: bool
) -> None:
    server.replies.append(error(status))

    with pytest.raises(LLMError) as caught:
        complete(server, model_text)

    assert (caught.value.retryable, caught.value.status) == (retryable, status)


def test_a_timeout_is_retryable(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(timeout)

    with pytest.raises(LLMError) as caught:
        complete(server, model_text)

    assert caught.value.retryable is True


def test_plain_str_in_a_user_turn_is_refused(server: FakeServer) -> None:
    with pytest.raises(TypeError, match="ModelText"):
        provider(server).complete(
            system="s",
            messages=["raw text"],  # type: ignore[list-item]
            schema=None,
            model="gpt-test",
            deadline_s=5,
        )

    assert server.requests == []


def test_stream_yields_text_chunks_then_usage(server: FakeServer, model_text: ModelText) -> None:
    def chunk(content: str | None, usage: dict[str, int] | None = None) -> dict[str, object]:
        choices = [] if content is None else [{"index": 0, "delta": {"content": content}, "finish_reason": None}]
        return {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "gpt-test",
            "choices": choices,
            "usage": usage,
        }

    server.replies.append(
        sse(
            [
                (None, chunk("Friday ")),
                (None, chunk("is cancelled.")),
                (None, chunk(None, {"prompt_tokens": 44, "completion_tokens": 5, "total_tokens": 49})),
                (None, "[DONE]"),
            ]
        )
    )

    items = list(provider(server).stream(system="s", messages=[model_text], model="gpt-test", deadline_s=5))

    assert items[:-1] == ["Friday ", "is cancelled."]
    assert items[-1] == Usage("gpt-test", 44, 5, items[-1].latency_ms)  # type: ignore[union-attr]
    assert server.body()["stream_options"] == {"include_usage": True}


def test_azure_sends_to_the_deployment_with_the_api_version(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(openai_chat(json.dumps(ANSWER)))
    azure = AzureOpenAIProvider(
        api_key="test-key", endpoint="http://stub.local", api_version="2024-10-21", http_client=server.client()
    )

    result = azure.complete(system="s", messages=[model_text], schema=Understanding, model="intent-dep", deadline_s=5)

    request = server.requests[0]
    assert request.url.path == "/openai/deployments/intent-dep/chat/completions"
    assert request.url.params["api-version"] == "2024-10-21"
    assert request.headers["api-key"] == "test-key"
    assert isinstance(result.parsed, Understanding)
