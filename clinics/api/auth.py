"""API-key authentication for the clinic REST API.

A key arrives as `Authorization: Bearer ar_live_…` or `X-API-Key: ar_live_…`. It is
found by its SHA-256 hash (the unique index), with the Django cache in front so that a
busy integration does not query the database on every request.

Answers: no key → 401; a value that is not a key at all → 401; a well-formed key that is
unknown, revoked or expired, or whose clinic is not active → 403; an `X-Tenant-ID` that
names another clinic → 403. 401s carry `WWW-Authenticate`.

Cache contract (shared with `clinics.services`): the entry at
`API_KEY_CACHE_PREFIX + key_hash` holds the ApiKey with its clinic, only for a key that
was usable when read. `api_key_revoke` and a clinic status change delete the entries, so
revocation and suspension bite at once; anything else about the clinic may be up to
`API_KEY_CACHE_SECONDS` old. Expiry is re-checked against the clock on every hit.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from redis.exceptions import RedisError
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission

from clinics.models import ApiKey, Clinic
from clinics.models.api_keys import KEY_PATTERN, hash_key
from clinics.services import API_KEY_CACHE_PREFIX, api_key_touch
from nuvae.lib.problems import ApiProblem

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)

TENANT_HEADER = "X-Tenant-ID"
API_KEY_HEADER = "X-API-Key"
WWW_AUTHENTICATE = 'Bearer realm="api"'


class ApiKeyError(Exception):
    """Why a presented key was refused; `status` is 401 (not a key) or 403 (not allowed)."""

    def __init__(self, status: int, detail: str, slug: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.slug = slug


@dataclass(frozen=True)
class ApiKeyPrincipal:
    """`request.user` for an API request: the clinic acting through one of its keys."""

    api_key: ApiKey
    clinic: Clinic

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False

    @property
    def pk(self) -> Any:
        return self.api_key.pk

    def __str__(self) -> str:
        return f"api key {self.api_key.prefix} ({self.clinic.slug})"


def raw_key_from_headers(request: HttpRequest) -> str | None:
    """The presented key, None when none was sent; ApiKeyError(401) when it is not a key."""
    authorization = request.headers.get("Authorization")
    header_key = request.headers.get(API_KEY_HEADER)
    bearer: str | None = None
    if authorization is not None:
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not value.strip() or " " in value.strip():
            raise ApiKeyError(
                401, "Send the API key as 'Authorization: Bearer <key>' or in X-API-Key.", "malformed-credentials"
            )
        bearer = value.strip()
    if header_key is not None:
        header_key = header_key.strip()
    if bearer is not None and header_key is not None and bearer != header_key:
        raise ApiKeyError(401, "Authorization and X-API-Key carry different keys; send one.", "malformed-credentials")
    raw = bearer if bearer is not None else header_key
    if raw is None:
        return None
    if not KEY_PATTERN.match(raw):
        raise ApiKeyError(
            401, "The API key is malformed: expected ar_live_… or ar_test_… (51 characters).", "malformed-api-key"
        )
    return raw


def _cache_get(cache_key: str) -> ApiKey | None:
    try:
        cached = cache.get(cache_key)
    except RedisError as exc:
        # The cache is an accelerator: with Redis down, authenticate from the database.
        logger.warning("api key cache unavailable (%s); reading the database", type(exc).__name__)
        return None
    return cached if isinstance(cached, ApiKey) else None


def _cache_set(cache_key: str, api_key: ApiKey) -> None:
    if settings.API_KEY_CACHE_SECONDS <= 0:
        return
    try:
        cache.set(cache_key, api_key, timeout=settings.API_KEY_CACHE_SECONDS)
    except RedisError as exc:
        logger.warning("api key cache unavailable (%s); not caching", type(exc).__name__)


def resolve_api_key(raw_key: str) -> ApiKey:
    """The usable ApiKey (with `.clinic` loaded) for a well-formed raw key, else ApiKeyError(403)."""
    key_hash = hash_key(raw_key)
    cache_key = API_KEY_CACHE_PREFIX + key_hash
    api_key = _cache_get(cache_key)
    from_cache = api_key is not None
    if api_key is None:
        api_key = ApiKey.objects.select_related("clinic").filter(key_hash=key_hash).first()
        if api_key is None:
            # Never cached: an unknown key must be looked up again next time.
            raise ApiKeyError(403, "The API key is not valid.", "invalid-api-key")
    if api_key.revoked_at is not None:
        raise ApiKeyError(403, "The API key has been revoked.", "api-key-revoked")
    if api_key.expires_at is not None and api_key.expires_at <= timezone.now():
        raise ApiKeyError(403, "The API key has expired.", "api-key-expired")
    if api_key.clinic.status != Clinic.Status.ACTIVE:
        raise ApiKeyError(403, f"The clinic is {api_key.clinic.get_status_display().lower()}.", "clinic-not-active")
    if not from_cache:
        # A revocation committed between our read and this write survives in the cache
        # for at most API_KEY_CACHE_SECONDS; revocation itself deletes the entry.
        _cache_set(cache_key, api_key)
    return api_key


def check_tenant(request: HttpRequest, clinic: Clinic) -> None:
    """`X-Tenant-ID`, when sent, must name the key's clinic by id or slug."""
    tenant = request.headers.get(TENANT_HEADER)
    if tenant is None:
        return
    tenant = tenant.strip()
    try:
        matches = uuid.UUID(tenant) == clinic.pk
    except ValueError:
        matches = tenant == clinic.slug
    if not matches:
        raise ApiKeyError(403, "X-Tenant-ID does not match the API key's clinic.", "tenant-mismatch")


