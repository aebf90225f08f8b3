"""Webhook deliveries: receive (authenticate, log, de-duplicate), process (validate,
ingest, answer), replay.

Order of a delivery: identify the source (`X-Nuvae-Source`) → verify the signature (401
otherwise, nothing else happens) → content type (415) → claim the delivery id (a
duplicate within the window is answered without reprocessing) → read the JSON (400) →
large bundles are queued (202 + job URL) → validate and ingest in one transaction under
the source's row lock → answer with a response Bundle or an OperationOutcome.

Every delivery is saved as a `FhirDelivery`, whatever its fate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from clinics.audit import Actor, audit_record
from clinics.models import AuditEvent, Clinic
from fhir_sync import signing
from fhir_sync.ingest.engine import Engine, IngestError, Report
from fhir_sync.models import FhirDelivery, FhirDeliveryKey, FhirResource, FhirSource
from fhir_sync.outcome import Issue, information, operation_outcome
from fhir_sync.validation import Entry, Key, Payload, PayloadError, check_references, load_json, read_payload

logger = logging.getLogger(__name__)

Outcome = FhirDelivery.Outcome
CONTENT_TYPES = ("application/fhir+json", "application/json")
# Credentials never reach the delivery log.
_SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "x-api-key", signing.SIGNATURE_HEADER.lower()}
# What is kept of a body nobody could vouch for: enough to see what it was.
UNAUTHENTICATED_BODY_LIMIT = 64 * 1024
_WRITE_ORDER = ("Organization", "Practitioner", "Patient", "Encounter")


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    delivery: FhirDelivery
    headers: dict[str, str] = field(default_factory=dict)


def job_url(delivery: FhirDelivery) -> str:
    return f"/hooks/fhir/jobs/{delivery.pk}"


def _logged_headers(headers: Mapping[str, str]) -> dict[str, str]:
    kept = {name: value[:500] for name, value in headers.items() if name.lower() not in _SECRET_HEADERS}
    signature = headers.get(signing.SIGNATURE_HEADER, "")
    timestamp = next((p.strip() for p in signature.split(",") if p.strip().startswith("t=")), "")
    if signature:
        kept[signing.SIGNATURE_HEADER] = f"{timestamp[:20]},v1=(removed)" if timestamp else "(removed)"
    return kept


def _finish(
    delivery: FhirDelivery, outcome: str, status: int, body: dict[str, Any], error: str = "", **headers: str
) -> Answer:
    delivery.outcome, delivery.http_status, delivery.response, delivery.error = outcome, status, body, error
    delivery.processed_at = timezone.now()
    delivery.save()
    return Answer(status, body, delivery, {"X-Nuvae-Delivery-Id": str(delivery.pk), **headers})


def _refuse(delivery: FhirDelivery, reason: str, detail: str) -> Answer:
    if len(delivery.body) > UNAUTHENTICATED_BODY_LIMIT:
        delivery.body, delivery.body_truncated = delivery.body[:UNAUTHENTICATED_BODY_LIMIT], True
    logger.info("fhir webhook refused: %s", reason)
    body = operation_outcome([Issue(code="security", diagnostics=detail)])
    return _finish(
        delivery,
        Outcome.UNAUTHORIZED,
        401,
        body,
        error=f"{reason}: {detail}",
        **{"WWW-Authenticate": 'NuvaeSignature realm="fhir"'},
    )


def _source(value: str | None) -> FhirSource | None:
    if not value:
        return None
    try:
        return FhirSource.objects.select_related("clinic").get(pk=value.strip(), active=True)
    except (FhirSource.DoesNotExist, ValidationError, ValueError):
        return None


def _claim(delivery: FhirDelivery, source: FhirSource) -> FhirDelivery | None:
    """Record the delivery id; the earlier delivery when it was seen within the window."""
    window = dt.timedelta(seconds=signing.TOLERANCE_SECONDS)
    with transaction.atomic():
        try:
            with transaction.atomic():
                FhirDeliveryKey.objects.create(
                    clinic=source.clinic,
                    source=source,
                    key=delivery.delivery_id,
                    first_delivery=delivery,
                    seen_at=delivery.received_at,
                )
            return None
        except IntegrityError:
            # The unique index made us wait for a concurrent first delivery to commit.
            key = (
                FhirDeliveryKey.objects.select_for_update()
                .select_related("first_delivery")
                .get(source=source, key=delivery.delivery_id)
            )
            if key.seen_at >= delivery.received_at - window:
                return key.first_delivery
            key.first_delivery, key.seen_at = delivery, delivery.received_at
            key.save(update_fields=["first_delivery", "seen_at"])
            return None


def _release(delivery: FhirDelivery) -> None:
    """Forget a claimed delivery id so the sender's retry is processed."""
    FhirDeliveryKey.objects.filter(first_delivery=delivery).delete()


