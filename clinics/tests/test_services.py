"""Audited writes: object_save / object_update / object_delete and the API-key services."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinics.audit import Actor
from clinics.models import ApiKey, AuditEvent, Clinic, Membership, Patient, Provider
from clinics.models.api_keys import KEY_PATTERN
from clinics.services import (
    API_KEY_CACHE_PREFIX,
    api_key_create,
    api_key_revoke,
    clinic_create,
    clinic_update,
    membership_create,
    object_delete,
    object_save,
    object_update,
    patient_create,
    provider_create,
    provider_delete,
)
from clinics.tests.factories import ApiKeyFactory, PatientFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def _only_event(**filters: Any) -> AuditEvent:
    return AuditEvent.objects.get(**filters)


# --- object_save ------------------------------------------------------------------------------


def test_object_save_of_a_new_row_records_create(clinic: Clinic) -> None:
    provider = object_save(actor=Actor.system(), instance=ProviderFactory.build(clinic=clinic))
    event = _only_event(resource_id=str(provider.pk))
    assert (event.action, event.resource_type, event.clinic_id) == ("CREATE", "clinics.Provider", clinic.pk)


def test_object_save_of_an_existing_row_records_update_with_field_names(clinic: Clinic) -> None:
    provider = ProviderFactory.create(clinic=clinic)
    provider.bio = "Sees children."
    object_save(actor=Actor.system(), instance=provider, changed_fields=["bio"])
    event = _only_event(resource_id=str(provider.pk))
    assert (event.action, event.details) == ("UPDATE", {"fields": ["bio"]})


def test_object_save_by_a_user_records_the_user(clinic: Clinic, staff_user: Any) -> None:
    object_save(actor=Actor.for_user(staff_user), instance=PatientFactory.build(clinic=clinic))
    event = _only_event(action="CREATE")
    assert (event.actor_type, event.actor_user_id, event.actor_api_key_id) == ("user", staff_user.pk, None)


def test_object_save_by_an_api_key_records_the_key(clinic: Clinic, api_key: ApiKey) -> None:
    object_save(actor=Actor.for_api_key(api_key), instance=PatientFactory.build(clinic=clinic))
    event = _only_event(action="CREATE")
    assert (event.actor_type, event.actor_api_key_id, event.actor_user_id) == ("api_key", api_key.pk, None)
    assert event.actor_label == f"api key {api_key.prefix}"


def test_object_save_by_the_system_records_no_user_or_key(clinic: Clinic) -> None:
    object_save(actor=Actor.system("nightly import"), instance=PatientFactory.build(clinic=clinic))
    event = _only_event(action="CREATE")
    assert (event.actor_type, event.actor_user_id, event.actor_api_key_id, event.actor_label) == (
        "system", None, None, "nightly import",
    )


def test_object_save_of_a_clinic_records_the_clinic_itself() -> None:
    clinic = clinic_create(actor=Actor.system(), name="Gamma Pediatrics", slug="gamma")
    assert _only_event(action="CREATE").clinic_id == clinic.pk


def test_object_save_that_fails_full_clean_raises_and_writes_nothing(clinic: Clinic) -> None:
    with pytest.raises(ValidationError) as caught:
        object_save(actor=Actor.system(), instance=ProviderFactory.build(clinic=clinic, npi="1234567890"))
    assert list(caught.value.message_dict) == ["npi"]
    assert (Provider.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_object_save_normalises_through_clean(clinic: Clinic) -> None:
    patient = object_save(actor=Actor.system(), instance=PatientFactory.build(clinic=clinic, phone="(202) 555-0111"))
    assert Patient.objects.get(pk=patient.pk).phone == "+12025550111"


# --- object_update ------------------------------------------------------------------------------


def test_object_update_saves_and_records_changed_fields_only(clinic: Clinic) -> None:
    provider = ProviderFactory.create(clinic=clinic, title="MD", specialty="Family Medicine")
    object_update(actor=Actor.system(), instance=provider, data={"title": "DO", "specialty": "Family Medicine"})
    assert Provider.objects.get(pk=provider.pk).title == "DO"
    assert _only_event(action="UPDATE").details == {"fields": ["title"]}


def test_object_update_without_changes_writes_no_event(clinic: Clinic) -> None:
    provider = ProviderFactory.create(clinic=clinic, title="MD")
    object_update(actor=Actor.system(), instance=provider, data={"title": "MD"})
    assert AuditEvent.objects.count() == 0


def test_object_update_with_invalid_data_raises_and_writes_nothing(clinic: Clinic) -> None:
    provider = ProviderFactory.create(clinic=clinic, weekly_schedule={})
    with pytest.raises(ValidationError):
        object_update(actor=Actor.system(), instance=provider, data={"weekly_schedule": {"someday": []}})
    assert Provider.objects.get(pk=provider.pk).weekly_schedule == {}
    assert AuditEvent.objects.count() == 0


def test_clinic_update_records_the_clinic_and_changed_fields(clinic: Clinic, staff_user: Any) -> None:
    clinic_update(actor=Actor.for_user(staff_user), clinic=clinic, data={"status": Clinic.Status.SUSPENDED})
    event = _only_event(action="UPDATE")
    assert (event.clinic_id, event.details, event.actor_user_id) == (clinic.pk, {"fields": ["status"]}, staff_user.pk)


def test_clinic_suspension_drops_cached_key_lookups(
    clinic: Clinic, api_key: ApiKey, django_capture_on_commit_callbacks: Any
) -> None:
    cache.set(API_KEY_CACHE_PREFIX + api_key.key_hash, "cached", 60)
    with django_capture_on_commit_callbacks(execute=True):
        clinic_update(actor=Actor.system(), clinic=clinic, data={"status": Clinic.Status.SUSPENDED})
    assert cache.get(API_KEY_CACHE_PREFIX + api_key.key_hash) is None


def test_membership_create_is_audited(clinic: Clinic) -> None:
    user = UserFactory.create()
    membership = membership_create(actor=Actor.system(), clinic=clinic, user=user, role=Membership.Role.BILLER)
    assert _only_event(action="CREATE").resource_id == str(membership.pk)


# --- object_delete ------------------------------------------------------------------------------


def test_object_delete_of_a_soft_delete_model_soft_deletes(clinic: Clinic) -> None:
    provider = ProviderFactory.create(clinic=clinic)
    provider_delete(actor=Actor.system(), provider=provider)
    assert Provider.all_objects.get(pk=provider.pk).is_deleted is True


def test_object_delete_records_delete_with_soft_flag(clinic: Clinic, api_key: ApiKey) -> None:
    patient = PatientFactory.create(clinic=clinic)
    object_delete(actor=Actor.for_api_key(api_key), instance=patient)
    event = _only_event(action="DELETE")
    assert (event.resource_id, event.clinic_id, event.actor_api_key_id, event.details) == (
        str(patient.pk), clinic.pk, api_key.pk, {"soft": True},
    )


def test_object_delete_of_a_plain_model_hard_deletes(clinic: Clinic) -> None:
    membership = membership_create(actor=Actor.system(), clinic=clinic, user=UserFactory.create(), role="biller")
    membership_id = membership.pk
    object_delete(actor=Actor.system(), instance=membership)
    assert not Membership.objects.filter(pk=membership_id).exists()
    event = _only_event(action="DELETE")
    assert (event.resource_id, event.details) == (str(membership_id), {"soft": False})


# --- API keys -------------------------------------------------------------------------------------


def test_api_key_create_returns_a_raw_key_of_the_documented_format(clinic: Clinic) -> None:
    _, raw = api_key_create(actor=Actor.system(), clinic=clinic, name="EHR bridge")
    assert KEY_PATTERN.match(raw)
    assert raw.startswith("ar_live_")


def test_api_key_create_for_test_environment_uses_the_test_prefix(clinic: Clinic) -> None:
    key, raw = api_key_create(actor=Actor.system(), clinic=clinic, name="Sandbox", environment="test")
    assert raw.startswith("ar_test_")
    assert key.environment == ApiKey.Environment.TEST


def test_api_key_create_stores_only_the_sha256_hash_and_prefix(clinic: Clinic) -> None:
    key, raw = api_key_create(actor=Actor.system(), clinic=clinic, name="EHR bridge")
    stored = ApiKey.objects.get(pk=key.pk)
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.prefix == raw[:16]
    assert len(stored.prefix) == 16
    stored_text = " ".join(str(getattr(stored, f.attname)) for f in ApiKey._meta.concrete_fields)
    assert raw not in stored_text


def test_api_key_create_makes_a_different_key_each_time(clinic: Clinic) -> None:
    raws = {api_key_create(actor=Actor.system(), clinic=clinic, name=f"k{i}")[1] for i in range(3)}
    assert len(raws) == 3


def test_api_key_create_records_api_key_created_without_the_key(clinic: Clinic, staff_user: Any) -> None:
    key, raw = api_key_create(actor=Actor.for_user(staff_user), clinic=clinic, name="EHR bridge")
    event = _only_event(action=AuditEvent.Action.API_KEY_CREATED)
    assert (event.clinic_id, event.resource_id, event.actor_user_id) == (clinic.pk, str(key.pk), staff_user.pk)
    assert raw not in str(event.details)
    assert raw[16:] not in str(event.details)


def test_api_key_create_by_a_user_records_who_created_it(clinic: Clinic, staff_user: Any) -> None:
    key, _ = api_key_create(actor=Actor.for_user(staff_user), clinic=clinic, name="EHR bridge")
    assert ApiKey.objects.get(pk=key.pk).created_by_id == staff_user.pk


def test_api_key_create_accepts_a_given_well_formed_raw_key(clinic: Clinic) -> None:
    raw = "ar_test_" + "d" * 43
    key, returned = api_key_create(actor=Actor.system(), clinic=clinic, name="Demo", environment="test", raw_key=raw)
    assert (returned, key.key_hash) == (raw, hashlib.sha256(raw.encode()).hexdigest())


@pytest.mark.parametrize("raw", ["ar_test_short", "ar_live_" + "d" * 43, "ar_test_" + "d" * 42 + "!"])
def test_api_key_create_refuses_a_malformed_or_mismatched_raw_key(clinic: Clinic, raw: str) -> None:
    with pytest.raises(ValidationError):
        api_key_create(actor=Actor.system(), clinic=clinic, name="Demo", environment="test", raw_key=raw)
    assert (ApiKey.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_api_key_create_with_an_invalid_name_writes_nothing(clinic: Clinic) -> None:
    with pytest.raises(ValidationError):
        api_key_create(actor=Actor.system(), clinic=clinic, name="")
    assert (ApiKey.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_api_key_revoke_sets_revoked_at(clinic: Clinic) -> None:
    key = ApiKeyFactory.create(clinic=clinic)
    api_key_revoke(actor=Actor.system(), api_key=key)
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    assert key.is_usable is False


def test_api_key_revoke_records_api_key_revoked_as_warning(clinic: Clinic, api_key: ApiKey) -> None:
    api_key_revoke(actor=Actor.for_api_key(api_key), api_key=api_key)
    event = _only_event(action=AuditEvent.Action.API_KEY_REVOKED)
    assert (event.resource_id, event.clinic_id, event.severity) == (str(api_key.pk), clinic.pk, "warning")


def test_api_key_revoke_twice_keeps_the_first_time_and_one_event(clinic: Clinic) -> None:
    key = ApiKeyFactory.create(clinic=clinic)
    api_key_revoke(actor=Actor.system(), api_key=key)
    first = ApiKey.objects.get(pk=key.pk).revoked_at
    api_key_revoke(actor=Actor.system(), api_key=key)
    assert ApiKey.objects.get(pk=key.pk).revoked_at == first
    assert AuditEvent.objects.filter(action=AuditEvent.Action.API_KEY_REVOKED).count() == 1


def test_api_key_revoke_with_a_stale_instance_is_a_no_op(clinic: Clinic) -> None:
    key = ApiKeyFactory.create(clinic=clinic)
    stale = ApiKey.objects.get(pk=key.pk)
    api_key_revoke(actor=Actor.system(), api_key=key)
    first = ApiKey.objects.get(pk=key.pk).revoked_at
    api_key_revoke(actor=Actor.system(), api_key=stale)
    assert ApiKey.objects.get(pk=key.pk).revoked_at == first
    assert stale.revoked_at == first
    assert AuditEvent.objects.filter(action=AuditEvent.Action.API_KEY_REVOKED).count() == 1


def test_api_key_revoke_drops_the_cached_lookup(clinic: Clinic, django_capture_on_commit_callbacks: Any) -> None:
    key = ApiKeyFactory.create(clinic=clinic)
    cache.set(API_KEY_CACHE_PREFIX + key.key_hash, "cached", 60)
    with django_capture_on_commit_callbacks(execute=True):
        api_key_revoke(actor=Actor.system(), api_key=key)
    assert cache.get(API_KEY_CACHE_PREFIX + key.key_hash) is None


def test_expired_key_created_through_the_service_is_not_usable(clinic: Clinic) -> None:
    key, _ = api_key_create(
        actor=Actor.system(), clinic=clinic, name="Old", expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert key.is_usable is False


# --- providers and patients --------------------------------------------------------------------


def test_provider_create_rejects_a_duplicate_npi_in_the_clinic(clinic: Clinic) -> None:
    provider_create(actor=Actor.system(), clinic=clinic, first_name="A", last_name="B", npi="1234567893")
    with pytest.raises(ValidationError):
        provider_create(actor=Actor.system(), clinic=clinic, first_name="C", last_name="D", npi="1234567893")
    assert AuditEvent.objects.filter(action="CREATE").count() == 1


def test_patient_create_needs_a_date_of_birth(clinic: Clinic) -> None:
    with pytest.raises(ValidationError) as caught:
        patient_create(actor=Actor.system(), clinic=clinic, first_name="A", last_name="B")
    assert "date_of_birth" in caught.value.message_dict
