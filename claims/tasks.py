"""Celery tasks of the claims app: thin, named, take ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from claims.models import Job
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
