"""Health endpoints for load balancers, orchestrators and on-call staff.

- `/health`: the process answers (no I/O) and which version it runs.
- `/health/live`: liveness; restart the process when this fails.
- `/health/ready`: can this process serve traffic? Database `SELECT 1`, Redis `PING` when
  `REDIS_URL` is set, the Celery broker when a real one is configured; each with a short
  timeout. 200, or 503 problem+json naming what failed.
- `/health/detailed`: for a logged-in staff user or a valid API key only: version,
  environment, each check with its latency, pending migrations and the Celery queue depth.

None of them is rate limited or needs a key, except the detailed view. URLs are read from
settings at call time, and errors are reported by exception type only: a connection error's
text can carry a URL with its password.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from kombu import Connection

from clinics.api.auth import WWW_AUTHENTICATE, ApiKeyError, authenticate_request
from nuvae.lib.problems import PROBLEM_CONTENT_TYPE, problem_body, problem_response

logger = logging.getLogger(__name__)

CHECK_TIMEOUT_SECONDS = 2.0
# Kombu's Redis transport puts prioritised messages on `<queue>\x06\x16<priority>` lists.
_REDIS_PRIORITY_SEPARATOR = "\x06\x16"
_REDIS_PRIORITY_STEPS = (3, 6, 9)


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    latency_ms: float
    error: str | None = None

    def as_dict(self, *, with_latency: bool) -> dict[str, Any]:
        data: dict[str, Any] = {"status": "ok" if self.ok else "failed"}
        if self.error:
            data["error"] = self.error
        if with_latency:
            data["latency_ms"] = round(self.latency_ms, 1)
        return data


@functools.lru_cache(maxsize=8)
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_timeout=CHECK_TIMEOUT_SECONDS, socket_connect_timeout=CHECK_TIMEOUT_SECONDS
    )


def check_database() -> None:
    if connection.vendor == "postgresql":
        # SET LOCAL needs a transaction; on SQLite (IMMEDIATE mode) one would take the write lock.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = %s", [int(CHECK_TIMEOUT_SECONDS * 1000)])
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis() -> None:
    _redis_client(settings.REDIS_URL).ping()


def _broker_url() -> str | None:
    url = settings.CELERY_BROKER_URL
    return None if not url or url.startswith("memory://") else url


def check_broker() -> None:
    options = {"socket_timeout": CHECK_TIMEOUT_SECONDS, "socket_connect_timeout": CHECK_TIMEOUT_SECONDS}
    with Connection(_broker_url(), connect_timeout=CHECK_TIMEOUT_SECONDS, transport_options=options) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=CHECK_TIMEOUT_SECONDS)


def configured_checks() -> dict[str, Callable[[], None]]:
    checks: dict[str, Callable[[], None]] = {"database": check_database}
    if settings.REDIS_URL:
        checks["redis"] = check_redis
    if _broker_url():
        checks["broker"] = check_broker
    return checks


def run_checks() -> list[CheckResult]:
    results = []
    for name, check in configured_checks().items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:  # a health check reports every failure instead of raising it
            logger.warning("health check %s failed (%s)", name, type(exc).__name__)
            results.append(CheckResult(name, False, (time.perf_counter() - started) * 1000, type(exc).__name__))
        else:
            results.append(CheckResult(name, True, (time.perf_counter() - started) * 1000))
    return results


def pending_migrations() -> list[str] | None:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # the database check already says why; report unknown here
        logger.warning("could not read the migration plan (%s)", type(exc).__name__)
        return None
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def celery_queue_depth() -> int | None:
    """Messages waiting in the default queue; None unless the broker is Redis."""
    url = _broker_url()
    if not url or not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    names = [queue, *(f"{queue}{_REDIS_PRIORITY_SEPARATOR}{step}" for step in _REDIS_PRIORITY_STEPS)]
    try:
        client = _redis_client(url)
        return sum(int(client.llen(name)) for name in names)
    except redis.RedisError as exc:
        logger.warning("could not read the celery queue depth (%s)", type(exc).__name__)
        return None


def _safe_methods_only(view: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = problem_response(request, 405, detail=f"Method {request.method} not allowed; use GET.")
            response["Allow"] = "GET, HEAD"
            return response
        return view(request)

    # Exempt from CSRF so that a POST meets the 405 above, not CSRF's HTML 403: these
    # views only read, and refuse every unsafe method themselves.
    return csrf_exempt(never_cache(wrapper))


@_safe_methods_only
def health(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok", "version": settings.NUVAE_VERSION})


@_safe_methods_only
def live(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@_safe_methods_only
def ready(request: HttpRequest) -> HttpResponse:
    results = run_checks()
    checks = {result.name: result.as_dict(with_latency=False) for result in results}
    failed = [result.name for result in results if not result.ok]
    if not failed:
        return JsonResponse({"status": "ok", "checks": checks})
    body = problem_body(
        503, detail=f"Not ready: {', '.join(failed)}.", slug="not-ready", instance=request.path,
        failed=failed, checks=checks,
    )
    return JsonResponse(body, status=503, content_type=PROBLEM_CONTENT_TYPE)


def _refuse_unless_allowed(request: HttpRequest) -> HttpResponse | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active and user.is_staff:
        return None
    try:
        api_key = authenticate_request(request)
    except ApiKeyError as rejected:
        response = problem_response(request, rejected.status, detail=rejected.detail, slug=rejected.slug)
        if rejected.status == 401:
            response["WWW-Authenticate"] = WWW_AUTHENTICATE
        return response
    if api_key is not None:
        return None
    if user is not None and user.is_authenticated:
        return problem_response(request, 403, detail="Detailed health is for staff users and API keys.")
    response = problem_response(request, 401, detail="Log in as staff or send an API key.")
    response["WWW-Authenticate"] = WWW_AUTHENTICATE
    return response


@_safe_methods_only
def detailed(request: HttpRequest) -> HttpResponse:
    refusal = _refuse_unless_allowed(request)
    if refusal is not None:
        return refusal
    results = run_checks()
    pending = pending_migrations()
    return JsonResponse(
        {
            "status": "ok" if all(result.ok for result in results) and not pending else "degraded",
            "version": settings.NUVAE_VERSION,
            "environment": settings.ENVIRONMENT,
            "checks": {result.name: result.as_dict(with_latency=True) for result in results},
            "migrations": {"pending": len(pending) if pending is not None else None, "names": pending},
            "celery": {
                "broker": "configured" if _broker_url() else "eager (in-process)",
                "queue": getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery"),
                "depth": celery_queue_depth(),
            },
        }
    )