def fhir_delivery_receive(*, headers: Mapping[str, str], body: bytes) -> Answer:
    received_at = timezone.now()
    digest = hashlib.sha256(body).hexdigest()
    delivery = FhirDelivery(
        received_at=received_at,
        headers=_logged_headers(headers),
        body=body.decode("utf-8", errors="replace"),
        body_sha256=digest,
        content_type=headers.get("Content-Type", "")[:100],
    )
    source = _source(headers.get(signing.SOURCE_HEADER))
    if source is None:
        return _refuse(delivery, "unknown-source", f"{signing.SOURCE_HEADER} does not name an active FHIR source.")
    delivery.clinic, delivery.source = source.clinic, source
    try:
        signing.verify(
            headers.get(signing.SIGNATURE_HEADER), body, source.signing_secrets(), now=received_at.timestamp()
        )
    except signing.SignatureError as refused:
        return _refuse(delivery, refused.reason, refused.detail)

    media_type = delivery.content_type.split(";")[0].strip().lower()
    if media_type not in CONTENT_TYPES:
        return _finish(
            delivery,
            Outcome.REJECTED,
            415,
            operation_outcome(
                [Issue(code="not-supported", diagnostics="Send application/fhir+json (or application/json).")]
            ),
        )
    sender_id = headers.get(signing.DELIVERY_HEADER, "").strip()
    delivery.delivery_id = sender_id[:200] if sender_id else f"sha256:{digest}"
    delivery.save()
    first = _claim(delivery, source)
    if first is not None:
        delivery.duplicate_of = first
        extra = {"Content-Location": job_url(first)} if not first.is_finished else {}
        return _finish(
            delivery,
            Outcome.DUPLICATE,
            200,
            information(
                f"Delivery {delivery.delivery_id} was received at {first.received_at.isoformat()} "
                f"({first.get_outcome_display().lower()}); it is not processed again."
            ),
            **extra,
        )
    try:
        data = load_json(body)
    except PayloadError as bad:
        return _finish(delivery, Outcome.REJECTED, bad.status, operation_outcome(bad.issues), error=str(bad))
    entries = data.get("entry") if isinstance(data, dict) and data.get("resourceType") == "Bundle" else None
    count = len(entries) if isinstance(entries, list) else 1
    if count > settings.FHIR_ASYNC_ENTRY_THRESHOLD:
        from fhir_sync.tasks import process_delivery_task

        delivery.entry_count = count
        answer = _finish(
            delivery,
            Outcome.QUEUED,
            202,
            information(f"{count} entries queued; follow {job_url(delivery)} for the result."),
            **{"Content-Location": job_url(delivery), "Location": job_url(delivery)},
        )
        transaction.on_commit(lambda: process_delivery_task.delay(str(delivery.pk)))
        return answer
    return fhir_delivery_process(delivery=delivery, data=data)


def fhir_delivery_process(*, delivery: FhirDelivery, data: Any = None, actor: Actor | None = None) -> Answer:
    """Validate and ingest a saved delivery (the webhook, the queue and replays come here)."""
    source = delivery.source
    if source is None:
        raise ValidationError("A delivery without a source cannot be processed.")
    actor = actor or Actor.system(f"FHIR source {source.name}"[:200])
    try:
        if data is None:
            data = load_json(delivery.body.encode("utf-8"))
        payload = read_payload(data, base_url=source.base_url)
    except PayloadError as bad:
        return _finish(delivery, Outcome.REJECTED, bad.status, operation_outcome(bad.issues), error=str(bad))
    delivery.bundle_type, delivery.entry_count = payload.bundle_type, len(payload.entries)
    try:
        report = fhir_payload_ingest(
            clinic=source.clinic, source=source, payload=payload, actor=actor, delivery=delivery
        )
    except PayloadRejectedError as rejected:
        return _finish(
            delivery,
            Outcome.REJECTED,
            422,
            operation_outcome(rejected.issues),
            error=f"{len(rejected.issues)} problem(s)",
        )
    except DatabaseError:
        logger.exception("fhir delivery %s failed", delivery.pk)
        _release(delivery)
        return _finish(
            delivery,
            Outcome.FAILED,
            500,
            operation_outcome(
                [Issue(code="exception", diagnostics="The delivery could not be stored; send it again.")]
            ),
            error="database error",
        )
    delivery.summary = {**report.summary(), "rejected": len({i.entry for i in payload.issues})}
    body = _response(payload, report)
    outcome = Outcome.PARTIAL if payload.issues else Outcome.PROCESSED
    status = 200
    headers: dict[str, str] = {}
    if not payload.is_bundle:
        result = report.results[0]
        status = 201 if result.status.startswith("201") else 200
        headers["Location"] = result.location
    return _finish(delivery, outcome, status, body, **headers)


