"""Every write to clinics, keys, providers and patients. Each records an audit event in
the same transaction; `object_save` and `object_delete` serve the admin and other apps'
generic edits so that nothing is written without its audit row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from clinics.audit import Actor, audit_record
from clinics.identity import IdentityOutcome
from clinics.models import ApiKey, AuditEvent, Clinic, Membership, Patient, Provider, SoftDeleteModel
from clinics.models.api_keys import KEY_PATTERN, PREFIX_LENGTH, generate_raw_key, hash_key
from clinics.selectors import patient_verify
from clinics.validators import normalize_phone
from nuvae.lib.problems import DomainConflict

M = TypeVar("M", bound=models.Model)

API_KEY_CACHE_PREFIX = "apikey:"


def _clinic_of(instance: models.Model) -> Clinic | None:
    if isinstance(instance, Clinic):
        return instance
    return getattr(instance, "clinic", None)


def object_save(*, actor: Actor, instance: M, changed_fields: Iterable[str] | None = None) -> M:
    """Validate and save a model instance with a CREATE or UPDATE audit event.

    Only field names are recorded, never their values (they may be PHI).
    """
    creating = instance._state.adding
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            clinic=_clinic_of(instance),
            resource=instance,
            details={} if creating else {"fields": sorted(set(changed_fields or []))},
        )
    return instance


def object_delete(*, actor: Actor, instance: models.Model) -> None:
    """Soft-delete clinical and financial rows; hard-delete the rest. Audited either way."""
    with transaction.atomic():
        audit_record(
            actor=actor, action=AuditEvent.Action.DELETE, clinic=_clinic_of(instance), resource=instance,
            details={"soft": isinstance(instance, SoftDeleteModel)},
        )
        if isinstance(instance, SoftDeleteModel):
            instance.soft_delete()
        else:
            instance.delete()


def object_update(*, actor: Actor, instance: M, data: Mapping[str, Any]) -> M:
    changed = [name for name, value in data.items() if getattr(instance, name) != value]
    for name, value in data.items():
        setattr(instance, name, value)
    if not changed:
        return instance
    return object_save(actor=actor, instance=instance, changed_fields=changed)


# --- clinics ------------------------------------------------------------------------


def clinic_create(*, actor: Actor, name: str, slug: str, **fields: Any) -> Clinic:
    return object_save(actor=actor, instance=Clinic(name=name, slug=slug, **fields))


def clinic_update(*, actor: Actor, clinic: Clinic, data: Mapping[str, Any]) -> Clinic:
    clinic = object_update(actor=actor, instance=clinic, data=data)
    # Cached key lookups carry the clinic (its status, tier, time zone): drop them so a
    # suspension or a tier change bites on the next request.
    transaction.on_commit(lambda: _forget_clinic_keys(clinic))
    return clinic


def membership_create(*, actor: Actor, clinic: Clinic, user: Any, role: str) -> Membership:
    return object_save(actor=actor, instance=Membership(clinic=clinic, user=user, role=role))


# --- API keys -----------------------------------------------------------------------


def api_key_create(
    *,
    actor: Actor,
    clinic: Clinic,
    name: str,
    environment: str = ApiKey.Environment.LIVE,
    expires_at: datetime | None = None,
    raw_key: str | None = None,
) -> tuple[ApiKey, str]:
    """Create a key and return it with its raw value, which is never stored or shown again.

    `raw_key` lets the demo seed use a stable, documented key; real keys are random.
    """
    raw = raw_key or generate_raw_key(environment)
    if not KEY_PATTERN.match(raw) or not raw.startswith(f"ar_{environment}_"):
        # Authentication refuses anything else as malformed, so such a key could never work.
        raise ValidationError({"raw_key": f"The key must be ar_{environment}_ and 43 url-safe characters."})
    key = ApiKey(
        clinic=clinic,
        name=name,
        environment=environment,
        prefix=raw[:PREFIX_LENGTH],
        key_hash=hash_key(raw),
        created_by=actor.user if actor.user_id is not None else None,
        expires_at=expires_at,
    )
    key.full_clean()
    with transaction.atomic():
        key.save()
        audit_record(
            actor=actor, action=AuditEvent.Action.API_KEY_CREATED, clinic=clinic, resource=key,
            details={"environment": environment, "prefix": key.prefix},
        )
    return key, raw


def api_key_revoke(*, actor: Actor, api_key: ApiKey) -> ApiKey:
    """Revoke once: a second call (even with a stale instance, even concurrently) is a no-op."""
    with transaction.atomic():
        locked = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at", "updated_at"])
            audit_record(
                actor=actor, action=AuditEvent.Action.API_KEY_REVOKED, clinic=locked.clinic, resource=locked,
                severity=AuditEvent.Severity.WARNING,
            )
            transaction.on_commit(lambda: cache.delete(API_KEY_CACHE_PREFIX + locked.key_hash))
    api_key.revoked_at, api_key.updated_at = locked.revoked_at, locked.updated_at
    return api_key


def api_key_touch(*, api_key_id: Any) -> None:
    """Record use at most once a minute per key so that auth does not write on every request."""
    if cache.add(f"apikey-touch:{api_key_id}", 1, timeout=60):
        ApiKey.objects.filter(pk=api_key_id).update(last_used_at=timezone.now())


def _forget_clinic_keys(clinic: Clinic) -> None:
    hashes = ApiKey.objects.filter(clinic=clinic).values_list("key_hash", flat=True)
    cache.delete_many([API_KEY_CACHE_PREFIX + h for h in hashes])


# --- providers and patients ---------------------------------------------------------


# A duplicate NPI or MRN is refused by `full_clean`, except when two writers check at the
# same moment: then the database's unique index decides, and the loser must get the same
# field error, not a 500 whose logged text quotes the value (an MRN).
# Each is recognised by the constraint's name (PostgreSQL) or its column (SQLite).
_UNIQUE_PER_CLINIC = [
    ("provider_npi_unique_per_clinic", f"{Provider._meta.db_table}.npi", "npi",
     "Another provider of this clinic has this NPI."),
    ("patient_mrn_unique_per_clinic", f"{Patient._meta.db_table}.mrn", "mrn",
     "Another patient of this clinic has this MRN."),
]


@contextmanager
def _unique_race_as_field_error() -> Iterator[None]:
    try:
        yield
    except IntegrityError as exc:
        text = str(exc)
        for constraint, column, field, message in _UNIQUE_PER_CLINIC:
            if constraint in text or column in text:
                raise ValidationError({field: ValidationError(message, code="unique")}) from None
        raise


def provider_create(*, actor: Actor, clinic: Clinic, **fields: Any) -> Provider:
    with _unique_race_as_field_error():
        return object_save(actor=actor, instance=Provider(clinic=clinic, **fields))


def provider_update(*, actor: Actor, provider: Provider, data: Mapping[str, Any]) -> Provider:
    with _unique_race_as_field_error():
        return object_update(actor=actor, instance=provider, data=data)


def provider_delete(*, actor: Actor, provider: Provider) -> None:
    object_delete(actor=actor, instance=provider)


def patient_create(*, actor: Actor, clinic: Clinic, **fields: Any) -> Patient:
    with _unique_race_as_field_error():
        return object_save(actor=actor, instance=Patient(clinic=clinic, **fields))


class PatientAlreadyExists(DomainConflict):
    """Registering someone who is already a patient (same name and date of birth)."""

    slug = "patient-exists"


def patient_register(
    *, actor: Actor, clinic: Clinic, first_name: str, last_name: str, date_of_birth: date, phone: str,
    **fields: Any,
) -> Patient:
    """Create a new patient from what a new caller gives: name, date of birth and phone.

    Names are stored as typed (spacing tidied); the phone in E.164 (ValidationError if it
    is not one). Refused with `PatientAlreadyExists` when a patient with the same
    normalised name and date of birth exists: verify them instead of making a duplicate.
    """
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    errors = {name: "This is required." for name, value in (("first_name", first_name), ("last_name", last_name),
                                                             ("phone", phone.strip())) if not value}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # One registration at a time per clinic, so two at once cannot both pass the check.
        Clinic.objects.select_for_update().filter(pk=clinic.pk).first()
        found = patient_verify(clinic=clinic, date_of_birth=date_of_birth, full_name=f"{first_name} {last_name}")
        if found.outcome != IdentityOutcome.NOT_FOUND:
            raise PatientAlreadyExists("A patient with this name and date of birth is already registered.")
        return patient_create(
            actor=actor, clinic=clinic, first_name=first_name, last_name=last_name, date_of_birth=date_of_birth,
            phone=normalize_phone(phone), **fields,
        )


def patient_update(*, actor: Actor, patient: Patient, data: Mapping[str, Any]) -> Patient:
    with _unique_race_as_field_error():
        return object_update(actor=actor, instance=patient, data=data)


def patient_delete(*, actor: Actor, patient: Patient) -> None:
    object_delete(actor=actor, instance=patient)


# --- API idempotency records --------------------------------------------------------


def idempotency_records_purge(*, older_than: datetime) -> int:
    """Delete idempotency records created before `older_than`; returns how many.

    They hold copies of API responses (which can contain PHI), so they are kept only as
    long as a client may retry. Housekeeping, not a change to clinic data: not audited.
    """
    from clinics.models import IdempotencyRecord

    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=older_than).delete()
    return deleted
