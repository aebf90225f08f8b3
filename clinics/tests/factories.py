from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model

from clinics.models import ApiKey, Clinic, Membership, Patient, Provider
from clinics.models.api_keys import PREFIX_LENGTH, generate_raw_key, hash_key
from clinics.validators import npi_check_digit

WEEKDAY_SCHEDULE = {d: [["09:00", "12:00"], ["13:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")
    email = factory.LazyAttribute(lambda o: f"desk@{o.slug}.example.org")
    phone = "+12025550100"
    timezone = "America/New_York"
    rate_limit_tier = Clinic.RateLimitTier.STANDARD


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    clinic = factory.SubFactory(ClinicFactory)
    role = Membership.Role.ADMIN


class ApiKeyFactory(factory.django.DjangoModelFactory):
    """Creates a key; the raw value is available as `key.raw` on the built instance."""

    class Meta:
        model = ApiKey

    clinic = factory.SubFactory(ClinicFactory)
    name = "Test key"
    environment = ApiKey.Environment.TEST

    @classmethod
    def _create(cls, model_class: type[ApiKey], *args: Any, **kwargs: Any) -> ApiKey:
        raw = generate_raw_key(kwargs.get("environment", ApiKey.Environment.TEST))
        kwargs["prefix"], kwargs["key_hash"] = raw[:PREFIX_LENGTH], hash_key(raw)
        instance = super()._create(model_class, *args, **kwargs)
        instance.raw = raw  # type: ignore[attr-defined]
        return instance


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    clinic = factory.SubFactory(ClinicFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    title = "MD"
    specialty = "Family Medicine"
    npi = factory.Sequence(lambda n: (base := f"1{n:08d}") + npi_check_digit(base))
    weekly_schedule = factory.LazyFunction(lambda: {k: [list(i) for i in v] for k, v in WEEKDAY_SCHEDULE.items()})


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    clinic = factory.SubFactory(ClinicFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_between", start_date=dt.date(1940, 1, 1), end_date=dt.date(2015, 12, 31))
    phone = factory.Sequence(lambda n: f"+1202555{n % 10000:04d}")
    mrn = factory.Sequence(lambda n: f"MRN{n:06d}")
