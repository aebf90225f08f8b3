"""The clinic management commands: create_clinic, create_api_key, revoke_api_key."""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from clinics.audit import Actor
from clinics.models import ApiKey, AuditEvent, Clinic
from clinics.models.api_keys import KEY_PATTERN, hash_key
from clinics.services import api_key_create
from clinics.tests.factories import ApiKeyFactory

pytestmark = pytest.mark.django_db


def run(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# --- create_clinic -------------------------------------------------------------------


def test_create_clinic_creates_the_clinic_with_its_options() -> None:
    output = run(
        "create_clinic", "--name", "Lakeside Pediatrics", "--slug", "lakeside", "--timezone", "America/Chicago",
        "--tier", "professional", "--email", "desk@lakeside.example.org",
    )

    clinic = Clinic.objects.get(slug="lakeside")
    assert (clinic.name, clinic.timezone, clinic.rate_limit_tier, clinic.email) == (
        "Lakeside Pediatrics", "America/Chicago", "professional", "desk@lakeside.example.org"
    )
    assert "Created clinic Lakeside Pediatrics (slug lakeside" in output
    assert "create_api_key --clinic lakeside" in output


def test_create_clinic_records_an_audit_event_by_the_command() -> None:
    run("create_clinic", "--name", "Lakeside Pediatrics", "--slug", "lakeside")

    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, resource_type="clinics.Clinic")
    assert event.actor_type == AuditEvent.ActorType.SYSTEM
    assert event.actor_label == "manage.py create_clinic"


def test_create_clinic_refuses_a_slug_that_exists(clinic: Clinic) -> None:
    with pytest.raises(CommandError, match="A clinic with slug 'alpha' already exists"):
        run("create_clinic", "--name", "Another", "--slug", "alpha")


def test_create_clinic_refuses_an_unknown_time_zone_naming_the_field() -> None:
    with pytest.raises(CommandError, match="timezone: 'Mars/Olympus' is not an IANA time zone"):
        run("create_clinic", "--name", "Lakeside", "--slug", "lakeside", "--timezone", "Mars/Olympus")

    assert not Clinic.objects.filter(slug="lakeside").exists()


def test_create_clinic_refuses_an_invalid_slug() -> None:
    with pytest.raises(CommandError, match="slug:"):
        run("create_clinic", "--name", "Lakeside", "--slug", "lake side!")


def test_create_clinic_refuses_an_unknown_tier() -> None:
    with pytest.raises(CommandError, match="invalid choice: 'platinum'"):
        run("create_clinic", "--name", "Lakeside", "--slug", "lakeside", "--tier", "platinum")


# --- create_api_key ------------------------------------------------------------------


def test_create_api_key_prints_a_key_once_and_stores_only_its_hash(clinic: Clinic) -> None:
    output = run("create_api_key", "--clinic", "alpha", "--env", "live", "--name", "EHR sync")

    raw = output.strip().splitlines()[-1]
    key = ApiKey.objects.get(clinic=clinic)
    assert KEY_PATTERN.match(raw) and raw.startswith("ar_live_")
    assert key.key_hash == hash_key(raw)
    assert (key.name, key.environment, key.prefix) == ("EHR sync", "live", raw[:16])
    assert "cannot be shown again" in output


def test_create_api_key_makes_a_test_key_with_a_default_name(clinic: Clinic) -> None:
    raw = run("create_api_key", "--clinic", "alpha", "--env", "test").strip().splitlines()[-1]

    key = ApiKey.objects.get(key_hash=hash_key(raw))
    assert raw.startswith("ar_test_")
    assert key.name == "Created with manage.py"


def test_create_api_key_sets_an_expiry_in_days(clinic: Clinic) -> None:
    before = timezone.now()

    run("create_api_key", "--clinic", "alpha", "--env", "test", "--expires-days", "30")

    expires_at = ApiKey.objects.get(clinic=clinic).expires_at
    assert expires_at is not None
    assert 29 < (expires_at - before).total_seconds() / 86400 <= 30.01


