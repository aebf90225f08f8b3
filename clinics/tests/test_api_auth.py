"""API-key authentication: the 401/403 matrix, X-Tenant-ID, the key cache and last use."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from clinics.api.auth import ApiKeyPrincipal
from clinics.audit import Actor
from clinics.models import ApiKey, Clinic
from clinics.models.api_keys import generate_raw_key, hash_key
from clinics.services import API_KEY_CACHE_PREFIX, api_key_revoke, clinic_update
from clinics.tests.api_support import problem_type
from clinics.tests.factories import ApiKeyFactory, ClinicFactory
from conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.urls("clinics.tests.platform_api")]

WHOAMI = "/api/v1/whoami/"
PROBLEM = "application/problem+json"


def test_bearer_key_authenticates_as_its_clinic(api, clinic, api_key):
    response = api.get(WHOAMI)

    assert response.status_code == 200
    assert response.json() == {
        "clinic": clinic.slug,
        "api_key": api_key.prefix,
        "principal": "ApiKeyPrincipal",
        "actor": f"api key {api_key.prefix}",
    }


def test_x_api_key_header_authenticates(api_key, clinic):
    client = APIClient()

    response = client.get(WHOAMI, HTTP_X_API_KEY=api_key.raw)

    assert response.status_code == 200
    assert response.json()["clinic"] == clinic.slug


def test_principal_exposes_clinic_and_key():
    clinic = Clinic(slug="x")
    key = ApiKey(clinic=clinic, prefix="ar_test_abcdefgh")

    principal = ApiKeyPrincipal(api_key=key, clinic=clinic)

    assert principal.is_authenticated is True
    assert principal.is_anonymous is False
    assert principal.clinic is clinic
    assert principal.api_key is key


def test_missing_key_is_401_with_www_authenticate(db):
    response = APIClient().get(WHOAMI)

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert problem_type(response) == "not-authenticated"
    assert "X-RateLimit-Limit" not in response


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_AUTHORIZATION": "Bearer not-a-key"},
        {"HTTP_AUTHORIZATION": "Bearer ar_live_short"},
        {"HTTP_AUTHORIZATION": "Bearer " + "ar_prod_" + "a" * 43},
        {"HTTP_AUTHORIZATION": "Bearer "},
        {"HTTP_X_API_KEY": "ar_test_" + "a" * 42 + "!"},
    ],
    ids=["garbage", "too-short", "unknown-environment", "empty-bearer", "bad-character"],
)
def test_malformed_key_is_401(db, header):
    response = APIClient().get(WHOAMI, **header)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert problem_type(response) in {"malformed-api-key", "malformed-credentials"}


def test_non_bearer_authorization_scheme_is_401(api_key):
    response = APIClient().get(WHOAMI, HTTP_AUTHORIZATION=f"Basic {api_key.raw}")

    assert response.status_code == 401
    assert problem_type(response) == "malformed-credentials"


def test_two_different_keys_in_both_headers_is_401(api_key, other_api_key):
    response = APIClient().get(WHOAMI, HTTP_AUTHORIZATION=f"Bearer {api_key.raw}", HTTP_X_API_KEY=other_api_key.raw)

    assert response.status_code == 401
    assert problem_type(response) == "malformed-credentials"


def test_unknown_well_formed_key_is_403(db):
    response = APIClient().get(WHOAMI, HTTP_AUTHORIZATION=f"Bearer {generate_raw_key('live')}")

    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert problem_type(response) == "invalid-api-key"
    assert "WWW-Authenticate" not in response


def test_unknown_key_is_not_cached(db):
    raw = generate_raw_key("live")

    APIClient().get(WHOAMI, HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert cache.get(API_KEY_CACHE_PREFIX + hash_key(raw)) is None


def test_revoked_key_is_403(clinic):
    key = ApiKeyFactory(clinic=clinic, revoked_at=timezone.now())

    response = client_for(key).get(WHOAMI)

    assert response.status_code == 403
    assert problem_type(response) == "api-key-revoked"


def test_expired_key_is_403(clinic):
    key = ApiKeyFactory(clinic=clinic, expires_at=timezone.now() - timedelta(seconds=1))

    response = client_for(key).get(WHOAMI)

    assert response.status_code == 403
    assert problem_type(response) == "api-key-expired"


@pytest.mark.parametrize("status", [Clinic.Status.SUSPENDED, Clinic.Status.INACTIVE])
def test_key_of_a_clinic_that_is_not_active_is_403(db, status):
    key = ApiKeyFactory(clinic=ClinicFactory(status=status))

    response = client_for(key).get(WHOAMI)

    assert response.status_code == 403
    assert problem_type(response) == "clinic-not-active"


@pytest.mark.parametrize("tenant", ["id", "slug"])
def test_tenant_header_naming_the_keys_clinic_is_accepted(api, clinic, tenant):
    value = str(clinic.pk) if tenant == "id" else clinic.slug

    response = api.get(WHOAMI, HTTP_X_TENANT_ID=value)

    assert response.status_code == 200


@pytest.mark.parametrize("tenant", ["id", "slug", "nonsense"])
def test_tenant_header_naming_another_clinic_is_403(api, other_clinic, tenant):
    value = {"id": str(other_clinic.pk), "slug": other_clinic.slug, "nonsense": "no-such-clinic"}[tenant]

    response = api.get(WHOAMI, HTTP_X_TENANT_ID=value)

    assert response.status_code == 403
    assert problem_type(response) == "tenant-mismatch"


def test_successful_lookup_is_cached(api, api_key):
    api.get(WHOAMI)

    cached = cache.get(API_KEY_CACHE_PREFIX + api_key.key_hash)
    assert isinstance(cached, ApiKey)
    assert cached.pk == api_key.pk
    assert cached.clinic.pk == api_key.clinic_id


def test_cached_key_authenticates_without_a_database_query(api, django_assert_num_queries):
    api.get(WHOAMI)  # fills the key cache and records the use

    with django_assert_num_queries(0):
        response = api.get(WHOAMI)

    assert response.status_code == 200


@override_settings(API_KEY_CACHE_SECONDS=0)
def test_zero_cache_seconds_disables_the_key_cache(api, api_key):
    api.get(WHOAMI)

    assert cache.get(API_KEY_CACHE_PREFIX + api_key.key_hash) is None


def test_revocation_takes_effect_despite_a_cached_lookup(api, api_key, django_capture_on_commit_callbacks):
    assert api.get(WHOAMI).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        api_key_revoke(actor=Actor.system(), api_key=api_key)

    response = api.get(WHOAMI)
    assert response.status_code == 403
    assert problem_type(response) == "api-key-revoked"


def test_suspension_takes_effect_despite_a_cached_lookup(api, clinic, django_capture_on_commit_callbacks):
    assert api.get(WHOAMI).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        clinic_update(actor=Actor.system(), clinic=clinic, data={"status": Clinic.Status.SUSPENDED})

    response = api.get(WHOAMI)
    assert response.status_code == 403
    assert problem_type(response) == "clinic-not-active"


def test_expiry_is_rechecked_on_a_cache_hit(clinic, monkeypatch, django_assert_num_queries):
    key = ApiKeyFactory(clinic=clinic, expires_at=timezone.now() + timedelta(hours=1))
    client = client_for(key)
    assert client.get(WHOAMI).status_code == 200
    two_hours_later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr("django.utils.timezone.now", lambda: two_hours_later)

    with django_assert_num_queries(0):  # answered from the cache, not the database
        response = client.get(WHOAMI)

    assert response.status_code == 403
    assert problem_type(response) == "api-key-expired"


def test_use_is_recorded_as_last_used(api, api_key):
    assert api_key.last_used_at is None

    api.get(WHOAMI)

    api_key.refresh_from_db()
    assert api_key.last_used_at is not None


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
)
def test_key_cache_outage_falls_back_to_the_database(api, clinic, caplog):
    response = api.get(WHOAMI)

    assert response.status_code == 200
    assert response.json()["clinic"] == clinic.slug
    assert "api key cache unavailable (ConnectionError)" in caplog.text
