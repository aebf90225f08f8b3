"""The Celery app and the one table of beat schedules.

django-celery-beat's DatabaseScheduler stores schedules in the database so staff can
edit them in the admin; `BEAT_SCHEDULE` below is the default set, loaded on start.
"""

from __future__ import annotations

from celery import Celery
from celery.schedules import crontab

from nuvae import settings as nuvae_settings

# Names the settings module for processes started by the `celery` command.
nuvae_settings.use_as_default()

app = Celery("nuvae")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

BEAT_SCHEDULE = {
    "clinics.purge_idempotency_records": {
        "task": "clinics.tasks.purge_idempotency_records_task",
        "schedule": crontab(minute=17),
    },
    # Daily, so a clinic that opts in gets its closures the next morning; idempotent.
    "scheduling.seed_federal_holidays": {
        "task": "scheduling.tasks.seed_federal_holidays_task",
        "schedule": crontab(hour=3, minute=23),
    },
    "claims.edi_inbox_scan": {
        "task": "claims.tasks.edi_inbox_scan_task",
        "schedule": crontab(minute="*/5"),
    },
}
app.conf.beat_schedule = BEAT_SCHEDULE