class PayloadRejectedError(Exception):
    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(f"{len(issues)} issues")
        self.issues = issues


def _known(clinic: Clinic, source: FhirSource) -> Any:
    def known(keys: set[Key]) -> set[Key]:
        rows = FhirResource.objects.filter(
            clinic=clinic, source=source, resource_type__in={t for t, _ in keys}, resource_id__in={i for _, i in keys}
        ).values_list("resource_type", "resource_id")
        return {row for row in rows if row in keys}

    return known


def _write_rank(entry: Entry) -> int:
    return _WRITE_ORDER.index(entry.resource_type) if entry.resource_type in _WRITE_ORDER else len(_WRITE_ORDER)


def fhir_payload_ingest(
    *, clinic: Clinic, source: FhirSource, payload: Payload, actor: Actor, delivery: FhirDelivery | None = None
) -> Report:
    """Write a validated payload: all or nothing (transactions, single resources) or entry
    by entry (batches and the other bundle types). Raises PayloadRejectedError for an atomic payload
    with any problem; batch problems stay on their entries (`payload.issues`)."""

    def engine() -> Engine:
        return Engine(clinic=clinic, source=source, references=payload.references, actor=actor, delivery=delivery)

    with transaction.atomic():
        # One delivery of a source at a time: concurrent copies of a bundle find each other's rows.
        FhirSource.objects.select_for_update().filter(pk=source.pk).first()
        check_references(payload, _known(clinic, source))
        if payload.atomic:
            if payload.issues:
                raise PayloadRejectedError(payload.issues)
            try:
                report = engine().run(payload.entries)
            except IngestError as failed:
                raise PayloadRejectedError(
                    [
                        Issue(
                            code="processing",
                            diagnostics=failed.diagnostics,
                            expression=failed.entry.path,
                            entry=failed.entry.index,
                        )
                    ]
                ) from None
        else:
            valid = [e for e in payload.entries if e.valid]
            try:
                with transaction.atomic():
                    report = engine().run(valid)
            except (IngestError, DatabaseError):
                # Find the culprit: each entry on its own, records after what they point at.
                report = Report()
                for entry in sorted(valid, key=_write_rank):
                    try:
                        with transaction.atomic():
                            report.merge(engine().run([entry]))
                    except (IngestError, DatabaseError) as failed:
                        text = failed.diagnostics if isinstance(failed, IngestError) else "It could not be stored."
                        entry.fail("processing", text)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            clinic=clinic,
            resource=delivery if delivery is not None else source,
            details={"source": str(source.pk), **report.summary(), "rejected_entries": len(payload.issues)},
        )
    return report


def _response(payload: Payload, report: Report) -> dict[str, Any]:
    if not payload.is_bundle:
        result = report.results[0]
        text = f"{result.location}: {result.action}."
        if not payload.entries[0].supported:
            text += f" {payload.entries[0].resource_type} is stored raw only (unsupported type)."
        return information(text)
    entries = []
    for entry in payload.entries:
        if entry.issues:
            response: dict[str, Any] = {
                "status": "422 Unprocessable Entity",
                "outcome": operation_outcome(entry.issues),
            }
        else:
            result = report.results[entry.index]
            response = {"status": result.status, "location": result.location}
            if not entry.supported:
                response["outcome"] = information(f"{entry.resource_type} is stored raw only (unsupported type).")
        entries.append({"response": response})
    kind = "transaction-response" if payload.bundle_type == "transaction" else "batch-response"
    return {"resourceType": "Bundle", "type": kind, "entry": entries}


def fhir_delivery_replay(*, delivery: FhirDelivery, actor: Actor) -> Answer:
    """Process a logged delivery again, as a new delivery (signature and duplicate checks
    do not apply: staff chose to run it)."""
    if delivery.source is None or delivery.body_truncated:
        raise ValidationError("Only a complete delivery from a known source can be replayed.")
    copy = FhirDelivery.objects.create(
        clinic=delivery.clinic,
        source=delivery.source,
        delivery_id=delivery.delivery_id,
        body_sha256=delivery.body_sha256,
        content_type=delivery.content_type,
        headers=delivery.headers,
        body=delivery.body,
        replay_of=delivery,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        clinic=delivery.clinic,
        resource=copy,
        details={"replay_of": str(delivery.pk)},
    )
    return fhir_delivery_process(delivery=copy, actor=actor)
