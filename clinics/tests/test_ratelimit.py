"""Per-clinic sliding-window rate limits: the API behaviour, both backends, Redis failure."""

from __future__ import annotations

import logging
import threading
import uuid

import pytest
import redis
from django.conf import settings
from django.test import override_settings

from clinics import ratelimit
from clinics.models import Clinic
from clinics.tests.factories import ApiKeyFactory, ClinicFactory
from conftest import client_for

WHOAMI = "/api/v1/whoami/"
needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (a real Redis)")


@pytest.fixture(autouse=True)
def _fresh_limiters():
    # Limiters are built once per process and URL; a test that points at a dead Redis
    # must not leave its failure state (or its quiet log period) to the next test.
    ratelimit.limiter_for.cache_clear()
    yield
    ratelimit.limiter_for.cache_clear()


@pytest.fixture
def free_client(db):
    clinic = ClinicFactory(rate_limit_tier=Clinic.RateLimitTier.FREE)
    return client_for(ApiKeyFactory(clinic=clinic))


def _redis() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL or "")


# --- through the API ------------------------------------------------------------------


@pytest.mark.urls("clinics.tests.platform_api")
def test_request_over_the_limit_is_429_with_retry_after(free_client):
    for _ in range(10):
        assert free_client.get(WHOAMI).status_code == 200

    response = free_client.get(WHOAMI)

    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/rate-limited")
    assert body["status"] == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["X-RateLimit-Limit"] == "10"
    assert response["X-RateLimit-Remaining"] == "0"
    assert response["X-RateLimit-Reset"] == response["Retry-After"]


@pytest.mark.urls("clinics.tests.platform_api")
def test_success_responses_count_down_remaining(free_client):
    remaining = [free_client.get(WHOAMI)["X-RateLimit-Remaining"] for _ in range(3)]

    assert remaining == ["9", "8", "7"]


@pytest.mark.urls("clinics.tests.platform_api")
def test_success_response_carries_limit_and_reset(free_client):
    response = free_client.get(WHOAMI)

    assert response["X-RateLimit-Limit"] == "10"
    assert 1 <= int(response["X-RateLimit-Reset"]) <= settings.RATE_LIMIT_WINDOW_SECONDS


@pytest.mark.urls("clinics.tests.platform_api")
def test_error_responses_after_authentication_carry_the_headers(free_client):
    response = free_client.get("/api/v1/missing/")

    assert response.status_code == 404
    assert response["X-RateLimit-Limit"] == "10"
    assert response["X-RateLimit-Remaining"] == "9"


@pytest.mark.urls("clinics.tests.platform_api")
def test_one_clinic_exhausting_its_limit_does_not_limit_another(free_client, api):
    for _ in range(11):
        free_client.get(WHOAMI)

    response = api.get(WHOAMI)

    assert response.status_code == 200
    assert response["X-RateLimit-Limit"] == "60"


@pytest.mark.urls("clinics.tests.platform_api")
def test_unlimited_tier_is_never_limited_and_has_no_headers(db):
    clinic = ClinicFactory(rate_limit_tier=Clinic.RateLimitTier.UNLIMITED)
    client = client_for(ApiKeyFactory(clinic=clinic))

    responses = [client.get(WHOAMI) for _ in range(12)]

    assert {r.status_code for r in responses} == {200}
    assert "X-RateLimit-Limit" not in responses[-1]


@pytest.mark.urls("clinics.tests.platform_api")
@override_settings(RATE_LIMIT_ENABLED=False)
def test_disabled_rate_limiting_never_answers_429(free_client):
    statuses = {free_client.get(WHOAMI).status_code for _ in range(12)}

    assert statuses == {200}


@pytest.mark.urls("clinics.tests.platform_api")
@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_requests_succeed_and_a_warning_is_logged_when_redis_is_unreachable(free_client, caplog):
    with caplog.at_level(logging.WARNING, logger="clinics.ratelimit"):
        responses = [free_client.get(WHOAMI) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    warnings = [r for r in caplog.records if r.name == "clinics.ratelimit"]
    assert len(warnings) == 1  # once, not once per request
    assert warnings[0].levelno == logging.WARNING
    assert "Redis unavailable (ConnectionError)" in warnings[0].getMessage()
    assert "127.0.0.1:1" not in caplog.text


@pytest.mark.urls("clinics.tests.platform_api")
@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_unreachable_redis_still_limits_each_process(free_client):
    statuses = [free_client.get(WHOAMI).status_code for _ in range(11)]

    assert statuses == [200] * 10 + [429]


# --- the local-memory window --------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_local_window_refuses_the_request_after_the_limit():
    limiter = ratelimit.LocalSlidingWindow()

    decisions = [limiter.hit("k", limit=3, window_seconds=60) for _ in range(4)]

    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]


