"""Large bundles are queued (202 + a job URL); deliveries are replayed from the log."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client, override_settings

from clinics.audit import Actor
from fhir_sync import signing
from fhir_sync.models import FhirDelivery, FhirResource
from fhir_sync.services import fhir_delivery_replay
from fhir_sync.tasks import process_delivery_task
from fhir_sync.tests.support import post_signed, synthea

pytestmark = pytest.mark.django_db


def _job(source, url, secret=None):
    headers = {
        "HTTP_X_NUVAE_SOURCE": str(source.pk),
        "HTTP_X_NUVAE_SIGNATURE": signing.header_value(secret or source.secret, b"", int(time.time())),
    }
    return Client().get(url, **headers)


@override_settings(FHIR_ASYNC_ENTRY_THRESHOLD=10)
def test_large_bundle_is_answered_202_with_a_job_url_and_processed_by_the_task(
    source, django_capture_on_commit_callbacks, celery_eager
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_signed(source, synthea())

    assert response.status_code == 202
    job = response["Content-Location"]
    delivery = FhirDelivery.objects.get()
    assert job == f"/hooks/fhir/jobs/{delivery.pk}"
    delivery.refresh_from_db()
    assert delivery.outcome == FhirDelivery.Outcome.PROCESSED
    assert FhirResource.objects.count() == 70
    result = _job(source, job)
    assert result["X-Nuvae-Job-Status"] == "processed"
    assert result.json()["type"] == "transaction-response"


@override_settings(FHIR_ASYNC_ENTRY_THRESHOLD=10)
def test_queued_job_reports_that_it_is_still_processing(source):
    response = post_signed(source, synthea())  # on_commit never fires inside the test transaction

    result = _job(source, response["Content-Location"])

    assert result.status_code == 200
    assert result["X-Nuvae-Job-Status"] == "queued"
    assert not FhirResource.objects.exists()


@override_settings(FHIR_ASYNC_ENTRY_THRESHOLD=10)
def test_the_task_run_twice_processes_once(source):
    post_signed(source, synthea())
    delivery = FhirDelivery.objects.get()

    assert process_delivery_task(str(delivery.pk)) == "processed"
    assert process_delivery_task(str(delivery.pk)) == "skipped"


@override_settings(FHIR_ASYNC_ENTRY_THRESHOLD=10)
def test_job_url_needs_the_sources_signature(source):
    job = post_signed(source, synthea())["Content-Location"]

    assert _job(source, job, secret="whsec_not_the_secret_of_this_source_000000").status_code == 401


@override_settings(FHIR_ASYNC_ENTRY_THRESHOLD=10)
def test_another_sources_job_is_not_found(source, other_source):
    job = post_signed(source, synthea())["Content-Location"]

    assert _job(other_source, job).status_code == 404


def test_replay_processes_a_logged_delivery_again_as_a_new_delivery(source):
    bundle = synthea()
    bundle["entry"][4]["resource"]["valueQuantity"]["value"] = "tall"
    post_signed(source, bundle)
    rejected = FhirDelivery.objects.get()
    fixed = json.loads(rejected.body)
    fixed["entry"][4]["resource"]["valueQuantity"]["value"] = 170
    FhirDelivery.objects.filter(pk=rejected.pk).update(body=json.dumps(fixed))
    rejected.refresh_from_db()

    answer = fhir_delivery_replay(delivery=rejected, actor=Actor.system("test"))

    assert answer.delivery.replay_of == rejected
    assert answer.delivery.outcome == FhirDelivery.Outcome.PROCESSED
    assert FhirResource.objects.count() == 70


def test_unauthenticated_delivery_cannot_be_replayed(source):
    from django.core.exceptions import ValidationError

    Client().post("/hooks/fhir", b"{}", content_type="application/fhir+json")
    refused = FhirDelivery.objects.get()

    with pytest.raises(ValidationError):
        fhir_delivery_replay(delivery=refused, actor=Actor.system("test"))
