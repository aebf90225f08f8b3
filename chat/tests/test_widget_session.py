"""POST /widget/session: the Origin check and the ticket; the frame and demo pages."""

from __future__ import annotations

import time
import uuid

import pytest
from django.core import signing

from chat.models import WidgetConfig
from chat.tests.factories import SITE
from chat.tickets import SALT, TicketError, ticket_verify
from clinics.tests.api_support import problem_type

URL = "/widget/session"


def post(client, body, origin=SITE):
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    return client.post(URL, body, content_type="application/json", **headers)


def test_session_returns_a_ticket_for_the_clinic_and_a_new_session(client, widget):
    response = post(client, {"widget_key": widget.publishable_key})

    assert response.status_code == 200
    body = response.json()
    ticket = ticket_verify(body["ticket"])
    assert (ticket.clinic_id, ticket.session_id) == (str(widget.clinic_id), body["session_id"])
    assert response["Access-Control-Allow-Origin"] == SITE


def test_session_keeps_the_given_session_id(client, widget):
    session_id = str(uuid.uuid4())

    body = post(client, {"widget_key": widget.publishable_key, "session_id": session_id}).json()

    assert ticket_verify(body["ticket"]).session_id == session_id


def test_session_refuses_a_missing_origin(client, widget):
    response = post(client, {"widget_key": widget.publishable_key}, origin=None)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_session_refuses_an_origin_not_allowed_for_the_clinic(client, widget, other_widget):
    response = post(client, {"widget_key": widget.publishable_key}, origin="https://beta.example")

    assert response.status_code == 403
    assert "ticket" not in response.json()


def test_session_refuses_a_disabled_widget(client, widget):
    WidgetConfig.objects.filter(pk=widget.pk).update(enabled=False)

    assert post(client, {"widget_key": widget.publishable_key}).status_code == 403


def test_session_refuses_an_unknown_key_like_a_disabled_one(client, widget):
    response = post(client, {"widget_key": "wk_nope"})

    assert response.status_code == 403
    assert problem_type(response) == problem_type(
        post(client, {"widget_key": widget.publishable_key}, origin="https://x.example")
    )


def test_session_rejects_a_session_id_that_is_not_a_uuid(client, widget):
    response = post(client, {"widget_key": widget.publishable_key, "session_id": "../etc"})

    assert response.status_code == 400


def test_session_needs_no_csrf_token(widget):
    from django.test import Client

    response = post(Client(enforce_csrf_checks=True), {"widget_key": widget.publishable_key})

    assert response.status_code == 200


def test_preflight_allows_the_json_post(client):
    response = client.options(URL, HTTP_ORIGIN=SITE, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")

    assert response.status_code == 204
    assert response["Access-Control-Allow-Headers"] == "Content-Type"


def test_origins_are_compared_after_normalising(client, widget):
    response = post(client, {"widget_key": widget.publishable_key}, origin="HTTPS://WWW.Alpha-Clinic.example:443")

    assert response.status_code == 200


def test_ticket_signed_with_another_salt_is_refused():
    forged = signing.TimestampSigner(salt="other").sign_object({"c": str(uuid.uuid4()), "s": str(uuid.uuid4())})

    with pytest.raises(TicketError, match="not valid"):
        ticket_verify(forged)


class _TwoMinutesAgoSigner(signing.TimestampSigner):
    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - 120)


def test_ticket_older_than_a_minute_is_refused():
    stale = _TwoMinutesAgoSigner(salt=SALT).sign_object({"c": str(uuid.uuid4()), "s": str(uuid.uuid4())})

    with pytest.raises(TicketError, match="expired"):
        ticket_verify(stale)


def test_widget_key_is_publishable_and_prefixed(widget):
    assert widget.publishable_key.startswith("wk_")
    assert len(widget.publishable_key) > 20


def test_allowed_origins_must_be_origins(clinic):
    from django.core.exceptions import ValidationError

    config = WidgetConfig(clinic=clinic, allowed_origins=["https://ok.example", "https://x.example/path"])

    with pytest.raises(ValidationError):
        config.full_clean()


def test_frame_may_be_framed_only_by_allowed_origins(client, widget):
    response = client.get(f"/widget/frame/?key={widget.publishable_key}")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == f"frame-ancestors 'self' {SITE}"
    assert "X-Frame-Options" not in response
    assert 'role="log"' in response.content.decode()


def test_frame_of_an_unknown_key_is_not_found(client, widget):
    assert client.get("/widget/frame/?key=wk_unknown").status_code == 404


def test_demo_page_embeds_the_script_with_the_widget_key(client, widget):
    html = client.get("/widget/demo/").content.decode()

    assert f'data-widget-key="{widget.publishable_key}"' in html
    assert "widget/nuvae-chat.js" in html
