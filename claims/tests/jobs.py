"""Running queued import jobs in tests, as a Celery worker would (tests run without one,
and with a broker configured the queued task would only be sent, never run)."""

from __future__ import annotations

from claims.models import Job
from claims.tasks import edi_import_task


def run_queued_jobs() -> int:
    ran = 0
    for job_id in Job.objects.filter(status=Job.Status.QUEUED).values_list("pk", flat=True):
        edi_import_task(str(job_id))
        ran += 1
    return ran
