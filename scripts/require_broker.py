"""Stop `make worker` / `make beat` early when there is no broker to talk to.

Without REDIS_URL (or CELERY_BROKER_URL) the broker is `memory://` and tasks run eagerly
inside the web process: a separate worker or beat would start and then wait forever.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nuvae.settings")
    import django

    django.setup()
    from django.conf import settings

    if settings.CELERY_BROKER_URL == "memory://":
        print(
            "No Celery broker: set REDIS_URL (or CELERY_BROKER_URL), for example in .env. Without one, tasks "
            "run inside the web process (`make run`) and a worker has nothing to do.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
