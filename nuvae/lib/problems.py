"""RFC 9457 problem details for every API error.

A problem is `{"type", "title", "status", "detail", "instance", ...}` served as
`application/problem+json`. Validation errors add `errors`: a list of
`{"field": "a.b", "detail": "...", "code": "..."}` so a client can point at the input.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

from nuvae.lib import context

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://nuvae.dev/problems/"

_TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}

_SLUGS = {
    400: "validation-error",
    401: "not-authenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "unprocessable",
    429: "rate-limited",
    500: "server-error",
    503: "unavailable",
}


_TOO_BIG_DETAIL = "The request body is larger than this API accepts."


def problem_body(
    status_code: int,
    *,
    detail: str | None = None,
    title: str | None = None,
    slug: str | None = None,
    instance: str | None = None,
    errors: list[dict[str, str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + (slug or _SLUGS.get(status_code, "error")),
        "title": title or _TITLES.get(status_code, "Error"),
        "status": status_code,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    request_id = context.current().request_id
    if request_id:
        body["request_id"] = request_id
    if errors:
        body["errors"] = errors
    body.update(extra)
    return body


def problem_response(request: HttpRequest | None, status_code: int, **kwargs: Any) -> JsonResponse:
    """A plain Django response carrying a problem (for views outside DRF)."""
    body = problem_body(status_code, instance=request.path if request else None, **kwargs)
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


class ApiProblem(exceptions.APIException):
    """Raise from a view or service-calling view to answer a specific problem."""

    def __init__(
        self,
        status_code: int,
        detail: str,
        *,
        slug: str | None = None,
        title: str | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail=detail)
        self.status_code = status_code
        self.slug = slug
        self.title = title
        self.headers = dict(headers or {})
        self.extra = extra


class DomainError(Exception):
    """Base for service-layer errors that an API answers with a specific problem.

    `nuvae.lib` imports no app, so apps subclass these (`class AppointmentConflict(
    DomainConflict)`) and the exception handler maps them without knowing the app.
    An instance's `conflicting_id`, when set, is added to the problem so a client can
    find what it collided with (it is always an object of the caller's own clinic).
    """

    status_code = 400
    slug = "domain-error"
    title: str | None = None

    def problem_extra(self) -> dict[str, Any]:
        conflicting_id = getattr(self, "conflicting_id", None)
        return {"conflicting_id": str(conflicting_id)} if conflicting_id is not None else {}


class DomainConflict(DomainError):  # noqa: N818 - the name other apps subclass
    """The request is valid but collides with the current state (a busy slot, a duplicate)."""

    status_code = 409
    slug = "conflict"


def django_validation_errors(exc: DjangoValidationError) -> list[dict[str, str]]:
    """Field errors from a model/service `ValidationError` (`full_clean()` and friends)."""
    if hasattr(exc, "error_dict"):
        errors = []
        for field, field_errors in exc.error_dict.items():
            name = "" if field == "__all__" else field
            for error in field_errors:
                for message in error.messages:
                    errors.append({"field": name, "detail": message, "code": error.code or "invalid"})
        return errors
    return [
        {"field": "", "detail": message, "code": getattr(error, "code", None) or "invalid"}
        for error in exc.error_list
        for message in error.messages
    ]


def flatten_errors(data: Any, prefix: str = "") -> Iterator[dict[str, str]]:
    """Turn DRF's nested error structure into a flat list of field errors."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            name = key if key not in ("non_field_errors", "__all__") else ""
            yield from flatten_errors(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
    elif isinstance(data, list):
        if all(isinstance(item, str | exceptions.ErrorDetail) for item in data):
            for item in data:
                yield {"field": prefix, "detail": str(item), "code": getattr(item, "code", "invalid")}
        else:
            for index, item in enumerate(data):
                yield from flatten_errors(item, f"{prefix}[{index}]" if prefix else f"[{index}]")
    else:
        yield {"field": prefix, "detail": str(data), "code": getattr(data, "code", "invalid")}


def drf_exception_handler(exc: Exception, ctx: dict[str, Any]) -> Response | None:
    request = ctx.get("request")
    instance = request.path if request is not None else None
    headers: dict[str, str] = {}

    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        # Raised when a view first reads the body; unhandled it would be Django's HTML 400.
        exc = ApiProblem(413, _TOO_BIG_DETAIL, slug="payload-too-large")

    if isinstance(exc, ApiProblem):
        body = problem_body(
            exc.status_code, detail=str(exc.detail), title=exc.title, slug=exc.slug, instance=instance, **exc.extra
        )
        headers.update(exc.headers)
    elif isinstance(exc, exceptions.ValidationError):
        errors = list(flatten_errors(exc.detail))
        body = problem_body(
            status.HTTP_400_BAD_REQUEST,
            detail="The request has invalid fields." if errors else "The request is invalid.",
            instance=instance,
            errors=errors,
        )
    elif isinstance(exc, DjangoValidationError):
        # Raised by services (`full_clean()`), after the serializer accepted the shape.
        errors = django_validation_errors(exc)
        body = problem_body(
            status.HTTP_400_BAD_REQUEST, detail="The request has invalid fields.", instance=instance, errors=errors
        )
    elif isinstance(exc, DomainError):
        body = problem_body(
            exc.status_code, detail=str(exc) or None, title=exc.title, slug=exc.slug, instance=instance,
            **exc.problem_extra(),
        )
    elif isinstance(exc, exceptions.ParseError):
        # DRF's wording ("JSON parse error - ...") reads like our bug; say what to fix.
        reason = str(exc.detail).removeprefix("JSON parse error - ")
        body = problem_body(
            status.HTTP_400_BAD_REQUEST,
            detail=f"The request body is not valid JSON: {reason}",
            slug="malformed-body",
            instance=instance,
        )
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        body = problem_body(exc.status_code, detail=detail, slug=getattr(exc, "problem_slug", None), instance=instance)
        wait = getattr(exc, "wait", None) if isinstance(exc, exceptions.Throttled) else None
        if wait is not None:
            headers["Retry-After"] = str(int(wait))
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
    else:
        return None  # unexpected: Django's 500 handler logs it and answers a problem

    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        headers.setdefault("WWW-Authenticate", 'Bearer realm="api"')
    response = Response(body, status=body["status"], headers=headers, content_type=PROBLEM_CONTENT_TYPE)
    return response


def _is_machine_path(request: HttpRequest) -> bool:
    return request.path.startswith(("/api/", "/hooks/", "/internal/", "/health"))


def api_400_or_html(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's answer to a request it refuses before or outside a view (a disallowed Host,
    too many query parameters, an oversized body): a problem on machine paths. The
    exception's text is not echoed: it can quote the Host header or other input."""
    if _is_machine_path(request):
        if isinstance(exception, RequestDataTooBig):
            return problem_response(request, 413, detail=_TOO_BIG_DETAIL)
        return problem_response(request, 400, detail="The request could not be read.", slug="bad-request")
    return defaults.bad_request(request, exception or Exception())


def api_404_or_html(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_machine_path(request):
        return problem_response(request, 404, detail="No resource at this address.")
    return defaults.page_not_found(request, exception or Http404())


@csrf_exempt  # it changes nothing; CSRF's refusal would be an HTML page
def api_unrouted(request: HttpRequest) -> HttpResponse:
    """Any address under /api that no view claimed: a problem, in every environment.

    An address that only lacks its trailing slash gets 308, not Django's APPEND_SLASH 301:
    clients follow a 301 to a POST by sending a GET without the body, so a create would
    "succeed" as a read of the list. A 308 is re-sent with the same method and body.
    """
    if not request.path.endswith("/"):
        try:
            found = resolve(f"{request.path_info}/").func is not api_unrouted
        except Resolver404:
            found = False
        if found:
            target = f"{request.path}/"
            query = request.META.get("QUERY_STRING", "")
            response = problem_response(
                request, 308, title="Permanent redirect", slug="trailing-slash",
                detail=f"Send the request to {target}: API addresses end with a slash.",
            )
            response["Location"] = f"{target}?{query}" if query else target
            return response
    return problem_response(request, 404, detail="No resource at this address.")


def api_500_or_html(request: HttpRequest) -> HttpResponse:
    if _is_machine_path(request):
        return problem_response(
            request, 500, detail="Something went wrong on our side; the request id identifies it."
        )
    return defaults.server_error(request)
