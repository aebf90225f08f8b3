"""The FHIR webhook (django-ninja): `POST /hooks/fhir` and the job status of a queued
delivery, `GET /hooks/fhir/jobs/{id}`. Both authenticate with the source's signature
(see `fhir_sync.signing`); the logic is in `fhir_sync.services`."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import Router

from fhir_sync import signing
from fhir_sync.models import FhirDelivery, FhirSource
from fhir_sync.outcome import Issue, information, operation_outcome
from fhir_sync.services import Answer, fhir_delivery_receive

router = Router(tags=["FHIR webhook"])
FHIR_JSON = "application/fhir+json"


def _fhir_response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type=FHIR_JSON)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _answer(answer: Answer) -> HttpResponse:
    return _fhir_response(answer.status, answer.body, answer.headers)


@csrf_exempt
def receive(request: HttpRequest) -> HttpResponse:
    """The webhook as a plain view, for the `/sync-fhir-resource` alias."""
    if request.method != "POST":
        return _fhir_response(
            405, operation_outcome([Issue(code="not-supported", diagnostics="POST a resource.")]), {"Allow": "POST"}
        )
    return _answer(fhir_delivery_receive(headers=dict(request.headers), body=request.body))


@router.post("/fhir", include_in_schema=True, summary="Receive a FHIR R4 resource or Bundle (signed)")
def fhir_webhook(request: HttpRequest) -> HttpResponse:
    return _answer(fhir_delivery_receive(headers=dict(request.headers), body=request.body))


@router.get("/fhir/jobs/{job_id}", summary="The outcome of a queued delivery (signed, empty body)")
def fhir_job(request: HttpRequest, job_id: str) -> HttpResponse:
    source_id = _uuid_or_none(request.headers.get(signing.SOURCE_HEADER))
    source = FhirSource.objects.filter(pk=source_id, active=True).first() if source_id else None
    try:
        if source is None:
            raise signing.SignatureError("unknown-source", f"{signing.SOURCE_HEADER} names no active source.")
        signing.verify(request.headers.get(signing.SIGNATURE_HEADER), b"", source.signing_secrets())
    except signing.SignatureError as refused:
        return _fhir_response(401, operation_outcome([Issue(code="security", diagnostics=refused.detail)]))
    # A source sees its own deliveries only; anything else is simply not there.
    delivery_pk = _uuid_or_none(job_id)
    delivery = FhirDelivery.objects.filter(pk=delivery_pk, source=source).first() if delivery_pk else None
    if delivery is None:
        return _fhir_response(404, operation_outcome([Issue(code="not-found", diagnostics="No such job.")]))
    if not delivery.is_finished:
        return _fhir_response(
            200,
            {**information("Still processing."), "id": str(delivery.pk)},
            {"X-Nuvae-Job-Status": delivery.outcome, "Retry-After": "5"},
        )
    return _fhir_response(
        200,
        delivery.response,
        {"X-Nuvae-Job-Status": delivery.outcome, "X-Nuvae-Job-Http-Status": str(delivery.http_status or "")},
    )


def _uuid_or_none(value: str | None) -> str | None:
    import uuid

    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None
