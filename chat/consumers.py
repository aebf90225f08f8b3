"""`/ws/chat/`: the patients' chat over websockets. The consumer only relays.

Protocol (JSON frames; every frame the server sends carries `seq`, increasing per connection):

- client → `{"type": "auth", "ticket"}` first (the ticket from `POST /widget/session`; never
  in the URL) → server `{"type": "ready", "session_id"}`, or `error` and a close (4401).
- client → `{"type": "message", "text", "msg_id"}` → server `typing`, `start`, `delta`…
  (`text` chunks), `end` (`text`: the whole reply, `state`, `session_id`, …), or `error`.

A turn runs as an asyncio task, never inside `receive_json`: the sync engine is called in
a worker thread (`database_sync_to_async`), and every frame of the reply goes out through
the channel-layer group of the clinic and conversation. With channels-redis, a second tab
or a reconnect served by another process receives what the group is sent; nothing a turn
needs lives in this process except the connection's own counters. Why not a Celery task:
a turn takes milliseconds with the deterministic engine, and a queue hop would add more
latency than it saves; the group already decouples the turn from the socket.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import re
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http.request import validate_host

from chat import engine
from chat.models import WidgetConfig
from chat.tickets import TicketError, ticket_verify
from clinics.models import Clinic

logger = logging.getLogger(__name__)

CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN_ORIGIN = 4403
MAX_MESSAGE_CHARS = 2000
MAX_MSG_ID_CHARS = 64
TURN_FIELDS = ("state", "intent", "confidence", "booking_id", "collected_data", "available_slots")


def group_name(clinic_id: object, session_id: str) -> str:
    """The group of one conversation, keyed by clinic and session (see ARCHITECTURE.md)."""
    return f"chat.{clinic_id}.{session_id}"


def reply_chunks(text: str, words_per_chunk: int) -> list[str]:
    """The reply cut into word chunks whose concatenation is exactly `text`."""
    words = re.findall(r"\s*\S+\s*", text) or [text]
    return ["".join(words[i : i + words_per_chunk]) for i in range(0, len(words), words_per_chunk)]


def _plain(value: Any) -> Any:
    """A JSON-ready copy (enums, dates, UUIDs, decimals become strings)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, default=str))


