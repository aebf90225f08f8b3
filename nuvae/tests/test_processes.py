"""The process entry points: the ASGI application and the Celery app."""

from __future__ import annotations

import json

import pytest
from channels.routing import ProtocolTypeRouter
from channels.testing import HttpCommunicator
from django.conf import settings

from nuvae.asgi import application
from nuvae.celery import BEAT_SCHEDULE
from nuvae.celery import app as celery_app


def test_asgi_application_routes_http_and_websockets():
    assert isinstance(application, ProtocolTypeRouter)
    assert set(application.application_mapping) == {"http", "websocket"}


async def test_asgi_application_serves_http_with_a_request_id():
    headers = [(b"host", b"localhost"), (b"x-request-id", b"probe-1")]
    communicator = HttpCommunicator(application, "GET", "/health", headers=headers)

    response = await communicator.get_response()

    assert response["status"] == 200
    sent = {name.lower(): value for name, value in response["headers"]}
    assert sent[b"x-request-id"] == b"probe-1"
    assert json.loads(response["body"])["status"] == "ok"


@pytest.mark.skipif(settings.REDIS_URL is not None, reason="the embedded default runs tasks in-process")
def test_celery_runs_tasks_eagerly_without_a_broker():
    assert celery_app.conf.task_always_eager is True
    assert celery_app.conf.broker_url.startswith("memory://")


@pytest.fixture
def worker_tasks():
    # What a worker does at start-up: import every app's tasks module.
    celery_app.loader.import_default_modules()
    return celery_app.tasks


def test_every_beat_schedule_names_a_registered_task(worker_tasks):
    missing = [entry["task"] for entry in BEAT_SCHEDULE.values() if entry["task"] not in worker_tasks]

    assert missing == []


def test_beat_purge_task_runs_through_celery(db, worker_tasks):
    result = worker_tasks["clinics.tasks.purge_idempotency_records_task"].apply()

    assert result.successful()
    assert result.get() == 0
