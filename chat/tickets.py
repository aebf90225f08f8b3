"""Widget tickets: short-lived signed proof that a page on an allowed origin asked to chat.

`POST /widget/session` issues one; the iframe sends it as the first websocket message (never
in the URL, where proxies and logs would keep it). It names the clinic and the conversation,
so the consumer needs no other lookup to scope the connection.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core import signing

SALT = "nuvae.widget"
MAX_AGE_SECONDS = 60


class TicketError(Exception):
    """The ticket is forged, malformed or expired."""


@dataclass(frozen=True)
class Ticket:
    clinic_id: str
    session_id: str


def ticket_issue(*, clinic_id: object, session_id: str) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"c": str(clinic_id), "s": session_id})


def ticket_verify(token: object) -> Ticket:
    if not isinstance(token, str) or not token:
        raise TicketError("A ticket is required.")
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise TicketError("The ticket has expired; ask for a new one.") from exc
    except (signing.BadSignature, ValueError) as exc:
        raise TicketError("The ticket is not valid.") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("c"), str) or not _is_uuid(payload.get("s")):
        raise TicketError("The ticket is not valid.")
    return Ticket(clinic_id=payload["c"], session_id=payload["s"])


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)
