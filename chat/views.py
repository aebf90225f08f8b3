"""The widget's HTTP doors: the ticket endpoint, the iframe and the demo page.

Plain Django views: they are neither the versioned clinic API (DRF) nor our internal or
webhook endpoints (ninja), and the ticket endpoint must answer cross-origin browser calls.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from chat.models import WidgetConfig
from chat.origins import normalize_origin
from chat.selectors import widget_config_by_key
from chat.tickets import MAX_AGE_SECONDS, ticket_issue
from clinics import ratelimit
from nuvae.lib.context import client_ip
from nuvae.lib.problems import problem_response


def _cors(response: HttpResponse, origin: str) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = origin
    response["Vary"] = "Origin"
    return response


def _session_limit_key(widget_key: str, request: HttpRequest) -> str:
    # The key as sent, hashed: it is checked before the database lookup (a flood with one key
    # costs a Redis round trip, not a query) and its length is the caller's choice.
    digest = hashlib.sha256(widget_key.encode()).hexdigest()[:32]
    return f"{settings.CACHE_KEY_PREFIX}:ratelimit:widget-session:{digest}:{client_ip(request) or 'unknown'}"


def _session_rate_limited(request: HttpRequest, widget_key: str, origin: str | None) -> HttpResponse | None:
    """The 429 answer when this widget key and client address asked for too many tickets, else None.

    Per key *and* address: one visitor looping on a clinic's widget is slowed down without
    locking that clinic's other patients out, which a per-key limit alone would do.
    """
    limit = settings.WIDGET_SESSION_RATE_LIMIT
    if not limit:
        return None
    decision = ratelimit.limiter_for(settings.REDIS_URL).hit(
        _session_limit_key(widget_key, request),
        limit=limit,
        window_seconds=settings.WIDGET_SESSION_RATE_LIMIT_WINDOW_SECONDS,
    )
    if decision.allowed:
        return None
    response = problem_response(
        request,
        429,
        detail=f"Too many chat sessions requested; retry in {decision.reset_seconds} s.",
        slug="rate-limited",
    )
    response["Retry-After"] = str(decision.reset_seconds)
    if origin is not None:
        # Readable by the widget's page so that it waits as long as it is told. Whether the
        # origin may use this key is not checked yet, and the answer says nothing about it.
        _cors(response, origin)
        response["Access-Control-Expose-Headers"] = "Retry-After"
    return response


# CSRF-exempt: no cookie or session authenticates this call; the publishable key plus the
# Origin check decide, and the answer is only a short-lived ticket.
@csrf_exempt
@require_http_methods(["POST", "OPTIONS"])
def widget_session(request: HttpRequest) -> HttpResponse:
    origin = normalize_origin(request.headers.get("Origin", ""))
    if request.method == "OPTIONS":
        # Preflight of the JSON POST. It grants nothing: the POST itself checks the origin.
        if origin is None:
            return HttpResponse(status=403)
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Methods"] = "POST"
        response["Access-Control-Allow-Headers"] = "Content-Type"
        response["Access-Control-Max-Age"] = "600"
        return _cors(response, origin)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return problem_response(request, 400, detail="The body must be JSON.")
    if not isinstance(body, dict) or not isinstance(body.get("widget_key"), str):
        return problem_response(
            request,
            400,
            detail="widget_key is required.",
            errors=[{"field": "widget_key", "detail": "This field is required."}],
        )
    session_id = body.get("session_id")
    if session_id is not None and not _is_uuid(session_id):
        return problem_response(
            request,
            400,
            detail="session_id is not valid.",
            errors=[{"field": "session_id", "detail": "Must be a UUID."}],
        )
    limited = _session_rate_limited(request, body["widget_key"], origin)
    if limited is not None:
        return limited
    config = widget_config_by_key(body["widget_key"])
    if config is None:
        # Same answer for an unknown key and a disabled widget: keys are not enumerable.
        return problem_response(request, 403, detail="This widget key is not enabled.")
    if origin is None or not config.allows(origin):
        return problem_response(request, 403, detail="This page's origin may not use this widget.")
    session_id = session_id or str(uuid.uuid4())
    ticket = ticket_issue(clinic_id=config.clinic_id, session_id=session_id)
    payload = {"ticket": ticket, "session_id": session_id, "expires_in": MAX_AGE_SECONDS}
    return _cors(JsonResponse(payload), origin)


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


@xframe_options_exempt
@require_GET
def widget_frame(request: HttpRequest) -> HttpResponse:
    config = widget_config_by_key(request.GET.get("key", ""))
    if config is None:
        raise Http404("No such widget.")
    response = render(request, "widget/frame.html", {"clinic_name": config.clinic.name})
    # The frame renders only inside the clinic's own sites (clickjacking guard).
    ancestors = " ".join(["'self'", *config.allowed_origins])
    response["Content-Security-Policy"] = f"frame-ancestors {ancestors}"
    return response


@require_GET
def widget_demo(request: HttpRequest) -> HttpResponse:
    # The demo clinics' widget keys are published; a deployment shows no demo page.
    if settings.IS_DEPLOYED:
        raise Http404("No demo here.")
    config = WidgetConfig.objects.select_related("clinic").filter(enabled=True).order_by("created_at").first()
    if config is None:
        raise Http404("No chat widget yet: run `manage.py seed_demo`.")
    return render(request, "widget/demo.html", {"widget_key": config.publishable_key, "clinic": config.clinic})
