"""Health endpoints: liveness, readiness with each dependency down, and the gated detail."""

from __future__ import annotations

import pytest
import redis
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from clinics.tests.factories import ApiKeyFactory, UserFactory
from conftest import client_for
from nuvae import health

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"
needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (a real Redis)")


def test_health_answers_ok_with_the_version(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": settings.NUVAE_VERSION}
    assert "no-store" in response["Cache-Control"]


def test_live_answers_ok(client):
    response = client.get("/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_is_not_rate_limited_and_needs_no_key(client):
    responses = [client.get("/health/live") for _ in range(15)]

    assert {r.status_code for r in responses} == {200}
    assert "X-RateLimit-Limit" not in responses[-1]


def test_health_refuses_writes_with_a_problem(client):
    response = client.post("/health")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET, HEAD"


def test_health_refuses_writes_with_a_problem_when_csrf_is_enforced():
    # A real client sends no CSRF token: the 405 must come before CSRF's HTML 403.
    response = Client(enforce_csrf_checks=True).post("/health/ready")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


def test_ready_is_200_when_every_configured_dependency_answers(client):
    response = client.get("/health/ready")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    expected = {"database"} | ({"redis"} if settings.REDIS_URL else set())
    expected |= {"broker"} if not settings.CELERY_BROKER_URL.startswith("memory://") else set()
    assert set(body["checks"]) == expected
    assert all(check == {"status": "ok"} for check in body["checks"].values())


@override_settings(REDIS_URL=DEAD_REDIS)
def test_ready_is_503_naming_redis_when_redis_is_stopped(client):
    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["failed"] == ["redis"]
    assert body["detail"] == "Not ready: redis."
    assert body["checks"]["redis"] == {"status": "failed", "error": "ConnectionError"}
    assert body["checks"]["database"] == {"status": "ok"}
    assert "127.0.0.1:1" not in response.content.decode()


@override_settings(CELERY_BROKER_URL=DEAD_REDIS)
def test_ready_is_503_naming_the_broker_when_it_is_unreachable(client):
    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]
    assert response.json()["checks"]["broker"]["status"] == "failed"


@override_settings(CELERY_BROKER_URL="memory://")
def test_in_memory_broker_is_not_checked():
    assert "broker" not in health.configured_checks()


def test_database_check_runs_a_query():
    health.check_database()  # raises if the database cannot answer


def test_detailed_without_credentials_is_401(client):
    response = client.get("/health/detailed")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_detailed_for_a_logged_in_non_staff_user_is_403(client):
    client.force_login(UserFactory(username="patient-portal", is_staff=False))

    response = client.get("/health/detailed")

    assert response.status_code == 403


def test_detailed_with_a_malformed_key_is_401(client):
    response = client.get("/health/detailed", HTTP_AUTHORIZATION="Bearer nope")

    assert response.status_code == 401


def test_detailed_with_a_revoked_key_is_403(clinic):
    key = ApiKeyFactory(clinic=clinic, revoked_at=timezone.now())

    response = client_for(key).get("/health/detailed")

    assert response.status_code == 403
    assert response.json()["type"].endswith("/api-key-revoked")


def test_detailed_for_staff_reports_version_checks_and_migrations(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/health/detailed")

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == settings.NUVAE_VERSION
    assert body["environment"] == settings.ENVIRONMENT
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["database"]["latency_ms"] >= 0
    assert body["migrations"] == {"pending": 0, "names": []}
    assert body["status"] == "ok"


def test_detailed_accepts_an_api_key(api):
    response = api.get("/health/detailed")

    assert response.status_code == 200
    assert "checks" in response.json()


@override_settings(CELERY_BROKER_URL="memory://")
def test_queue_depth_is_null_without_a_redis_broker(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/health/detailed")

    assert response.json()["celery"]["depth"] is None


@needs_redis
def test_queue_depth_counts_waiting_messages_in_the_default_queue(client, staff_user):
    with override_settings(CELERY_BROKER_URL=settings.REDIS_URL):
        broker = redis.Redis.from_url(settings.REDIS_URL)
        broker.lpush("celery", "m1", "m2")
        broker.lpush("celery\x06\x166", "m3")
        client.force_login(staff_user)

        response = client.get("/health/detailed")

    assert response.json()["celery"]["depth"] == 3


@override_settings(REDIS_URL=DEAD_REDIS)
def test_detailed_reports_a_failed_check_as_degraded(client, staff_user):
    client.force_login(staff_user)

    body = client.get("/health/detailed").json()

    assert body["status"] == "degraded"
    assert body["checks"]["redis"]["status"] == "failed"
    assert body["checks"]["redis"]["latency_ms"] >= 0
