from __future__ import annotations

import datetime as dt
import zoneinfo

import factory
from django.utils import timezone

from clinics.tests.factories import ClinicFactory, PatientFactory, ProviderFactory
from scheduling.models import (
    Appointment,
    ClinicClosure,
    ConversationSession,
    HandoffRequest,
    ProviderTimeOff,
    VisitType,
)

# The factories' clinics are in New York; their providers work Monday to Friday,
# 09:00-12:00 and 13:00-17:00 (clinics.tests.factories.WEEKDAY_SCHEDULE).
FACTORY_TZ = zoneinfo.ZoneInfo("America/New_York")


def next_weekday_at(hour: int, days_ahead: int = 7, minute: int = 0) -> dt.datetime:
    """An aware datetime `days_ahead` days from now at `hour`:`minute` New York time (the
    factories' clinic zone), moved to a Monday-Friday: inside the factory providers' hours
    for hours 9-11 and 13-16."""
    day = timezone.localdate(timezone.now(), FACTORY_TZ) + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=FACTORY_TZ)


class VisitTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitType

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Visit type {n}")
    minutes = 30


class ClinicClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicClosure

    clinic = factory.SubFactory(ClinicFactory)
    name = "Staff training"
    start_date = factory.LazyFunction(lambda: next_weekday_at(9).date())
    end_date = factory.SelfAttribute("start_date")


class ProviderTimeOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderTimeOff

    clinic = factory.SubFactory(ClinicFactory)
    provider = factory.SubFactory(ProviderFactory, clinic=factory.SelfAttribute("..clinic"))
    starts_at = factory.LazyFunction(lambda: next_weekday_at(9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=8))
    reason = "Conference"


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


class ConversationSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationSession

    clinic = factory.SubFactory(ClinicFactory)
    state = "COLLECT_DATE"
    message_count = 2
    transcript = factory.LazyFunction(
        lambda: [
            {"role": "patient", "text": "Hi, this is [PERSON_1], I need an appointment"},
            {"role": "assistant", "text": "Which day suits you?"},
        ]
    )


class HandoffRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandoffRequest

    clinic = factory.SubFactory(ClinicFactory)
    conversation = factory.SubFactory(ConversationSessionFactory, clinic=factory.SelfAttribute("..clinic"))
    reason = HandoffRequest.Reason.REQUESTED
    transcript = factory.LazyAttribute(lambda o: list(o.conversation.transcript))