def test_create_api_key_refuses_an_unknown_clinic(db: Any) -> None:
    with pytest.raises(CommandError, match="No clinic with slug 'nowhere'"):
        run("create_api_key", "--clinic", "nowhere", "--env", "test")


def test_create_api_key_refuses_an_unknown_environment(clinic: Clinic) -> None:
    with pytest.raises(CommandError, match="invalid choice: 'prod'"):
        run("create_api_key", "--clinic", "alpha", "--env", "prod")


def test_create_api_key_refuses_zero_expiry_days(clinic: Clinic) -> None:
    with pytest.raises(CommandError, match="--expires-days"):
        run("create_api_key", "--clinic", "alpha", "--env", "test", "--expires-days", "0")

    assert not ApiKey.objects.filter(clinic=clinic).exists()


# --- revoke_api_key ------------------------------------------------------------------


def test_revoke_api_key_by_prefix(api_key: Any) -> None:
    output = run("revoke_api_key", "--prefix", api_key.prefix)

    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert f"Revoked key {api_key.prefix}" in output


def test_revoke_api_key_by_a_shorter_unambiguous_prefix(api_key: Any) -> None:
    run("revoke_api_key", "--prefix", api_key.prefix[:12])

    api_key.refresh_from_db()
    assert api_key.is_revoked


def test_revoke_api_key_by_id_records_an_audit_event(api_key: Any) -> None:
    run("revoke_api_key", "--id", str(api_key.pk))

    event = AuditEvent.objects.get(action=AuditEvent.Action.API_KEY_REVOKED)
    assert event.resource_id == str(api_key.pk)
    assert event.actor_label == "manage.py revoke_api_key"


def test_revoke_api_key_refuses_an_ambiguous_prefix_and_revokes_nothing(clinic: Clinic) -> None:
    actor = Actor.system("test")
    for last in "AB":
        api_key_create(actor=actor, clinic=clinic, name=last, environment="test", raw_key="ar_test_Shared" + last * 37)

    with pytest.raises(CommandError, match="'ar_test_Shared' matches more than one key"):
        run("revoke_api_key", "--prefix", "ar_test_Shared")

    assert not ApiKey.objects.filter(revoked_at__isnull=False).exists()


def test_revoke_api_key_refuses_a_bare_environment_prefix(clinic: Clinic) -> None:
    ApiKeyFactory(clinic=clinic)

    with pytest.raises(CommandError, match="at least one more character"):
        run("revoke_api_key", "--prefix", "ar_test_")

    assert not ApiKey.objects.filter(revoked_at__isnull=False).exists()


def test_revoke_api_key_refuses_a_prefix_that_matches_nothing(api_key: Any) -> None:
    with pytest.raises(CommandError, match="No API key starts with"):
        run("revoke_api_key", "--prefix", "ar_live_zzzzzzzz")


def test_revoke_api_key_refuses_a_malformed_id(db: Any) -> None:
    with pytest.raises(CommandError, match="is not a key id"):
        run("revoke_api_key", "--id", "not-a-uuid")


def test_revoke_api_key_refuses_an_unknown_id(db: Any) -> None:
    with pytest.raises(CommandError, match="No API key with id"):
        run("revoke_api_key", "--id", str(uuid.uuid4()))


def test_revoke_api_key_needs_a_prefix_or_an_id(db: Any) -> None:
    with pytest.raises(CommandError, match="one of the arguments --prefix --id is required"):
        run("revoke_api_key")


def test_revoke_api_key_twice_says_so_and_keeps_the_first_revocation_time(api_key: Any) -> None:
    run("revoke_api_key", "--id", str(api_key.pk))
    api_key.refresh_from_db()
    first = api_key.revoked_at

    output = run("revoke_api_key", "--id", str(api_key.pk))

    api_key.refresh_from_db()
    assert "already revoked" in output
    assert api_key.revoked_at == first
    assert AuditEvent.objects.filter(action=AuditEvent.Action.API_KEY_REVOKED).count() == 1