def _touch(api_key: ApiKey) -> None:
    try:
        api_key_touch(api_key_id=api_key.pk)
    except RedisError as exc:
        logger.warning("could not record api key use (%s)", type(exc).__name__)


def authenticate_request(request: HttpRequest) -> ApiKey | None:
    """Full check for any door (DRF or plain Django): None when no key was sent."""
    raw = raw_key_from_headers(request)
    if raw is None:
        return None
    api_key = resolve_api_key(raw)
    check_tenant(request, api_key.clinic)
    _touch(api_key)
    return api_key


class InvalidCredentials(exceptions.AuthenticationFailed):
    def __init__(self, detail: str, slug: str) -> None:
        super().__init__(detail)
        self.problem_slug = slug


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[ApiKeyPrincipal, ApiKey] | None:
        try:
            api_key = authenticate_request(request._request)
        except ApiKeyError as rejected:
            # The reason only, never key material: these lines are for spotting key guessing.
            logger.info("api key refused: %s", rejected.slug)
            if rejected.status == 401:
                raise InvalidCredentials(rejected.detail, rejected.slug) from None
            raise ApiProblem(rejected.status, rejected.detail, slug=rejected.slug) from None
        if api_key is None:
            return None
        return ApiKeyPrincipal(api_key=api_key, clinic=api_key.clinic), api_key

    def authenticate_header(self, request: Request) -> str:
        return WWW_AUTHENTICATE


class HasClinicApiKey(BasePermission):
    message = "An API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, ApiKey) and isinstance(request.user, ApiKeyPrincipal)


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """Shows both ways of sending a key in the OpenAPI document; either one suffices."""

    target_class = ApiKeyAuthentication
    name = ["ApiKeyBearer", "ApiKeyHeader"]

    def get_security_requirement(self, auto_schema: Any) -> list[dict[str, list[Any]]]:
        return [{"ApiKeyBearer": []}, {"ApiKeyHeader": []}]

    def get_security_definition(self, auto_schema: Any) -> list[dict[str, Any]]:
        return [
            {"type": "http", "scheme": "bearer", "description": "An API key: ar_live_… or ar_test_…"},
            {"type": "apiKey", "in": "header", "name": API_KEY_HEADER},
        ]
