"""Celery tasks of the claims app: thin, named, take ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from claims.models import EdiFile, Job
from clinics.audit import Actor


@shared_task(name="claims.tasks.edi_import_task", acks_late=True)
def edi_import_task(job_id: str) -> str:
    from claims.services import job_run_edi_import

    job = Job.objects.filter(pk=job_id).select_related("clinic", "edi_file").first()
    if job is None:
        return "missing"
    return job_run_edi_import(job=job, actor=Actor.system("edi import")).status


@shared_task(name="claims.tasks.edi_inbox_scan_task", acks_late=True)
def edi_inbox_scan_task() -> int:
    """Pick up the files dropped in the inbox folder (scheduled in nuvae/celery.py)."""
    from claims.inbox import inbox_scan

    return inbox_scan()


# The run stops itself at EDI_VALIDATION_SECONDS (claims.edi.validation); the worker's own
# limits are the backstop for a pyx12 that hangs inside one segment.
@shared_task(
    name="claims.tasks.edi_validate_task",
    acks_late=True,
    soft_time_limit=settings.EDI_VALIDATION_SECONDS + 30,
    time_limit=settings.EDI_VALIDATION_SECONDS + 60,
)
def edi_validate_task(edi_file_id: str) -> str:
    """pyx12's check of an 837 and its 999, stored on the file (queued by
    `claims.services.edi_file_validation_queue`)."""
    from claims.services import edi_file_validate

    edi_file = EdiFile.objects.filter(pk=edi_file_id).select_related("clinic").first()
    if edi_file is None:
        return "missing"
    return edi_file_validate(clinic=edi_file.clinic, edi_file=edi_file).validation_status
