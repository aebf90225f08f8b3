"""The Anthropic provider, driving the real SDK client against a fake transport."""

from __future__ import annotations

import logging

import pytest

from nuvae.lib.llm import LLMError, LLMOutputError, Usage
from nuvae.lib.llm.anthropic_provider import AnthropicProvider
from nuvae.lib.llm.understanding import Understanding
from nuvae.lib.safety.injection import DATA_BLOCK_RULE
from nuvae.lib.safety.prompt import ModelText

from .support import FakeServer, anthropic_message, anthropic_tool, error, sse, timeout

ANSWER = {"intent": "SCHEDULING", "confidence": 0.92, "slots": {"provider": "Dr. Patel", "date": "next Tuesday"}}


def provider(server: FakeServer) -> AnthropicProvider:
    return AnthropicProvider(api_key="test-key", base_url="http://stub.local", http_client=server.client())


def complete(server: FakeServer, text: ModelText, schema: type[Understanding] | None = Understanding):
    return provider(server).complete(
        system="You help a clinic.", messages=[text], schema=schema, model="claude-test", deadline_s=5
    )


def test_request_carries_model_system_rule_fenced_text_and_forced_tool(
    server: FakeServer, model_text: ModelText
) -> None:
    server.replies.append(anthropic_tool(ANSWER))

    complete(server, model_text)

    body = server.body()
    assert server.requests[0].url.path == "/v1/messages"
    assert body["model"] == "claude-test"
    assert body["system"] == f"You help a clinic.\n\n{DATA_BLOCK_RULE}"
    assert body["messages"] == [{"role": "user", "content": model_text.text}]
    assert "[PERSON_1]" in body["messages"][0]["content"]
    assert "Maria" not in body["messages"][0]["content"]
    assert body["tools"][0]["name"] == "Understanding"
    assert body["tools"][0]["input_schema"] == Understanding.model_json_schema()
    assert body["tool_choice"] == {"type": "tool", "name": "Understanding"}


def test_tool_input_is_parsed_into_the_schema_with_usage(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(anthropic_tool(ANSWER, model="claude-test-20260101", usage=(120, 31)))

    result = complete(server, model_text)

    assert isinstance(result.parsed, Understanding)
    assert (result.parsed.intent, result.parsed.confidence) == ("SCHEDULING", 0.92)
    assert result.parsed.slots.provider == "Dr. Patel"
    assert (result.model, result.input_tokens, result.output_tokens) == ("claude-test-20260101", 120, 31)
    assert result.latency_ms >= 0


def test_plain_text_answer_without_schema(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(anthropic_message([{"type": "text", "text": "Tuesday works."}]))

    result = complete(server, model_text, schema=None)

    assert (result.text, result.parsed) == ("Tuesday works.", None)
    assert "tools" not in server.body()


def test_tool_input_outside_the_schema_is_an_output_error(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(anthropic_tool({"intent": "BOOK_NOW", "confidence": 3}))

    with pytest.raises(LLMOutputError) as caught:
        complete(server, model_text)

    assert caught.value.retryable is False
    assert "BOOK_NOW" not in str(caught.value)


@pytest.mark.parametrize("status", [429, 500, 529])
def test_rate_limit_overload_and_server_errors_are_retryable(
    server: FakeServer, model_text: ModelText, status: int
) -> None:
    server.replies.append(error(status))

    with pytest.raises(LLMError) as caught:
        complete(server, model_text)

    assert (caught.value.retryable, caught.value.status) == (True, status)


@pytest.mark.parametrize("status", [400, 401])
def test_client_errors_are_not_retryable(server: FakeServer, model_text: ModelText, status: int) -> None:
    server.replies.append(error(status))

    with pytest.raises(LLMError) as caught:
        complete(server, model_text)

    assert (caught.value.retryable, caught.value.status) == (False, status)


def test_a_timeout_is_retryable(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(timeout)

    with pytest.raises(LLMError) as caught:
        complete(server, model_text)

    assert caught.value.retryable is True
    assert caught.value.status is None


def test_the_deadline_is_the_sdk_timeout(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(anthropic_tool(ANSWER))

    complete(server, model_text)

    assert server.requests[0].extensions["timeout"]["read"] == 5


def test_plain_str_in_a_user_turn_is_refused(server: FakeServer) -> None:
    with pytest.raises(TypeError, match="ModelText"):
        provider(server).complete(
            system="s",
            messages=["I'm Maria Gonzalez"],  # type: ignore[list-item]
            schema=None,
            model="claude-test",
            deadline_s=5,
        )

    assert server.requests == []


def test_a_call_is_logged_with_usage_and_without_text(
    server: FakeServer, model_text: ModelText, caplog: pytest.LogCaptureFixture
) -> None:
    server.replies.append(anthropic_tool(ANSWER, usage=(120, 31)))

    with caplog.at_level(logging.INFO, logger="nuvae.llm"):
        complete(server, model_text)

    (record,) = [r for r in caplog.records if r.name == "nuvae.llm"]
    assert (record.llm_model, record.input_tokens, record.output_tokens) == ("claude-test", 120, 31)  # type: ignore[attr-defined]
    assert "Patel" not in record.getMessage()


def test_stream_yields_text_chunks_then_usage(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(
        sse(
            [
                (
                    "message_start",
                    {
                        "type": "message_start",
                        "message": {
                            "id": "msg_1",
                            "type": "message",
                            "role": "assistant",
                            "model": "claude-test",
                            "content": [],
                            "stop_reason": None,
                            "stop_sequence": None,
                            "usage": {"input_tokens": 55, "output_tokens": 1},
                        },
                    },
                ),
                (
                    "content_block_start",
                    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
                ),
                (
                    "content_block_delta",
                    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Tuesday "}},
                ),
                (
                    "content_block_delta",
                    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "at 3pm."}},
                ),
                ("content_block_stop", {"type": "content_block_stop", "index": 0}),
                (
                    "message_delta",
                    {
                        "type": "message_delta",
                        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                        "usage": {"output_tokens": 6},
                    },
                ),
                ("message_stop", {"type": "message_stop"}),
            ]
        )
    )

    items = list(provider(server).stream(system="s", messages=[model_text], model="claude-test", deadline_s=5))

    assert items[:-1] == ["Tuesday ", "at 3pm."]
    usage = items[-1]
    assert isinstance(usage, Usage)
    assert (usage.model, usage.input_tokens, usage.output_tokens) == ("claude-test", 55, 6)
    assert server.body()["stream"] is True


def test_stream_error_maps_to_llm_error(server: FakeServer, model_text: ModelText) -> None:
    server.replies.append(error(529))

    with pytest.raises(LLMError) as caught:
        list(provider(server).stream(system="s", messages=[model_text], model="claude-test", deadline_s=5))

    assert caught.value.retryable is True
