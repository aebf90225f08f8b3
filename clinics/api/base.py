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
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clinics import ratelimit
from clinics.api import idempotency
from clinics.api.auth import TENANT_HEADER, ApiKeyAuthentication, HasClinicApiKey
from clinics.audit import Actor
from clinics.models import ApiKey, Clinic
from nuvae.lib.problems import ApiProblem

if TYPE_CHECKING:
    _ViewBase = APIView
else:
    _ViewBase = object


class ClinicAutoSchema(AutoSchema):
    """Documents the headers every clinic API operation understands."""

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
