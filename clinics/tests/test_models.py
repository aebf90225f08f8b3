"""Invariants of clinics, keys, providers and patients, through full_clean and the database."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinics.models import ApiKey, Clinic, Patient, Provider
from clinics.models.clinic import default_business_hours
from clinics.tests.factories import ApiKeyFactory, ClinicFactory, PatientFactory, ProviderFactory

pytestmark = pytest.mark.django_db

VALID_NPI = "1234567893"


def _errors(instance: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()  # type: ignore[attr-defined]
    return caught.value.message_dict


# --- Clinic ------------------------------------------------------------------------------


def test_clinic_default_business_hours_pass_validation() -> None:
    clinic = ClinicFactory.build(business_hours=default_business_hours())
    clinic.full_clean()


def test_clinic_business_hours_with_unknown_weekday_fail_full_clean() -> None:
    clinic = ClinicFactory.build(business_hours={"funday": [["09:00", "17:00"]]})
    assert list(_errors(clinic)) == ["business_hours"]


def test_clinic_business_hours_with_overlap_fail_full_clean() -> None:
    clinic = ClinicFactory.build(business_hours={"mon": [["09:00", "13:00"], ["12:30", "17:00"]]})
    assert list(_errors(clinic)) == ["business_hours"]


def test_clinic_business_hours_that_are_a_list_fail_full_clean() -> None:
    clinic = ClinicFactory.build(business_hours=[["09:00", "17:00"]])
    assert list(_errors(clinic)) == ["business_hours"]


def test_clinic_with_unknown_timezone_fails_full_clean() -> None:
    clinic = ClinicFactory.build(timezone="Mars/Base")
    assert list(_errors(clinic)) == ["timezone"]


def test_clinic_with_a_timezone_directory_name_fails_full_clean_not_crashes() -> None:
    clinic = ClinicFactory.build(timezone="America")
    assert list(_errors(clinic)) == ["timezone"]


def test_clinic_tzinfo_is_the_zone_it_names() -> None:
    clinic = ClinicFactory.build(timezone="America/Chicago")
    assert clinic.tzinfo == zoneinfo.ZoneInfo("America/Chicago")


def test_clinic_tzinfo_gives_local_wall_time_with_dst() -> None:
    clinic = ClinicFactory.build(timezone="America/New_York")
    summer = dt.datetime(2026, 7, 1, 16, 0, tzinfo=dt.UTC).astimezone(clinic.tzinfo)
    winter = dt.datetime(2026, 1, 15, 16, 0, tzinfo=dt.UTC).astimezone(clinic.tzinfo)
    assert (summer.hour, winter.hour) == (12, 11)


def test_clinic_clean_normalises_phone_to_e164() -> None:
    clinic = ClinicFactory.build(phone="(202) 555-0143")
    clinic.full_clean()
    assert clinic.phone == "+12025550143"


def test_clinic_invalid_phone_is_reported_once_against_the_field() -> None:
    clinic = ClinicFactory.build(phone="call us")
    errors = _errors(clinic)
    assert list(errors) == ["phone"]
    assert len(errors["phone"]) == 1


@pytest.mark.parametrize(
    ("tier", "limit"),
    [
        (Clinic.RateLimitTier.FREE, 10),
        (Clinic.RateLimitTier.STANDARD, 60),
        (Clinic.RateLimitTier.PROFESSIONAL, 200),
        (Clinic.RateLimitTier.ENTERPRISE, 1000),
        (Clinic.RateLimitTier.UNLIMITED, None),
    ],
)
def test_clinic_rate_limit_per_minute_follows_the_tier(tier: str, limit: int | None) -> None:
    assert ClinicFactory.build(rate_limit_tier=tier).rate_limit_per_minute == limit


def test_every_rate_limit_tier_has_a_limit_entry() -> None:
    assert set(Clinic.TIER_LIMITS) == set(Clinic.RateLimitTier.values)


def test_clinic_defaults_match_the_specification() -> None:
    clinic = Clinic(name="New", slug="new")
    assert (clinic.status, clinic.rate_limit_tier, clinic.default_reminder_hours, clinic.timezone) == (
        Clinic.Status.ACTIVE,
        Clinic.RateLimitTier.STANDARD,
        24,
        "America/New_York",
    )


def test_clinic_is_active_only_when_status_is_active() -> None:
    assert [ClinicFactory.build(status=s).is_active for s in Clinic.Status.values] == [True, False, False]


def test_clinic_slug_is_unique_in_the_database() -> None:
    ClinicFactory.create(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClinicFactory.create(slug="same")


def test_clinic_slug_is_unique_in_full_clean() -> None:
    ClinicFactory.create(slug="same")
    assert list(_errors(ClinicFactory.build(slug="same"))) == ["slug"]


def test_clinic_reminder_hours_beyond_two_weeks_are_refused_by_the_database() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ClinicFactory.create(default_reminder_hours=337)


# --- ApiKey -------------------------------------------------------------------------------


def test_api_key_is_usable_when_not_revoked_or_expired(clinic: Clinic) -> None:
    key = ApiKeyFactory.create(clinic=clinic, expires_at=timezone.now() + dt.timedelta(days=1))
    assert (key.is_usable, key.is_revoked, key.is_expired) == (True, False, False)


def test_api_key_without_expiry_never_expires(clinic: Clinic) -> None:
    assert ApiKeyFactory.create(clinic=clinic, expires_at=None).is_expired is False


def test_revoked_api_key_is_not_usable(clinic: Clinic) -> None:
    key = ApiKeyFactory.create(clinic=clinic, revoked_at=timezone.now())
    assert (key.is_revoked, key.is_usable) == (True, False)


def test_expired_api_key_is_not_usable(clinic: Clinic) -> None:
    key = ApiKeyFactory.create(clinic=clinic, expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert (key.is_expired, key.is_usable) == (True, False)


def test_api_key_hash_is_unique(clinic: Clinic, other_clinic: Clinic) -> None:
    key = ApiKeyFactory.create(clinic=clinic)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiKey.objects.create(clinic=other_clinic, name="copy", prefix=key.prefix, key_hash=key.key_hash)


# --- Provider -----------------------------------------------------------------------------


def test_provider_with_valid_npi_and_schedule_passes_full_clean(clinic: Clinic) -> None:
    ProviderFactory.build(clinic=clinic, npi=VALID_NPI).full_clean()


def test_provider_with_bad_npi_check_digit_fails_full_clean(clinic: Clinic) -> None:
    assert list(_errors(ProviderFactory.build(clinic=clinic, npi="1234567890"))) == ["npi"]


def test_provider_without_npi_passes_full_clean(clinic: Clinic) -> None:
    ProviderFactory.build(clinic=clinic, npi="").full_clean()


def test_provider_weekly_schedule_with_bad_time_fails_full_clean(clinic: Clinic) -> None:
    provider = ProviderFactory.build(clinic=clinic, weekly_schedule={"mon": [["9am", "5pm"]]})
    assert list(_errors(provider)) == ["weekly_schedule"]


def test_provider_weekly_schedule_ending_before_start_fails_full_clean(clinic: Clinic) -> None:
    provider = ProviderFactory.build(clinic=clinic, weekly_schedule={"mon": [["17:00", "09:00"]]})
    assert list(_errors(provider)) == ["weekly_schedule"]


def test_provider_weekly_schedule_with_a_non_list_day_fails_full_clean(clinic: Clinic) -> None:
    provider = ProviderFactory.build(clinic=clinic, weekly_schedule={"mon": {"start": "09:00"}})
    assert list(_errors(provider)) == ["weekly_schedule"]


def test_provider_empty_weekly_schedule_is_allowed(clinic: Clinic) -> None:
    ProviderFactory.build(clinic=clinic, weekly_schedule={}).full_clean()


def test_provider_clean_normalises_phone(clinic: Clinic) -> None:
    provider = ProviderFactory.build(clinic=clinic, phone="202.555.0177")
    provider.full_clean()
    assert provider.phone == "+12025550177"


def test_provider_defaults_match_the_specification(clinic: Clinic) -> None:
    provider = Provider(clinic=clinic, first_name="A", last_name="B")
    assert (provider.status, provider.default_appointment_minutes, provider.accepting_new_patients) == (
        Provider.Status.ACTIVE,
        30,
        True,
    )


def test_provider_npi_is_unique_per_clinic_in_the_database(clinic: Clinic) -> None:
    ProviderFactory.create(clinic=clinic, npi=VALID_NPI)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderFactory.create(clinic=clinic, npi=VALID_NPI)


def test_provider_npi_is_unique_per_clinic_in_full_clean(clinic: Clinic) -> None:
    ProviderFactory.create(clinic=clinic, npi=VALID_NPI)
    assert "__all__" in _errors(ProviderFactory.build(clinic=clinic, npi=VALID_NPI))


def test_same_npi_may_work_for_two_clinics(clinic: Clinic, other_clinic: Clinic) -> None:
    ProviderFactory.create(clinic=clinic, npi=VALID_NPI)
    ProviderFactory.create(clinic=other_clinic, npi=VALID_NPI)
    assert Provider.objects.filter(npi=VALID_NPI).count() == 2


def test_npi_of_a_soft_deleted_provider_can_be_reused(clinic: Clinic) -> None:
    ProviderFactory.create(clinic=clinic, npi=VALID_NPI).soft_delete()
    replacement = ProviderFactory.build(clinic=clinic, npi=VALID_NPI)
    replacement.full_clean()
    replacement.save()
    assert Provider.all_objects.filter(clinic=clinic, npi=VALID_NPI).count() == 2


def test_providers_without_npi_do_not_collide(clinic: Clinic) -> None:
    ProviderFactory.create(clinic=clinic, npi="")
    ProviderFactory.create(clinic=clinic, npi="")
    assert Provider.objects.filter(clinic=clinic, npi="").count() == 2


def test_provider_default_minutes_outside_range_refused_by_the_database(clinic: Clinic) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderFactory.create(clinic=clinic, default_appointment_minutes=2)


# --- Patient ------------------------------------------------------------------------------


def test_patient_clean_normalises_phone_to_e164(clinic: Clinic) -> None:
    patient = PatientFactory.build(clinic=clinic, phone="(202) 555-0199")
    patient.full_clean()
    assert patient.phone == "+12025550199"


def test_patient_invalid_phone_is_a_field_error(clinic: Clinic) -> None:
    errors = _errors(PatientFactory.build(clinic=clinic, phone="555"))
    assert list(errors) == ["phone"]


def test_patient_blank_phone_is_allowed(clinic: Clinic) -> None:
    patient = PatientFactory.build(clinic=clinic, phone="")
    patient.full_clean()
    assert patient.phone == ""


def test_patient_mrn_is_unique_per_clinic_in_the_database(clinic: Clinic) -> None:
    PatientFactory.create(clinic=clinic, mrn="MRN-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        PatientFactory.create(clinic=clinic, mrn="MRN-1")


def test_patient_mrn_is_unique_per_clinic_in_full_clean(clinic: Clinic) -> None:
    PatientFactory.create(clinic=clinic, mrn="MRN-1")
    assert "__all__" in _errors(PatientFactory.build(clinic=clinic, mrn="MRN-1"))


def test_same_mrn_in_two_clinics_is_allowed(clinic: Clinic, other_clinic: Clinic) -> None:
    PatientFactory.create(clinic=clinic, mrn="MRN-1")
    PatientFactory.create(clinic=other_clinic, mrn="MRN-1")
    assert Patient.objects.filter(mrn="MRN-1").count() == 2


def test_patients_without_mrn_do_not_collide(clinic: Clinic) -> None:
    PatientFactory.create(clinic=clinic, mrn="")
    PatientFactory.create(clinic=clinic, mrn="")
    assert Patient.objects.filter(clinic=clinic, mrn="").count() == 2


def test_mrn_of_a_soft_deleted_patient_can_be_reused(clinic: Clinic) -> None:
    PatientFactory.create(clinic=clinic, mrn="MRN-1").soft_delete()
    PatientFactory.create(clinic=clinic, mrn="MRN-1")
    assert Patient.all_objects.filter(clinic=clinic, mrn="MRN-1").count() == 2


def test_patient_full_name_joins_names(clinic: Clinic) -> None:
    assert PatientFactory.build(clinic=clinic, first_name="Ada", last_name="Lovelace").full_name == "Ada Lovelace"
