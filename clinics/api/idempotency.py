"""`Idempotency-Key` for API POSTs: a retried request gets the first response, not a second effect.

Protocol (keys are scoped to the clinic):
1. `begin` inserts an IN_PROGRESS record. The unique (clinic, key) constraint decides
   between concurrent duplicates: exactly one insert wins and runs the request.
2. A loser, or a later retry, reads the record: another request body → 422; still
   running → 409; finished → the stored status, body and headers are replayed with
   `Idempotent-Replayed: true`.
3. `finish` stores the final response. A 5xx (or an unhandled error, via `abandon`)
   deletes the record so the client may retry with the same key.

A record older than `IDEMPOTENCY_TTL_HOURS` counts as absent (and is purged by
`clinics.tasks.purge_idempotency_records_task`). An IN_PROGRESS record not touched for
`IN_PROGRESS_LEASE` belongs to a request whose process died; a retry takes it over
instead of answering 409 until the record expires.

The claim is committed on its own, before the view runs, so concurrent requests see it;
this relies on the API not running inside `ATOMIC_REQUESTS`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponseBase
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from clinics.models import Clinic, IdempotencyRecord
from nuvae.lib.problems import ApiProblem

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
IN_PROGRESS_LEASE = timedelta(minutes=5)
# Headers a client may need from the first response; everything else is recomputed.
_STORED_HEADERS = ("Location", "Content-Location")


class Replay(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised from `begin` to short-circuit the view with the stored response."""

    def __init__(self, response: Response) -> None:
        super().__init__("idempotent replay")
        self.response = response


@dataclass(frozen=True)
class Claim:
    record_id: Any


def _validated_key(raw: str) -> str:
    key = raw.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
        raise ApiProblem(
            400,
            f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters (a UUID is a good choice).",
            slug="invalid-idempotency-key",
        )
    return key


def _canonical_json(data: Any) -> str:
    return json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def request_fingerprint(request: Request) -> str:
    """SHA-256 of method, path with query and the parsed body with sorted keys.

    Parsing first means whitespace and key order do not make two equal bodies differ.
    """
    body = _canonical_json(request.data)
    material = f"{request.method}\n{request.get_full_path()}\n{body}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _replay_response(record: IdempotencyRecord) -> Response:
    stored = dict(record.response_headers or {})
    content_type = stored.pop("Content-Type", None)
    headers = {name: value for name, value in stored.items() if name in _STORED_HEADERS}
    headers[REPLAYED_HEADER] = "true"
    return Response(record.response_body, status=record.response_status, headers=headers, content_type=content_type)


def begin(*, clinic: Clinic, request: Request) -> Claim | None:
    """Claim the request's key, or raise Replay / ApiProblem. None when no key applies."""
    if request.method != "POST":
        return None
    raw_key = request.headers.get(HEADER)
    if raw_key is None:
        return None
    key = _validated_key(raw_key)
    fingerprint = request_fingerprint(request)

    # Two rounds: a record deleted (5xx, expiry) between our insert and our read is retried once.
    for _ in range(2):
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    clinic=clinic, key=key, method=request.method, path=request.path[:512], request_hash=fingerprint
                )
            return Claim(record_id=record.pk)
        except IntegrityError:
            pass

        existing = IdempotencyRecord.objects.filter(clinic=clinic, key=key).first()
        if existing is None:
            continue
        now = timezone.now()
        if existing.created_at <= now - timedelta(hours=settings.IDEMPOTENCY_TTL_HOURS):
            IdempotencyRecord.objects.filter(pk=existing.pk, created_at=existing.created_at).delete()
            continue
        if existing.request_hash != fingerprint:
            raise ApiProblem(
                422,
                f"This {HEADER} was already used with a different request; use a new key for a new request.",
                slug="idempotency-key-reused",
            )
        if existing.state == IdempotencyRecord.State.DONE:
            raise Replay(_replay_response(existing))
        if existing.updated_at <= now - IN_PROGRESS_LEASE and _take_over(existing, now=now):
            return Claim(record_id=existing.pk)
        break
    raise ApiProblem(
        409,
        f"A request with this {HEADER} is still being processed; retry after it finishes.",
        slug="idempotency-key-in-progress",
        headers={"Retry-After": "1"},
    )


def _take_over(record: IdempotencyRecord, *, now: Any) -> bool:
    # Conditional update: of several retries racing for an abandoned record, one wins.
    return (
        IdempotencyRecord.objects.filter(
            pk=record.pk, state=IdempotencyRecord.State.IN_PROGRESS, updated_at=record.updated_at
        ).update(updated_at=now)
        == 1
    )


def finish(claim: Claim, response: HttpResponseBase) -> None:
    """Store the final response for replay; forget the key on a server error."""
    if response.status_code >= 500:
        abandon(claim)
        return
    data = getattr(response, "data", None)
    body = json.loads(_canonical_json(data)) if data is not None else None
    headers = {name: response[name] for name in _STORED_HEADERS if response.has_header(name)}
    content_type = getattr(response, "content_type", None)
    if content_type:
        headers["Content-Type"] = content_type
    IdempotencyRecord.objects.filter(pk=claim.record_id).update(
        state=IdempotencyRecord.State.DONE,
        response_status=response.status_code,
        response_body=body,
        response_headers=headers,
        updated_at=timezone.now(),
    )


def abandon(claim: Claim) -> None:
    IdempotencyRecord.objects.filter(pk=claim.record_id).delete()
