"""POST /widget/session is rate limited per widget key and client address.

The windows are real: Redis when REDIS_URL is set (CI, the PostgreSQL runs), process memory
otherwise; the root conftest clears the cache (and with it the Redis windows) around each test.
"""

from __future__ import annotations

import pytest
import redis
from django.conf import settings
from django.test import override_settings

from chat.tests.factories import SITE, WidgetConfigFactory
from chat.tickets import ticket_verify
from clinics import ratelimit
from clinics.tests.api_support import problem_type

URL = "/widget/session"
CLIENT = "203.0.113.7"
needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (a real Redis)")


@pytest.fixture(autouse=True)
def _fresh_limiters():
    ratelimit.limiter_for.cache_clear()
    yield
    ratelimit.limiter_for.cache_clear()


def post(client, widget_key, *, address=CLIENT, origin=SITE):
    return client.post(
        URL, {"widget_key": widget_key}, content_type="application/json", HTTP_ORIGIN=origin, REMOTE_ADDR=address
    )


@override_settings(WIDGET_SESSION_RATE_LIMIT=3)
def test_ticket_past_the_limit_is_429_problem_with_retry_after(client, widget):
    assert [post(client, widget.publishable_key).status_code for _ in range(3)] == [200, 200, 200]

    response = post(client, widget.publishable_key)

    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert problem_type(response) == "rate-limited"
    assert response.json()["status"] == 429
    assert "ticket" not in response.json()
    assert 1 <= int(response["Retry-After"]) <= settings.WIDGET_SESSION_RATE_LIMIT_WINDOW_SECONDS


@override_settings(WIDGET_SESSION_RATE_LIMIT=1)
def test_429_is_readable_by_the_widgets_page(client, widget):
    post(client, widget.publishable_key)

    response = post(client, widget.publishable_key)

    assert response.status_code == 429
    assert response["Access-Control-Allow-Origin"] == SITE
    assert response["Access-Control-Expose-Headers"] == "Retry-After"


@override_settings(WIDGET_SESSION_RATE_LIMIT=2)
def test_limit_is_per_client_address(client, widget):
    for _ in range(2):
        post(client, widget.publishable_key)
    assert post(client, widget.publishable_key).status_code == 429

    response = post(client, widget.publishable_key, address="198.51.100.20")

    assert response.status_code == 200
    assert ticket_verify(response.json()["ticket"]).clinic_id == str(widget.clinic_id)


@override_settings(WIDGET_SESSION_RATE_LIMIT=2)
def test_limit_is_per_widget_key(client, widget, other_clinic):
    other = WidgetConfigFactory.create(clinic=other_clinic)
    for _ in range(2):
        post(client, widget.publishable_key)
    assert post(client, widget.publishable_key).status_code == 429

    assert post(client, other.publishable_key).status_code == 200


@override_settings(WIDGET_SESSION_RATE_LIMIT=2)
def test_refused_requests_count_too(client, widget):
    # A page on a foreign origin hammering the key is slowed down like any other caller.
    for _ in range(2):
        assert post(client, widget.publishable_key, origin="https://elsewhere.example").status_code == 403

    assert post(client, widget.publishable_key).status_code == 429


@override_settings(WIDGET_SESSION_RATE_LIMIT=1)
def test_preflight_is_not_counted(client, widget):
    for _ in range(3):
        client.options(URL, HTTP_ORIGIN=SITE, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST", REMOTE_ADDR=CLIENT)

    assert post(client, widget.publishable_key).status_code == 200


@override_settings(WIDGET_SESSION_RATE_LIMIT=0)
def test_zero_turns_the_limit_off(client, widget):
    statuses = {post(client, widget.publishable_key).status_code for _ in range(40)}

    assert statuses == {200}


@needs_redis
@override_settings(WIDGET_SESSION_RATE_LIMIT=2)
def test_window_lives_in_redis_shared_by_every_web_process(client, widget):
    for _ in range(2):
        post(client, widget.publishable_key)
    # Another web process has its own limiter (and connection pool); it sees the same window.
    ratelimit.limiter_for.cache_clear()

    response = post(client, widget.publishable_key)

    assert response.status_code == 429
    pattern = f"{settings.CACHE_KEY_PREFIX}:ratelimit:widget-session:*"
    keys = redis.Redis.from_url(settings.REDIS_URL or "").keys(pattern)
    assert len(keys) == 1
    assert keys[0].decode().endswith(f":{CLIENT}")
