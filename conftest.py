"""Fixtures shared by every app's tests. App-specific ones live in `<app>/tests/`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from clinics.models import Clinic
from clinics.tests.factories import ApiKeyFactory, ClinicFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _clean_cache() -> Any:
    # The cache is real (Redis in CI, on a database reserved for tests): clear it so rate
    # limits, key lookups and idempotency from one test never leak into the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clinic(db: Any) -> Clinic:
    return ClinicFactory.create(slug="alpha", name="Alpha Family Practice")


@pytest.fixture
def other_clinic(db: Any) -> Clinic:
    return ClinicFactory.create(slug="beta", name="Beta Internal Medicine")


@pytest.fixture
def api_key(clinic: Clinic) -> Any:
    return ApiKeyFactory(clinic=clinic)


@pytest.fixture
def other_api_key(other_clinic: Clinic) -> Any:
    return ApiKeyFactory(clinic=other_clinic)


def client_for(key: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key.raw}")
    return client


@pytest.fixture
def api(api_key: Any) -> APIClient:
    """A DRF client authenticated with the `clinic` fixture's API key."""
    return client_for(api_key)


@pytest.fixture
def other_api(other_api_key: Any) -> APIClient:
    return client_for(other_api_key)


@pytest.fixture
def staff_user(clinic: Clinic) -> Any:
    """A staff user (admin role) of `clinic` only."""
    user = UserFactory(username="alpha-admin")
    MembershipFactory(user=user, clinic=clinic)
    return user


@pytest.fixture
def superuser(db: Any) -> Any:
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def celery_eager() -> Any:
    """Run tasks queued with `.delay()` in this process for one test, also where Redis is the
    broker (CI): such a test checks what the task does, not the broker's delivery."""
    from nuvae.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
