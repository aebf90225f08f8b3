from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from clinics.tests.factories import ClinicFactory, PatientFactory, ProviderFactory
from scheduling.models import Appointment, VisitType


def next_weekday_at(hour: int, days_ahead: int = 7) -> dt.datetime:
    """An aware datetime `days_ahead` days from now at `hour`:00 UTC, moved to a Monday-Friday."""
    day = (timezone.now() + dt.timedelta(days=days_ahead)).replace(hour=hour, minute=0, second=0, microsecond=0)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


class VisitTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitType

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Visit type {n}")
    minutes = 30


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    clinic = factory.SubFactory(ClinicFactory)
    provider = factory.SubFactory(ProviderFactory, clinic=factory.SelfAttribute("..clinic"))
    patient = factory.SubFactory(PatientFactory, clinic=factory.SelfAttribute("..clinic"))
    start_at = factory.LazyFunction(lambda: next_weekday_at(14))
    duration_minutes = 30
    end_at = factory.LazyAttribute(lambda o: o.start_at + dt.timedelta(minutes=o.duration_minutes))
    reason = "Follow-up"
