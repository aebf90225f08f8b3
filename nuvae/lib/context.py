"""Per-request context (request id, client address) carried in context variables.

Logs and audit events read it from here so that neither has to be handed the request.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# A caller-supplied id is echoed only when it is short and plain, so it cannot smuggle
# log-injection payloads (newlines, control characters) into our structured logs.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    user_agent: str = ""


# RequestContext is a frozen dataclass, so sharing one default instance is safe.
_current: ContextVar[RequestContext] = ContextVar("nuvae_request_context", default=RequestContext())  # noqa: B039


def current() -> RequestContext:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is what the socket saw. Behind a proxy, deployments set the ASGI
    # server's proxy-headers option so that REMOTE_ADDR is already the client address;
    # trusting X-Forwarded-For here would let any caller forge the audited address.
    return ip_or_none(request.META.get("REMOTE_ADDR"))


def ip_or_none(value: str | None) -> str | None:
    """The address in canonical form, or None for anything that is not one (a proxy's
    "unknown", a unix socket path): PostgreSQL's inet column would refuse it and roll
    back the audited write that carries it."""
    try:
        return str(ipaddress.ip_address(value or ""))
    except ValueError:
        return None


def _printable(value: str) -> str:
    # Control characters (a NUL, a newline) have no place in a user agent; PostgreSQL
    # refuses NUL in text outright, which would fail the audited write.
    return "".join(ch for ch in value if ch.isprintable())


class RequestContextMiddleware:
    """Assigns or echoes X-Request-ID and exposes it (and the client) to logs and audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        supplied = request.headers.get(REQUEST_ID_HEADER, "")
        # fullmatch, not match: "$" also matches before a trailing newline.
        request_id = supplied if _SAFE_REQUEST_ID.fullmatch(supplied) else new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(
            RequestContext(
                request_id=request_id,
                ip=client_ip(request),
                user_agent=_printable(request.headers.get("User-Agent", ""))[:512],
            )
        )
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


def bind(ctx: RequestContext) -> object:
    """Set the context outside a request (tasks, consumers); returns a token for `unbind`."""
    return _current.set(ctx)


def unbind(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
