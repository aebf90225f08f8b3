"""Every write of the claims app: receiving and importing X12 files, jobs, pyx12's check of
an 837 (queued and stored), linking an unmatched payment by hand, dismissing a quarantined
file, assigning denials. Each change a person or an import makes is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.edi.import835 import post_linked_payment
from claims.edi.importer import run_import
from claims.edi.validation import ValidationResult, validate
from claims.models import Claim, ClaimPayment, Denial, EdiFile, Job, MatchMethod
from clinics.audit import Actor, audit_record
from clinics.models import AuditEvent, Clinic, Membership
from clinics.services import object_update

# The roles that work denials; only they can be given one.
BILLING_ROLES = (Membership.Role.OWNER, Membership.Role.ADMIN, Membership.Role.BILLER)

MAX_EDI_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Submission:
    edi_file: EdiFile
    job: Job
    duplicate: bool


def _safe_name(name: str) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip("._")
    return (base or "upload")[:120]


def edi_file_receive(
    *, clinic: Clinic, name: str, content: bytes, source: str, actor: Actor, lenient: bool = False
) -> tuple[EdiFile, bool]:
    """Store a file once per clinic, keyed by its SHA-256. Returns (file, created)."""
    digest = hashlib.sha256(content).hexdigest()
    existing = EdiFile.objects.filter(clinic=clinic, sha256=digest).first()
    if existing is not None:
        return existing, False
    edi_file = EdiFile(
        clinic=clinic,
        name=name[:255] or "upload",
        sha256=digest,
        size=len(content),
        source=source,
        lenient=lenient,
        uploaded_by=actor.user if actor.user_id is not None else None,
    )
    try:
        with transaction.atomic():
            edi_file.file.save(f"{digest[:16]}-{_safe_name(name)}", ContentFile(content), save=False)
            edi_file.save()
            audit_record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                clinic=clinic,
                resource=edi_file,
                details={"sha256": digest, "size": len(content), "source": source},
            )
    except IntegrityError:
        # The same bytes sent twice at once: the other request stored them.
        return EdiFile.objects.get(clinic=clinic, sha256=digest), False
    return edi_file, True


def edi_file_import(*, clinic: Clinic, edi_file: EdiFile, actor: Actor, job: Job | None = None) -> EdiFile:
    """Import a received file. A file already imported (or refused) is left as it is: running
    this twice changes nothing."""
    with transaction.atomic():
        locked = EdiFile.objects.select_for_update().get(pk=edi_file.pk, clinic=clinic)
        if locked.status != EdiFile.Status.RECEIVED:
            return locked
        # Claimed by this run: a second worker finds it no longer RECEIVED.
        EdiFile.objects.filter(pk=locked.pk).update(status=EdiFile.Status.PARTIAL)

    def progress(done: int, total: int) -> None:
        if job is not None:
            Job.objects.filter(pk=job.pk).update(done=done, total=total, updated_at=timezone.now())

    locked.status = EdiFile.Status.RECEIVED
    try:
        run_import(edi_file=locked, progress=progress)
    except Exception:
        EdiFile.objects.filter(pk=locked.pk).update(status=EdiFile.Status.RECEIVED)
        raise
    with transaction.atomic():
        locked.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            clinic=clinic,
            resource=locked,
            details={
                "kind": locked.kind,
                "status": locked.status,
                "imported": locked.units_imported,
                "rejected": locked.units_rejected,
                "skipped": locked.units_skipped,
            },
            severity=AuditEvent.Severity.WARNING
            if locked.status in (EdiFile.Status.REJECTED, EdiFile.Status.QUARANTINED)
            else AuditEvent.Severity.INFO,
        )
    return locked


def edi_file_submit(
    *, clinic: Clinic, name: str, content: bytes, source: str, actor: Actor, lenient: bool = False
) -> Submission:
    """Store a file and queue its import as a Job (run after commit). The same file again
    gets a finished job that says it was already imported, and nothing else happens."""
    from claims.tasks import edi_import_task

    edi_file, created = edi_file_receive(
        clinic=clinic, name=name, content=content, source=source, actor=actor, lenient=lenient
    )
    if not created:
        when = timezone.localtime(edi_file.created_at).strftime("%Y-%m-%d %H:%M")
        job = Job.objects.create(
            clinic=clinic,
            edi_file=edi_file,
            status=Job.Status.DONE,
            finished_at=timezone.now(),
            message=f"This file was already received on {when} (status {edi_file.get_status_display()}): "
            "nothing changed.",
        )
        return Submission(edi_file=edi_file, job=job, duplicate=True)
    job = Job.objects.create(clinic=clinic, edi_file=edi_file)
    transaction.on_commit(lambda: edi_import_task.delay(str(job.pk)))
    return Submission(edi_file=edi_file, job=job, duplicate=False)


def job_run_edi_import(*, job: Job, actor: Actor) -> Job:
    """Run a queued import job; safe to run twice (a finished job is left alone)."""
    claimed = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    assert job.edi_file is not None  # noqa: S101  (import jobs always name their file)
    try:
        edi_file = edi_file_import(clinic=job.clinic, edi_file=job.edi_file, actor=actor, job=job)
    except Exception as error:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), message=f"The import failed: {type(error).__name__}."
        )
        raise
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        finished_at=timezone.now(),
        message=_summary(edi_file),
        done=max(job.done, edi_file.units_imported + edi_file.units_rejected + edi_file.units_skipped),
        total=max(job.total, edi_file.units_imported + edi_file.units_rejected + edi_file.units_skipped),
    )
    job.refresh_from_db()
    # After the import, not part of it: pyx12's strict check of an 837 runs in its own task
    # once this commits, and whatever it finds (or fails to do) leaves the import as it is.
    if settings.EDI_VALIDATE_837 and edi_file.kind == EdiFile.Kind.CLAIMS:
        edi_file_validation_queue(clinic=job.clinic, edi_file=edi_file, actor=actor)
    return job


def _summary(edi_file: EdiFile) -> str:
    if edi_file.status in (EdiFile.Status.REJECTED, EdiFile.Status.QUARANTINED):
        return f"{edi_file.get_status_display()}: {edi_file.problem}"
    unit = "claims" if edi_file.kind == "837" else "claim payments"
    text = f"{edi_file.get_status_display()}: {edi_file.units_imported} {unit} taken"
    if edi_file.units_rejected:
        text += f", {edi_file.units_rejected} refused"
    if edi_file.units_skipped:
        text += f", {edi_file.units_skipped} already imported"
    return text + "."


def _validation_is_stale(edi_file: EdiFile) -> bool:
    """A check queued or running for longer than a run may last: its task was lost."""
    limit = dt.timedelta(seconds=settings.EDI_VALIDATION_SECONDS + 300)
    return edi_file.updated_at is None or timezone.now() - edi_file.updated_at > limit


def edi_file_validation_queue(*, clinic: Clinic, edi_file: EdiFile, actor: Actor) -> bool:
    """Ask for pyx12's check of an 837 (`claims.edi.validation`), run by a task after commit.

    Returns False, changing nothing, for a file that is not an 837, or whose check is already
    queued or running (unless that has lasted longer than a run may: then it is queued again)."""
    from claims.tasks import edi_validate_task

    if edi_file.clinic_id != clinic.pk:
        raise ValueError("The file must belong to the clinic.")
    if edi_file.kind != EdiFile.Kind.CLAIMS:
        return False
    busy = (EdiFile.Validation.QUEUED, EdiFile.Validation.RUNNING)
    with transaction.atomic():
        locked = EdiFile.objects.select_for_update().get(pk=edi_file.pk, clinic=clinic)
        if locked.validation_status in busy and not _validation_is_stale(locked):
            return False
        locked.validation_status = EdiFile.Validation.QUEUED
        locked.save(update_fields=["validation_status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            clinic=clinic,
            resource=locked,
            details={"fields": ["validation_status"], "validation_status": EdiFile.Validation.QUEUED},
        )
    edi_file.validation_status = EdiFile.Validation.QUEUED
    # robust: a broker that cannot take the task must not undo or fail what committed.
    transaction.on_commit(lambda: edi_validate_task.delay(str(edi_file.pk)), robust=True)
    return True


def edi_file_validate(*, clinic: Clinic, edi_file: EdiFile) -> EdiFile:
    """Run pyx12 on a queued file and store what it says. Safe to run twice: a file whose
    check is not queued or running is left as it is."""
    claimed = EdiFile.objects.filter(
        pk=edi_file.pk,
        clinic=clinic,
        validation_status__in=[EdiFile.Validation.QUEUED, EdiFile.Validation.RUNNING],
    ).update(validation_status=EdiFile.Validation.RUNNING, updated_at=timezone.now())
    edi_file.refresh_from_db()
    if not claimed:
        return edi_file
    try:
        with edi_file.file.open("rb") as handle:
            data = handle.read()
    except OSError as error:
        result = ValidationResult("FAILED", problem=f"the stored file could not be read: {type(error).__name__}")
    else:
        result = validate(data, time_limit=settings.EDI_VALIDATION_SECONDS)
    edi_file.validation_status = EdiFile.Validation(result.status)
    edi_file.validation_problem = result.problem
    edi_file.validation_errors = [finding.as_dict() for finding in result.findings]
    edi_file.validation_error_count = result.finding_count
    edi_file.acknowledgement = result.acknowledgement
    edi_file.acknowledgement_code = result.acknowledgement_code
    edi_file.validated_at = timezone.now()
    edi_file.save(
        update_fields=[
            "validation_status",
            "validation_problem",
            "validation_errors",
            "validation_error_count",
            "acknowledgement",
            "acknowledgement_code",
            "validated_at",
            "updated_at",
        ]
    )
    return edi_file


def claim_payment_link(*, clinic: Clinic, payment: ClaimPayment, claim: Claim, actor: Actor) -> ClaimPayment:
    """A person links an unmatched payment to its claim."""
    if payment.clinic_id != clinic.pk or claim.clinic_id != clinic.pk:
        raise ValueError("The payment and the claim must belong to the clinic.")
    with transaction.atomic():
        payment.claim = claim
        payment.match_method = MatchMethod.MANUAL
        payment.save(update_fields=["claim", "match_method", "updated_at"])
        post_linked_payment(payment=payment, claim=claim)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            clinic=clinic,
            resource=payment,
            details={"fields": ["claim", "match_method"], "claim": str(claim.pk)},
        )
    return payment


def edi_file_dismiss(*, clinic: Clinic, edi_file: EdiFile, actor: Actor) -> EdiFile:
    """Close a quarantined file without posting it."""
    with transaction.atomic():
        edi_file.status = EdiFile.Status.DISMISSED
        edi_file.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            clinic=clinic,
            resource=edi_file,
            details={"fields": ["status"], "status": EdiFile.Status.DISMISSED},
        )
    return edi_file


class AssigneeNotInClinicError(ValueError):
    """The chosen person does not work denials for the denial's clinic."""


def denial_assign(*, clinic: Clinic, denials: Iterable[Denial], assignee: Any, actor: Actor) -> list[Denial]:
    """Give denials of `clinic` to someone who works denials there (owner, admin or biller).

    Each changed denial is audited; one already theirs is left as it is. Raises
    AssigneeNotInClinicError (nothing changed) when the assignee has no billing role in the clinic,
    ValueError when a denial belongs to another clinic."""
    denials = list(denials)
    if any(d.clinic_id != clinic.pk for d in denials):
        raise ValueError("Every denial must belong to the clinic.")
    if not Membership.objects.filter(clinic=clinic, user=assignee, role__in=BILLING_ROLES).exists():
        raise AssigneeNotInClinicError(f"{assignee} does not work denials for {clinic}.")
    with transaction.atomic():
        return [object_update(actor=actor, instance=d, data={"assignee": assignee}) for d in denials]
