"""The per-process cap on concurrent HTTP requests (`nuvae.lib.asgi_limit`)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from nuvae.lib.asgi_limit import HttpConcurrencyLimit


class RecordingApp:
    """An ASGI app that holds each request open until released and records how many ran at once."""

    def __init__(self) -> None:
        self.running = 0
        self.most = 0
        self.started: list[str] = []
        self.release = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.running += 1
        self.most = max(self.most, self.running)
        self.started.append(scope["path"])
        try:
            await self.release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})
        finally:
            self.running -= 1


async def _drive(app: HttpConcurrencyLimit, inner: RecordingApp, kind: str, n: int) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    tasks = [
        asyncio.create_task(app({"type": kind, "path": f"/r{i}"}, receive, send))  # type: ignore[arg-type]
        for i in range(n)
    ]
    for _ in range(20):  # let every task reach the cap (or the app)
        await asyncio.sleep(0)
    inner.running_before_release = inner.running  # type: ignore[attr-defined]
    inner.release.set()
    await asyncio.gather(*tasks)
    return sent


def test_requests_beyond_the_cap_wait_and_then_all_complete() -> None:
    inner = RecordingApp()
    app = HttpConcurrencyLimit(inner, limit=3)  # type: ignore[arg-type]
    sent = asyncio.run(_drive(app, inner, "http", 10))
    assert inner.running_before_release == 3  # type: ignore[attr-defined]
    assert inner.most == 3
    assert len(inner.started) == 10
    assert sum(1 for m in sent if m["type"] == "http.response.start") == 10


def test_first_come_first_served() -> None:
    inner = RecordingApp()
    app = HttpConcurrencyLimit(inner, limit=1)  # type: ignore[arg-type]
    asyncio.run(_drive(app, inner, "http", 5))
    assert inner.started == [f"/r{i}" for i in range(5)]


@pytest.mark.parametrize(("kind", "limit"), [("websocket", 2), ("http", 0)])
def test_websockets_and_a_zero_cap_are_not_limited(kind: str, limit: int) -> None:
    inner = RecordingApp()
    app = HttpConcurrencyLimit(inner, limit=limit)  # type: ignore[arg-type]
    asyncio.run(_drive(app, inner, kind, 6))
    assert inner.most == 6


def test_the_served_application_caps_http_at_the_setting(settings: Any) -> None:
    from nuvae.asgi import application

    http = application.application_mapping["http"]
    assert isinstance(http, HttpConcurrencyLimit)
    assert http.limit == settings.HTTP_CONCURRENCY


def test_a_new_event_loop_gets_its_own_slots() -> None:
    inner = RecordingApp()
    app = HttpConcurrencyLimit(inner, limit=2)  # type: ignore[arg-type]
    asyncio.run(_drive(app, inner, "http", 4))
    inner.release = asyncio.Event()
    inner.most = 0
    asyncio.run(_drive(app, inner, "http", 4))  # a second loop: no "bound to a different loop" error
    assert inner.most == 2
