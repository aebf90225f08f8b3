"""Fixtures of the appointment API tests."""

from __future__ import annotations

import datetime as dt

import pytest

from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.tests.factories import AppointmentFactory, VisitTypeFactory, next_weekday_at


@pytest.fixture
def provider(clinic):
    return ProviderFactory(clinic=clinic, default_appointment_minutes=20)


@pytest.fixture
def patient(clinic):
    return PatientFactory(clinic=clinic)


@pytest.fixture
def slot():
    return next_weekday_at(14)


@pytest.fixture
def demo_clinic(clinic):
    """A clinic like the demo: two providers, a visit type, a returning patient with an
    appointment, and two patients who share a name and date of birth."""
    clinic.address_line1, clinic.city, clinic.state = "12 Main Street", "Ithaca", "NY"
    clinic.save()
    lee = ProviderFactory(clinic=clinic, first_name="Ana", last_name="Lee", specialty="Family Medicine")
    ProviderFactory(clinic=clinic, first_name="Raj", last_name="Patel", specialty="Dermatology")
    VisitTypeFactory(clinic=clinic, name="Annual physical", minutes=30)
    jane = PatientFactory(
        clinic=clinic, first_name="Jane", last_name="Doe", date_of_birth=dt.date(1980, 3, 4), phone="+16075550101"
    )
    AppointmentFactory(clinic=clinic, provider=lee, patient=jane, start_at=next_weekday_at(10, days_ahead=9))
    # Two patients share a name and date of birth: never booked against by name alone.
    for phone in ("+16075550111", "+16075550112"):
        PatientFactory(
            clinic=clinic, first_name="Sam", last_name="Twin", date_of_birth=dt.date(1990, 1, 1), phone=phone
        )
    return clinic