def test_local_window_frees_a_slot_when_the_oldest_request_leaves_it():
    clock = FakeClock()
    limiter = ratelimit.LocalSlidingWindow(clock=clock)
    limiter.hit("k", limit=2, window_seconds=60)
    clock.now += 30
    limiter.hit("k", limit=2, window_seconds=60)

    refused = limiter.hit("k", limit=2, window_seconds=60)
    clock.now += 30  # the first request is now exactly one window old
    allowed = limiter.hit("k", limit=2, window_seconds=60)

    assert (refused.allowed, refused.reset_seconds) == (False, 30)
    assert (allowed.allowed, allowed.remaining) == (True, 0)


def test_local_window_is_atomic_across_threads():
    limiter = ratelimit.LocalSlidingWindow()
    assert _allowed_among_threads(limiter, threads=30, limit=10) == 10


def test_failing_primary_falls_back_and_retries_after_the_pause():
    class Broken:
        calls = 0

        def hit(self, key, *, limit, window_seconds):
            self.calls += 1
            raise redis.exceptions.ConnectionError("down")

    clock = FakeClock()
    primary = Broken()
    limiter = ratelimit.FailOpenLimiter(primary, ratelimit.LocalSlidingWindow(clock=clock), clock=clock)

    first = limiter.hit("k", limit=5, window_seconds=60)
    limiter.hit("k", limit=5, window_seconds=60)
    calls_during_pause = primary.calls
    clock.now += ratelimit.REDIS_RETRY_AFTER_FAILURE_SECONDS
    limiter.hit("k", limit=5, window_seconds=60)

    assert first.allowed is True
    assert calls_during_pause == 1
    assert primary.calls == 2


# --- the Redis window -----------------------------------------------------------------


def _allowed_among_threads(limiter, *, threads: int, limit: int) -> int:
    key = f"test:ratelimit:{uuid.uuid4().hex}"
    barrier = threading.Barrier(threads)
    results: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        barrier.wait()
        decision = limiter.hit(key, limit=limit, window_seconds=60)
        with lock:
            results.append(decision.allowed)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert len(results) == threads
    return sum(results)


@needs_redis
def test_redis_window_refuses_the_request_after_the_limit():
    limiter = ratelimit.RedisSlidingWindow(_redis())
    key = f"test:ratelimit:{uuid.uuid4().hex}"

    decisions = [limiter.hit(key, limit=3, window_seconds=60) for _ in range(4)]

    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert 59 <= decisions[-1].reset_seconds <= 60


@needs_redis
def test_redis_window_drops_requests_older_than_the_window():
    client = _redis()
    limiter = ratelimit.RedisSlidingWindow(client)
    key = f"test:ratelimit:{uuid.uuid4().hex}"
    seconds, microseconds = client.time()
    now_ms = seconds * 1000 + microseconds // 1000
    client.zadd(key, {"old-1": now_ms - 61_000, "old-2": now_ms - 60_500, "recent": now_ms - 1_000})

    decision = limiter.hit(key, limit=2, window_seconds=60)

    members = set(client.zrange(key, 0, -1))
    assert decision.allowed is True
    assert decision.remaining == 0
    assert len(members) == 2
    assert b"recent" in members
    assert not members & {b"old-1", b"old-2"}
    assert decision.reset_seconds == 59  # "recent" leaves the window first


@needs_redis
def test_redis_window_expires_the_key_of_an_idle_clinic():
    client = _redis()
    key = f"test:ratelimit:{uuid.uuid4().hex}"

    ratelimit.RedisSlidingWindow(client).hit(key, limit=5, window_seconds=60)

    assert 0 < client.pttl(key) <= 60_000


@needs_redis
def test_redis_window_is_atomic_under_concurrency():
    limiter = ratelimit.RedisSlidingWindow(_redis())

    assert _allowed_among_threads(limiter, threads=30, limit=10) == 10


@needs_redis
@pytest.mark.urls("clinics.tests.platform_api")
def test_api_counts_in_redis_shared_by_every_process(free_client, db):
    free_client.get(WHOAMI)
    clinic = Clinic.objects.get(rate_limit_tier=Clinic.RateLimitTier.FREE)

    assert _redis().zcard(ratelimit.window_key(clinic)) == 1