class ChatConsumer(AsyncJsonWebsocketConsumer):
    # Deltas go out at most every BATCH_SECONDS, each with up to WORDS_PER_DELTA words.
    BATCH_SECONDS = 0.05
    WORDS_PER_DELTA = 6
    # Per connection: at most RATE_MESSAGES messages in any RATE_WINDOW_SECONDS.
    RATE_MESSAGES = 10
    RATE_WINDOW_SECONDS = 10.0
    AUTH_TIMEOUT_SECONDS = 10.0

    async def connect(self) -> None:
        self.seq = 0
        self.clinic: Clinic | None = None
        self.session_id: str | None = None
        self.group: str | None = None
        self.recent: collections.deque[float] = collections.deque()
        self.turn_lock = asyncio.Lock()
        self.tasks: set[asyncio.Task[None]] = set()
        if not self._origin_is_ours():
            # Only Nuvae's own iframe talks to this socket; a page elsewhere gets no socket.
            await self.close(code=CLOSE_FORBIDDEN_ORIGIN)
            return
        await self.accept()
        self._spawn(self._close_unless_authenticated())

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)
        # Running turns are left to finish: a booking half-done is worse than a reply nobody reads,
        # and a reconnect to the same conversation receives what they send.

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if self.clinic is None:
            if kind != "auth":
                await self._refuse("Send {type: 'auth', ticket} first.")
                return
            await self._authenticate(content.get("ticket"))
            return
        if kind == "message":
            await self._accept_message(content)
        elif kind == "auth":
            await self.send_frame({"type": "error", "msg_id": None, "detail": "Already authenticated."})
        else:
            await self.send_frame({"type": "error", "msg_id": None, "detail": f"Unknown frame type {kind!r}."})

    # --- frames -------------------------------------------------------------------

    async def send_frame(self, frame: dict[str, Any]) -> None:
        self.seq += 1
        await self.send_json({**frame, "seq": self.seq})

    async def chat_frame(self, event: dict[str, Any]) -> None:
        """A frame sent to the conversation's group (from this process or another)."""
        await self.send_frame(event["frame"])

    async def _to_group(self, frame: dict[str, Any]) -> None:
        if self.group is None:  # only reachable before authentication, which sends nothing to a group
            return
        await self.channel_layer.group_send(self.group, {"type": "chat.frame", "frame": frame})

    # --- authentication -----------------------------------------------------------

    def _origin_is_ours(self) -> bool:
        headers = dict(self.scope.get("headers", []))
        origin = headers.get(b"origin", b"").decode("latin-1")
        host = urlsplit(origin).hostname if origin else None
        return host is not None and validate_host(host, settings.ALLOWED_HOSTS)

    async def _refuse(self, detail: str) -> None:
        await self.send_frame({"type": "error", "msg_id": None, "detail": detail})
        await self.close(code=CLOSE_UNAUTHORIZED)

    async def _authenticate(self, token: Any) -> None:
        try:
            ticket = ticket_verify(token)
        except TicketError as exc:
            await self._refuse(str(exc))
            return
        clinic = await _enabled_widget_clinic(ticket.clinic_id)
        if clinic is None:
            await self._refuse("This widget is not enabled.")
            return
        self.clinic, self.session_id = clinic, ticket.session_id
        await self._join(ticket.session_id)
        await self.send_frame({"type": "ready", "session_id": self.session_id})

    async def _join(self, session_id: str) -> None:
        if self.clinic is None:
            return
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)
        self.session_id = session_id
        self.group = group_name(self.clinic.pk, session_id)
        await self.channel_layer.group_add(self.group, self.channel_name)

    async def _close_unless_authenticated(self) -> None:
        await asyncio.sleep(self.AUTH_TIMEOUT_SECONDS)
        if self.clinic is None:
            await self._refuse("No ticket arrived in time.")

    # --- messages -----------------------------------------------------------------

    async def _accept_message(self, content: dict[str, Any]) -> None:
        msg_id, text = content.get("msg_id"), content.get("text")
        if not isinstance(msg_id, str) or not 0 < len(msg_id) <= MAX_MSG_ID_CHARS:
            await self.send_frame({"type": "error", "msg_id": None, "detail": "msg_id must be a short string."})
            return
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_MESSAGE_CHARS:
            detail = f"text must be 1 to {MAX_MESSAGE_CHARS} characters."
            await self.send_frame({"type": "error", "msg_id": msg_id, "detail": detail})
            return
        if not self._within_rate_limit():
            detail = f"Too many messages: at most {self.RATE_MESSAGES} every {self.RATE_WINDOW_SECONDS:g} seconds."
            await self.send_frame({"type": "error", "msg_id": msg_id, "detail": detail, "code": "rate_limited"})
            return
        self._spawn(self._turn(msg_id, text))

    def _within_rate_limit(self) -> bool:
        now = time.monotonic()
        while self.recent and now - self.recent[0] >= self.RATE_WINDOW_SECONDS:
            self.recent.popleft()
        if len(self.recent) >= self.RATE_MESSAGES:
            return False
        self.recent.append(now)
        return True

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)  # keep a reference until done (the loop holds only weak ones)
        task.add_done_callback(self.tasks.discard)

    async def _turn(self, msg_id: str, text: str) -> None:
        """One message → one reply, streamed to the conversation group. Turns of a connection run in order."""
        async with self.turn_lock:
            await self._to_group({"type": "typing", "msg_id": msg_id})
            started = time.perf_counter()
            try:
                turn = await _engine_reply(self.clinic, text, self.session_id)
            except Exception:
                logger.exception("chat turn failed", extra={"msg_id": msg_id})
                await self._to_group(
                    {"type": "error", "msg_id": msg_id, "detail": "Something went wrong; please try again."}
                )
                return
            elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
            session_id = str(turn.session_id)
            if session_id != self.session_id:
                # The engine started a new conversation (the old one expired): follow it.
                await self._join(session_id)
            await self._stream(msg_id, str(turn.message), turn, elapsed_ms)

    async def _stream(self, msg_id: str, text: str, turn: Any, elapsed_ms: float) -> None:
        await self._to_group({"type": "start", "msg_id": msg_id})
        # The engine answers with whole messages; releasing them in word chunks at the batch
        # cadence is the same path a token stream takes, so the widget renders one way.
        for index, chunk in enumerate(reply_chunks(text, self.WORDS_PER_DELTA)):
            if index:
                await asyncio.sleep(self.BATCH_SECONDS)
            await self._to_group({"type": "delta", "msg_id": msg_id, "text": chunk})
        end: dict[str, Any] = {"type": "end", "msg_id": msg_id, "text": text, "session_id": self.session_id}
        end.update({name: _plain(getattr(turn, name, None)) for name in TURN_FIELDS})
        end["processing_time_ms"] = elapsed_ms
        await self._to_group(end)


@database_sync_to_async
def _enabled_widget_clinic(clinic_id: str) -> Clinic | None:
    try:
        uuid.UUID(clinic_id)
    except ValueError:
        return None
    config = WidgetConfig.objects.select_related("clinic").filter(clinic_id=clinic_id, enabled=True).first()
    return config.clinic if config else None


@database_sync_to_async
def _engine_reply(clinic: Clinic | None, text: str, session_id: str | None) -> Any:
    if clinic is None:
        raise RuntimeError("A turn before authentication.")
    return engine.reply(clinic=clinic, message=text, session_id=session_id, channel="web")
