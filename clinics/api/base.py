"""Base classes for the clinic REST API v1 (DRF).

Every resource view derives from `ClinicAPIMixin` (through `ClinicViewSet`,
`ClinicGenericViewSet` or `ClinicAPIView`): `self.clinic` is the authenticated key's
clinic and `self.actor` the audit actor. Querysets come from selectors given
`clinic=self.clinic`; writes call services with `actor=self.actor`. Rate limiting,
idempotency and the response headers live here so that no resource can forget them.

Order of a request: authenticate the key (401/403) → check permissions → count it
against the clinic's rate limit (429) → claim the `Idempotency-Key` of a POST (or
replay, 409, 422) → the handler → store the response for replay → add the
`X-RateLimit-*` headers to whatever answer goes out, errors included.

`self.clinic` may come from the key cache and be up to `API_KEY_CACHE_SECONDS` old in
fields other than its status; a view that shows or edits the clinic itself re-reads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, parsers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clinics import ratelimit
from clinics.api import idempotency
from clinics.api.auth import TENANT_HEADER, ApiKeyAuthentication, HasClinicApiKey
from clinics.api.serializers import problem_responses
from clinics.audit import Actor
from clinics.models import ApiKey, Clinic
from nuvae.lib.problems import ApiProblem

if TYPE_CHECKING:
    _ViewBase = APIView
else:
    _ViewBase = object


# No request body of this API nests deeper than a few levels (a weekly schedule: 4).
MAX_JSON_DEPTH = 32


def _nesting_exceeds(data: Any, limit: int) -> bool:
    # Iterative: the point is to refuse bodies too deep for recursive code.
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class JSONBodyParser(parsers.JSONParser):
    """JSON bodies, refusing absurd nesting as a 400 instead of a RecursionError (500) in
    the parser or in the code that walks the data afterwards (idempotency fingerprints)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        too_deep = ApiProblem(
            400, f"The request body nests deeper than {MAX_JSON_DEPTH} levels.", slug="malformed-body"
        )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep from None
        if _nesting_exceeds(data, MAX_JSON_DEPTH):
            raise too_deep
        return data


class ClinicAutoSchema(AutoSchema):
    """Documents the headers every clinic API operation understands, and the problems any
    operation can answer besides its own (authentication, rate limit, idempotency, filters)."""

    def get_override_parameters(self) -> list[Any]:
        parameters: list[Any] = [
            OpenApiParameter(
                TENANT_HEADER,
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="Optional: the clinic's id or slug; a value naming another clinic is refused (403).",
            )
        ]
        if self.method == "POST":
            parameters.append(
                OpenApiParameter(
                    idempotency.HEADER,
                    str,
                    OpenApiParameter.HEADER,
                    required=False,
                    description=(
                        "Up to 255 characters (a UUID). A retry with the same key and body replays the first "
                        "response; the same key with another body is 422; while the first is running, 409."
                    ),
                )
            )
        return [*super().get_override_parameters(), *parameters]

    def _common_problem_statuses(self) -> list[int]:
        statuses = [401, 403, 429]
        if self.method == "POST":
            # A bad Idempotency-Key (400), one still in flight (409), one reused (422).
            statuses += [400, 409, 415, 422]
        elif self.method in ("PUT", "PATCH"):
            statuses += [400, 415]
        elif self.method == "GET" and self._is_list_view():
            statuses.append(400)  # a filter or cursor that cannot be read
        return statuses

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for (status, media_type), response in problem_responses(*self._common_problem_statuses()).items():
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(response, str(status), [media_type], direction)
        return responses

    def get_auth(self) -> list[Any]:
        # The auth extension and SPECTACULAR_SETTINGS["SECURITY"] name the same schemes.
        unique: list[Any] = []
        for requirement in super().get_auth():
            if requirement not in unique:
                unique.append(requirement)
        return unique


class ClinicAPIMixin(_ViewBase):
    request: Request
    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasClinicApiKey]
    throttle_classes: list[Any] = []  # the clinic's rate limit below replaces DRF throttling
    parser_classes = [JSONBodyParser]
    schema = ClinicAutoSchema()

    _rate_limit: ratelimit.Decision | None = None
    _idempotency_claim: idempotency.Claim | None = None

    @property
    def api_key(self) -> ApiKey:
        return self.request.auth  # type: ignore[return-value]

    @property
    def clinic(self) -> Clinic:
        return self.request.user.clinic  # type: ignore[union-attr]

    @property
    def actor(self) -> Actor:
        return Actor.for_api_key(self.api_key)

    def permission_denied(self, request: Request, message: str | None = None, code: str | None = None) -> NoReturn:
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(HasClinicApiKey.message)
        super().permission_denied(request, message=message, code=code)

    def check_throttles(self, request: Request) -> None:
        super().check_throttles(request)
        decision = ratelimit.clinic_hit(self.clinic)
        self._rate_limit = decision
        if decision is not None and not decision.allowed:
            raise ApiProblem(
                429,
                f"Rate limit of {decision.limit} requests per window exceeded; retry in {decision.reset_seconds} s.",
                slug="rate-limited",
                headers={"Retry-After": str(decision.reset_seconds)},
            )

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self._idempotency_claim = idempotency.begin(clinic=self.clinic, request=request)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, idempotency.Replay):
            return exc.response
        try:
            return super().handle_exception(exc)
        except Exception:
            # An unhandled error becomes Django's 500: free the key so a retry can run.
            if self._idempotency_claim is not None:
                idempotency.abandon(self._idempotency_claim)
                self._idempotency_claim = None
            raise

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._idempotency_claim is not None:
            claim, self._idempotency_claim = self._idempotency_claim, None
            idempotency.finish(claim, response)
        if self._rate_limit is not None:
            for name, value in self._rate_limit.headers().items():
                response[name] = value
        return response


class ClinicViewSet(ClinicAPIMixin, viewsets.ModelViewSet):  # type: ignore[type-arg]
    pass


class ClinicGenericViewSet(ClinicAPIMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    pass


class ClinicAPIView(ClinicAPIMixin, APIView):
    pass
