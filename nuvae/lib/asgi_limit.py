"""A cap on how many HTTP requests one ASGI process runs at once.

Django runs each HTTP request's synchronous code on a thread of its own. Uncapped, a burst
of N requests becomes N threads contending for one interpreter lock and for the process's
database pool: every request slows down together, and past the pool's size they wait for
a connection and may time out with a 500. With the cap, requests beyond it wait their turn
in the event loop (no thread, no connection) and the ones running finish at full speed,
which is what a fixed set of worker threads (gunicorn's, uWSGI's) gives a WSGI deployment.

Websockets are not counted: their consumers run the engine on the event loop's own small
executor.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
ASGIApp = Callable[..., Awaitable[None]]


class HttpConcurrencyLimit:
    """Wrap an ASGI app so that at most `limit` HTTP requests run at once (0: no cap)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        # One semaphore per event loop (a server has one; tests may start several).
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:
            slots = self._slots[loop] = asyncio.Semaphore(self.limit)
        async with slots:
            await self.app(scope, receive, send)
