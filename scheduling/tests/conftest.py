"""Fixtures of the appointment API tests."""

from __future__ import annotations

import pytest

from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.tests.factories import next_weekday_at


@pytest.fixture
def provider(clinic):
    return ProviderFactory(clinic=clinic, default_appointment_minutes=20)


@pytest.fixture
def patient(clinic):
    return PatientFactory(clinic=clinic)


@pytest.fixture
def slot():
    return next_weekday_at(14)
