"""The one door from the chat transport to the conversation engine.

`reply()` runs one turn of `scheduling.receptionist.engine.process()` for the widget. The
widget's session id was minted by Nuvae in its signed ticket, so a conversation the engine
does not know yet (a new ticket, or one whose session expired) starts under that id.
"""

from __future__ import annotations

from clinics.audit import Actor
from clinics.models import Clinic
from scheduling.receptionist.engine import Turn, process


def reply(*, clinic: Clinic, message: str, session_id: str | None, channel: str) -> Turn:
    """One turn of the conversation: the engine's `Turn` (message, session_id, state, intent, ...)."""
    return process(
        clinic=clinic,
        message=message,
        session_id=session_id,
        channel=channel,
        actor=Actor.system("chat-widget"),
        start_if_unknown=True,
    )
