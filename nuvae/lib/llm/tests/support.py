"""A fake HTTP transport for the real SDK clients: no network, no mocked SDK code."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2

Reply = httpx2.Response | Callable[[httpx2.Request], httpx2.Response]


@dataclass
class FakeServer:
    """Answers each request with the next queued reply and records what was sent."""

    replies: list[Reply] = field(default_factory=list)
    requests: list[httpx2.Request] = field(default_factory=list)

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        reply = self.replies.pop(0)
        return reply(request) if callable(reply) else reply

    def client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self.handler))

    def body(self, index: int = -1) -> dict[str, Any]:
        return json.loads(self.requests[index].content)


def timeout(request: httpx2.Request) -> httpx2.Response:
    raise httpx2.ReadTimeout("read timed out", request=request)


def sse(events: list[tuple[str | None, object]]) -> httpx2.Response:
    lines = []
    for name, data in events:
        if name is not None:
            lines.append(f"event: {name}")
        lines.append(f"data: {data if isinstance(data, str) else json.dumps(data)}")
        lines.append("")
    return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content="\n".join(lines) + "\n")


def anthropic_message(content: list[dict[str, Any]], *, model: str = "claude-test", usage: tuple[int, int] = (40, 9)):
    return httpx2.Response(
        200,
        json={
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": content,
            "stop_reason": "tool_use" if any(c["type"] == "tool_use" for c in content) else "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": usage[0], "output_tokens": usage[1]},
        },
    )


def anthropic_tool(answer: dict[str, Any], *, name: str = "Understanding", **kwargs: Any) -> httpx2.Response:
    return anthropic_message([{"type": "tool_use", "id": "toolu_1", "name": name, "input": answer}], **kwargs)


def openai_chat(content: str, *, model: str = "gpt-test", usage: tuple[int, int] = (30, 7)) -> httpx2.Response:
    return httpx2.Response(
        200,
        json={
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1,
            "model": model,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
        },
    )


def error(status: int) -> httpx2.Response:
    return httpx2.Response(status, json={"type": "error", "error": {"type": "some_error", "message": "no"}})
