"""The widget's HTTP doors: the ticket endpoint, the iframe and the demo page.

Plain Django views: they are neither the versioned clinic API (DRF) nor our internal or
webhook endpoints (ninja), and the ticket endpoint must answer cross-origin browser calls.
"""

from __future__ import annotations

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
from nuvae.lib.problems import problem_response


def _cors(response: HttpResponse, origin: str) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = origin
    response["Vary"] = "Origin"
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
