"""Who may deliver: the signature, its timestamp, the source, rotation, and replays."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from clinics.audit import Actor
from fhir_sync import signing
from fhir_sync.models import FhirDelivery, FhirResource
from fhir_sync.services import fhir_source_drop_previous_secret, fhir_source_rotate_secret
from fhir_sync.tests.support import hl7, post_signed, signed_headers

pytestmark = pytest.mark.django_db

PATIENT = hl7("patient-example.json")
BODY = json.dumps(PATIENT).encode()


def _post(body: bytes, headers: dict[str, Any], path: str = "/hooks/fhir") -> Any:
    return Client().post(path, body, content_type="application/fhir+json", **headers)


def test_signed_resource_is_accepted(source):
    response = post_signed(source, BODY)

    assert response.status_code == 201
    assert response["Location"] == "Patient/example"
    assert FhirResource.objects.filter(resource_type="Patient", resource_id="example").count() == 1


def test_alias_path_accepts_the_same_delivery(source):
    response = post_signed(source, BODY, path="/sync-fhir-resource")

    assert response.status_code == 201
    assert FhirResource.objects.count() == 1


def test_forged_signature_is_401_and_stores_nothing(source):
    headers = signed_headers(source, BODY, secrets=["whsec_a_secret_that_is_not_the_sources_0000"])

    response = _post(BODY, headers)

    assert response.status_code == 401
    assert response.json()["resourceType"] == "OperationOutcome"
    assert not FhirResource.objects.exists()
    assert FhirDelivery.objects.get().outcome == FhirDelivery.Outcome.UNAUTHORIZED


def test_one_byte_change_to_the_body_breaks_the_signature(source):
    headers = signed_headers(source, BODY)
    tampered = BODY.replace(b"Chalmers", b"Chalmerz")

    response = _post(tampered, headers)

    assert response.status_code == 401
    assert FhirDelivery.objects.get().error.startswith("mismatch")
    assert not FhirResource.objects.exists()


@pytest.mark.parametrize(("offset", "reason"), [(-301, "stale"), (301, "future")])
def test_timestamps_more_than_five_minutes_away_are_refused(source, offset, reason):
    headers = signed_headers(source, BODY, timestamp=int(time.time()) + offset)

    response = _post(BODY, headers)

    assert response.status_code == 401
    assert FhirDelivery.objects.get().error.startswith(reason)
    assert not FhirResource.objects.exists()


def test_timestamp_within_the_window_is_accepted(source):
    response = _post(BODY, signed_headers(source, BODY, timestamp=int(time.time()) - 250))

    assert response.status_code == 201


@pytest.mark.parametrize("header", ["", "v1=abc", "t=123", "t=abc,v1=" + "0" * 64, "t=1,t=2,v1=" + "0" * 64])
def test_missing_or_malformed_signature_header_is_401(source, header):
    headers = {"HTTP_X_NUVAE_SOURCE": str(source.pk)}
    if header:
        headers["HTTP_X_NUVAE_SIGNATURE"] = header

    response = _post(BODY, headers)

    assert response.status_code == 401
    assert not FhirResource.objects.exists()


def test_unknown_source_is_401(source):
    headers = signed_headers(source, BODY)
    headers["HTTP_X_NUVAE_SOURCE"] = "00000000-0000-4000-8000-000000000000"

    response = _post(BODY, headers)

    assert response.status_code == 401
    delivery = FhirDelivery.objects.get()
    assert delivery.source is None and delivery.clinic is None


def test_inactive_source_is_401(source):
    source.active = False
    source.save()

    assert post_signed(source, BODY).status_code == 401


def test_another_clinics_source_id_with_this_secret_is_refused(source, other_source):
    other_source.secret = "whsec_beta_sources_own_secret_000000000000000"
    other_source.save()
    headers = signed_headers(source, BODY)
    headers["HTTP_X_NUVAE_SOURCE"] = str(other_source.pk)

    assert _post(BODY, headers).status_code == 401


def test_refused_delivery_is_logged_without_the_signature(source):
    headers = signed_headers(source, BODY, secrets=["whsec_a_secret_that_is_not_the_sources_0000"])

    _post(BODY, headers)

    logged = FhirDelivery.objects.get().headers
    assert "v1=(removed)" in logged["X-Nuvae-Signature"]
    assert signing.compute(source.secret, 0, b"")[:10] not in json.dumps(logged)


def test_both_secrets_work_while_rotating_and_the_old_stops_once_dropped(source):
    old = source.secret
    new = fhir_source_rotate_secret(source=source, actor=Actor.system())

    assert post_signed(source, BODY, secrets=[old], delivery_id="a").status_code == 201
    assert post_signed(source, BODY, secrets=[new], delivery_id="b").status_code == 200
    fhir_source_drop_previous_secret(source=source, actor=Actor.system())
    assert post_signed(source, BODY, secrets=[old], delivery_id="c").status_code == 401
    assert post_signed(source, BODY, secrets=[new], delivery_id="d").status_code == 200


def test_a_header_with_one_signature_per_secret_is_accepted(source):
    old = source.secret
    new = fhir_source_rotate_secret(source=source, actor=Actor.system())
    fhir_source_drop_previous_secret(source=source, actor=Actor.system())

    assert post_signed(source, BODY, secrets=[old, new]).status_code == 201


def test_replayed_delivery_is_answered_as_duplicate_and_not_processed_again(source):
    headers = signed_headers(source, BODY)
    first = _post(BODY, headers)
    stored = FhirResource.objects.get()

    second = _post(BODY, headers)

    assert first.status_code == 201
    assert second.status_code == 200
    assert "not processed again" in second.json()["issue"][0]["diagnostics"]
    duplicate = FhirDelivery.objects.get(outcome=FhirDelivery.Outcome.DUPLICATE)
    assert duplicate.duplicate_of.outcome == FhirDelivery.Outcome.PROCESSED
    assert FhirResource.objects.get().updated_at == stored.updated_at


def test_sender_delivery_id_is_the_duplicate_key(source):
    post_signed(source, BODY, delivery_id="evt-1")
    changed = json.dumps({**PATIENT, "gender": "female"}).encode()

    response = post_signed(source, changed, delivery_id="evt-1")

    assert response.status_code == 200
    assert FhirDelivery.objects.filter(outcome=FhirDelivery.Outcome.DUPLICATE).count() == 1
    assert FhirResource.objects.get().raw["gender"] == "male"


def test_wrong_content_type_is_415(source):
    response = post_signed(source, BODY, content_type="text/plain")

    assert response.status_code == 415
    assert not FhirResource.objects.exists()


def test_body_that_is_not_json_is_400_with_an_operation_outcome(source):
    response = post_signed(source, b"{not json")

    assert response.status_code == 400
    assert response.json()["issue"][0]["code"] == "structure"


def test_signature_of_the_header_verifies_with_the_module(source):
    header = signing.header_value(source.secret, BODY, 1_700_000_000)

    parsed = signing.verify(header, BODY, [source.secret], now=1_700_000_100)

    assert parsed.timestamp == 1_700_000_000
