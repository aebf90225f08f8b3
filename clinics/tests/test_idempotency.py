"""Idempotency-Key on POST: replay, conflicts, failures, expiry, purge and a real race."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from clinics.api import idempotency
from clinics.models import ApiKey, IdempotencyRecord
from clinics.tasks import purge_idempotency_records_task
from clinics.tests import platform_api
from clinics.tests.api_support import problem_type
from conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.urls("clinics.tests.platform_api")]

KEYS = "/api/v1/keys/"


def _post(client, key: str | None = "retry-1", data=None, path: str = KEYS, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(path, data if data is not None else {"name": "Billing sync"}, format="json", **headers, **extra)


def _key_count(clinic) -> int:
    return ApiKey.objects.filter(clinic=clinic).count()


def test_retry_with_the_same_key_and_body_replays_the_first_response(api, clinic):
    before = _key_count(clinic)
    first = _post(api)

    second = _post(api)

    assert first.status_code == 201
    assert second.status_code == 201
    assert second.json() == first.json()
    assert second["Location"] == first["Location"]
    assert second["Idempotent-Replayed"] == "true"
    assert _key_count(clinic) == before + 1


def test_first_response_is_not_marked_replayed(api):
    response = _post(api)

    assert "Idempotent-Replayed" not in response


def test_finished_request_is_stored_as_done(api, clinic):
    _post(api)

    record = IdempotencyRecord.objects.get(clinic=clinic, key="retry-1")
    assert record.state == IdempotencyRecord.State.DONE
    assert (record.method, record.path, record.response_status) == ("POST", KEYS, 201)
    assert record.response_body["name"] == "Billing sync"
    assert record.response_headers["Location"].startswith("/keys/")


def test_key_order_and_whitespace_do_not_change_the_request(api, clinic):
    api.post(KEYS, data='{"name": "Sync", "note": "x"}', content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    before = _key_count(clinic)

    replay = api.post(
        KEYS, data='{ "note":"x",\n "name":"Sync" }', content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )

    assert replay["Idempotent-Replayed"] == "true"
    assert _key_count(clinic) == before


def test_same_key_with_a_different_body_is_422(api, clinic):
    _post(api)
    before = _key_count(clinic)

    response = _post(api, data={"name": "Something else"})

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert problem_type(response) == "idempotency-key-reused"
    assert _key_count(clinic) == before


def test_same_key_on_another_endpoint_is_422(api):
    _post(api)

    response = _post(api, path=KEYS + "conflict/")

    assert response.status_code == 422


def test_same_key_while_the_first_request_is_in_progress_is_409(api, clinic):
    _post(api)
    IdempotencyRecord.objects.filter(clinic=clinic).update(state=IdempotencyRecord.State.IN_PROGRESS)

    response = _post(api)

    assert response.status_code == 409
    assert problem_type(response) == "idempotency-key-in-progress"
    assert response["Retry-After"] == "1"


def test_in_progress_record_past_its_lease_is_taken_over(api, clinic):
    _post(api)
    IdempotencyRecord.objects.filter(clinic=clinic).update(
        state=IdempotencyRecord.State.IN_PROGRESS, updated_at=timezone.now() - idempotency.IN_PROGRESS_LEASE
    )
    before = _key_count(clinic)

    response = _post(api)

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert _key_count(clinic) == before + 1
    assert IdempotencyRecord.objects.get(clinic=clinic).state == IdempotencyRecord.State.DONE


def test_key_longer_than_255_characters_is_400(api, clinic):
    response = _post(api, key="k" * 256)

    assert response.status_code == 400
    assert problem_type(response) == "invalid-idempotency-key"
    assert not IdempotencyRecord.objects.filter(clinic=clinic).exists()


def test_key_of_255_characters_is_accepted(api):
    assert _post(api, key="k" * 255).status_code == 201


def test_posts_without_a_key_each_take_effect(api, clinic):
    before = _key_count(clinic)

    _post(api, key=None)
    _post(api, key=None)

    assert _key_count(clinic) == before + 2
    assert not IdempotencyRecord.objects.exists()


def test_keys_are_scoped_to_the_clinic(api, other_api, clinic, other_clinic):
    _post(api)

    response = _post(other_api, data={"name": "Another clinic's body"})

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert IdempotencyRecord.objects.filter(key="retry-1").count() == 2


def test_server_error_forgets_the_key_so_a_retry_runs_again(api, clinic):
    first = _post(api, path=KEYS + "unavailable/")

    second = _post(api, path=KEYS + "unavailable/")

    assert first.status_code == second.status_code == 503
    assert "Idempotent-Replayed" not in second
    assert not IdempotencyRecord.objects.filter(clinic=clinic).exists()


def test_unhandled_error_forgets_the_key(api_key, clinic):
    client = client_for(api_key)
    client.raise_request_exception = False

    response = _post(client, path=KEYS + "crash/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert not IdempotencyRecord.objects.filter(clinic=clinic).exists()


def test_client_error_is_stored_and_replayed(api):
    first = _post(api, data={"name": ""})

    second = _post(api, data={"name": ""})

    assert first.status_code == second.status_code == 400
    assert second["Idempotent-Replayed"] == "true"
    assert second["Content-Type"] == "application/problem+json"
    assert second.json()["errors"] == first.json()["errors"]


def test_key_on_a_get_is_ignored(api):
    api.get(KEYS, HTTP_IDEMPOTENCY_KEY="retry-1")

    assert not IdempotencyRecord.objects.exists()


@override_settings(IDEMPOTENCY_TTL_HOURS=24)
def test_expired_record_counts_as_absent(api, clinic):
    _post(api)
    IdempotencyRecord.objects.filter(clinic=clinic).update(created_at=timezone.now() - timedelta(hours=25))

    response = _post(api, data={"name": "A new request"})

    assert response.status_code == 201
    assert response.json()["name"] == "A new request"


@override_settings(IDEMPOTENCY_TTL_HOURS=24)
def test_purge_task_deletes_only_expired_records(clinic):
    old = IdempotencyRecord.objects.create(clinic=clinic, key="old", method="POST", path=KEYS, request_hash="0" * 64)
    IdempotencyRecord.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    IdempotencyRecord.objects.create(clinic=clinic, key="new", method="POST", path=KEYS, request_hash="0" * 64)

    deleted = purge_idempotency_records_task.apply().get()

    assert deleted == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_run_once(api_key, clinic):
    before = _key_count(clinic)
    responses: dict[str, object] = {}

    def first() -> None:
        try:
            responses["first"] = _post(APIClient(HTTP_AUTHORIZATION=f"Bearer {api_key.raw}"))
        finally:
            connections.close_all()

    platform_api.HOLD.clear()
    thread = threading.Thread(target=first)
    try:
        thread.start()
        # Wait until the first request holds the key, then race it.
        for _ in range(200):
            if IdempotencyRecord.objects.filter(clinic=clinic, key="retry-1").exists():
                break
            threading.Event().wait(0.05)
        racing = _post(client_for(api_key))
    finally:
        platform_api.HOLD.set()
        thread.join()
    replay = _post(client_for(api_key))

    assert racing.status_code == 409
    assert responses["first"].status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    assert json.loads(replay.content) == responses["first"].json()
    assert _key_count(clinic) == before + 1
