"""X-Request-ID is echoed when safe, replaced when not, generated when absent; the request's
context is visible to code running inside it and gone afterwards."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import Client, RequestFactory

from nuvae.lib import context
from nuvae.lib.context import RequestContextMiddleware, client_ip

GENERATED = re.compile(r"[0-9a-f]{32}")


def request_id_for(**headers: Any) -> str:
    response = Client().get("/health", **headers)
    assert response.status_code == 200
    return response["X-Request-ID"]


@pytest.mark.parametrize("supplied", ["abc-123", "01HZX3.trace:span_9", "a" * 128])
def test_safe_request_id_is_echoed(supplied: str) -> None:
    assert request_id_for(HTTP_X_REQUEST_ID=supplied) == supplied


@pytest.mark.parametrize(
    "supplied",
    [
        "abc\ndef",  # log injection
        "abc\n",  # a trailing newline slips past a "$"-anchored pattern
        "abc\r\nSet-Cookie: x=1",
        "a" * 129,  # too long
        "has space",
        "quote\"d",
        "ünïcode",
    ],
)
def test_unsafe_request_id_is_replaced_with_a_generated_one(supplied: str) -> None:
    returned = request_id_for(HTTP_X_REQUEST_ID=supplied)
    assert returned != supplied
    assert GENERATED.fullmatch(returned)


def test_request_id_is_generated_when_absent() -> None:
    assert GENERATED.fullmatch(request_id_for())


def test_empty_request_id_is_replaced() -> None:
    assert GENERATED.fullmatch(request_id_for(HTTP_X_REQUEST_ID=""))


def test_each_request_without_an_id_gets_its_own() -> None:
    assert request_id_for() != request_id_for()


def _echo_context(request: HttpRequest) -> HttpResponse:
    ctx = context.current()
    return JsonResponse({"request_id": ctx.request_id, "ip": ctx.ip, "user_agent": ctx.user_agent})


def _run(**meta: Any) -> dict[str, Any]:
    request = RequestFactory().get("/anything", **meta)
    response = RequestContextMiddleware(_echo_context)(request)
    return json.loads(response.content)


def test_code_inside_the_request_sees_its_request_id() -> None:
    assert _run(HTTP_X_REQUEST_ID="req-inside")["request_id"] == "req-inside"


def test_request_id_is_set_on_the_request() -> None:
    request = RequestFactory().get("/anything", HTTP_X_REQUEST_ID="req-attr")
    RequestContextMiddleware(lambda r: HttpResponse())(request)
    assert request.request_id == "req-attr"  # type: ignore[attr-defined]


def test_code_inside_the_request_sees_client_ip_and_user_agent() -> None:
    seen = _run(REMOTE_ADDR="198.51.100.4", HTTP_USER_AGENT="Widget/1.0")
    assert (seen["ip"], seen["user_agent"]) == ("198.51.100.4", "Widget/1.0")


def test_user_agent_is_truncated() -> None:
    assert len(_run(HTTP_USER_AGENT="x" * 2000)["user_agent"] or "") == 512


def test_user_agent_loses_control_characters() -> None:
    assert _run(HTTP_USER_AGENT="Evil\x00Agent\n2")["user_agent"] == "EvilAgent2"


def test_context_is_cleared_after_the_request() -> None:
    _run(HTTP_X_REQUEST_ID="req-gone")
    assert context.current().request_id == ""


def test_context_is_cleared_when_the_view_raises() -> None:
    def boom(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("view failed")

    with pytest.raises(RuntimeError):
        RequestContextMiddleware(boom)(RequestFactory().get("/x", HTTP_X_REQUEST_ID="req-boom"))
    assert context.current().request_id == ""


@pytest.mark.parametrize(("remote", "expected"), [("203.0.113.7", "203.0.113.7"), ("2001:db8::1", "2001:db8::1")])
def test_client_ip_is_the_socket_address(remote: str, expected: str) -> None:
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR=remote)) == expected


@pytest.mark.parametrize("remote", ["unknown", "", "/run/daphne.sock"])
def test_client_ip_that_is_not_an_address_becomes_none(remote: str) -> None:
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR=remote)) is None


def test_client_ip_ignores_x_forwarded_for() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.2"
