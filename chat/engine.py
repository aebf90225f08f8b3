"""The one door from the chat transport to the conversation engine.

`reply()` calls `scheduling.receptionist.engine.process()`. Until that module lands on this
branch, `EchoEngine` stands in: it exists only so the websocket transport (tickets, framing,
sequence numbers, batching, resume, rate limits) can be built and tested, and it is replaced
by the real engine as soon as `scheduling.receptionist.engine` is importable — no change here.
"""

from __future__ import annotations

import importlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from clinics.audit import Actor
from clinics.models import Clinic
from scheduling.receptionist.session import Session, SessionNotFoundError, session_save

ENGINE_MODULE = "scheduling.receptionist.engine"


@dataclass
class EchoTurn:
    message: str
    session_id: str
    state: str = "IDLE"
    intent: str = "UNKNOWN"
    confidence: float = 0.0
    booking_id: str | None = None
    collected_data: dict[str, Any] = field(default_factory=dict)
    available_slots: list[Any] = field(default_factory=list)


class EchoEngine:
    """Transport-test stand-in for the receptionist engine; replaced when the engine lands."""

    @staticmethod
    def process(*, clinic: Clinic, message: str, session_id: str | None, channel: str, actor: Actor) -> EchoTurn:
        return EchoTurn(message=f"Echo: {message}", session_id=session_id or str(uuid.uuid4()))


def engine() -> Any:
    """The receptionist engine module, or `EchoEngine` while it does not exist on this branch."""
    try:
        return importlib.import_module(ENGINE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name not in {ENGINE_MODULE, "scheduling.receptionist"}:
            raise  # the engine exists but something it imports is missing: a real error
        return EchoEngine


def engine_is_real() -> bool:
    return engine() is not EchoEngine


def reply(*, clinic: Clinic, message: str, session_id: str | None, channel: str) -> Any:
    """One turn of the conversation: the engine's `Turn` (message, session_id, state, intent, ...).

    The widget's session id is minted by `POST /widget/session` before the engine has seen it:
    an id the engine does not know (new, or expired everywhere) starts an empty conversation
    under that same id, so every connection in the conversation's group keeps receiving it."""
    module = engine()
    actor = Actor.system("chat-widget")
    try:
        return module.process(clinic=clinic, message=message, session_id=session_id, channel=channel, actor=actor)
    except SessionNotFoundError:
        if session_id is None:
            raise
    # Cache only, like any session before its first answer: the engine writes the durable copy.
    empty = Session(key=session_id, clinic_id=str(clinic.pk), channel=channel)
    session_save(clinic=clinic, session=empty, now=timezone.now(), store=False)
    return module.process(clinic=clinic, message=message, session_id=session_id, channel=channel, actor=actor)
