"""API keys in the admin: created with the raw key shown once, stored as a hash, revoked,
never edited."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone

from clinics.models import ApiKey, AuditEvent, Membership
from clinics.models.api_keys import KEY_PATTERN
from clinics.tests.admin_support import admin_url, client_for_user, staff_of
from clinics.tests.factories import ApiKeyFactory

pytestmark = pytest.mark.django_db

RAW_KEY = re.compile(r"ar_(live|test)_[A-Za-z0-9_-]{43}")


def _create(client, **fields):
    data = {"name": "EHR sync", "environment": "live", **fields}
    return client.post(admin_url(ApiKey, "add"), data)


def test_create_shows_the_raw_key_and_stores_only_its_hash(staff_user, clinic):
    response = _create(client_for_user(staff_user))

    assert response.status_code == 200
    [raw] = {m.group(0) for m in RAW_KEY.finditer(response.content.decode())}
    assert KEY_PATTERN.match(raw)
    key = ApiKey.objects.get()
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert key.prefix == raw[:16]
    assert (key.clinic, key.created_by, key.environment) == (clinic, staff_user, "live")
    stored = " ".join(str(v) for v in ApiKey.objects.values_list().get(pk=key.pk))
    assert raw not in stored


def test_create_page_with_the_key_is_not_cached(staff_user):
    response = _create(client_for_user(staff_user))

    assert "no-store" in response["Cache-Control"]
    assert "will not be shown again" in response.content.decode()


def test_raw_key_is_never_shown_again(staff_user):
    client = client_for_user(staff_user)
    raw = RAW_KEY.search(_create(client).content.decode()).group(0)
    key = ApiKey.objects.get()

    pages = [client.get(admin_url(ApiKey, "changelist")), client.get(admin_url(ApiKey, "change", key.pk))]

    assert [page.status_code for page in pages] == [200, 200]
    assert all(raw not in page.content.decode() for page in pages)
    assert all(key.prefix in page.content.decode() for page in pages)


def test_create_is_audited_without_the_key(staff_user):
    raw = RAW_KEY.search(_create(client_for_user(staff_user)).content.decode()).group(0)

    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.API_KEY_CREATED)
    assert event.actor_user == staff_user
    assert raw not in str(event.details)


def test_single_clinic_staff_do_not_choose_the_clinic(staff_user):
    response = client_for_user(staff_user).get(admin_url(ApiKey, "add"))

    assert "clinic" not in response.context["form"].fields


def test_key_for_a_clinic_the_user_does_not_manage_is_refused(clinic, other_clinic):
    from clinics.tests.factories import ClinicFactory

    third = ClinicFactory()
    user = staff_of(clinic)
    Membership.objects.create(user=user, clinic=third, role=Membership.Role.OWNER)

    response = _create(client_for_user(user), clinic=str(other_clinic.pk))

    assert response.status_code == 200
    assert "clinic" in response.context["form"].errors
    assert not ApiKey.objects.exists()


def test_expiry_in_the_past_is_refused(staff_user, clinic):
    yesterday = timezone.localtime() - dt.timedelta(days=1)

    response = _create(client_for_user(staff_user), clinic=str(clinic.pk), expires_at_0=f"{yesterday:%Y-%m-%d}",
                       expires_at_1="10:00:00")

    assert "expires_at" in response.context["form"].errors
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("role", [Membership.Role.FRONT_DESK, Membership.Role.BILLER])
def test_only_owners_and_admins_create_keys(role, clinic):
    client = client_for_user(staff_of(clinic, role))

    assert client.get(admin_url(ApiKey, "add")).status_code == 403
    assert _create(client, clinic=str(clinic.pk)).status_code == 403
    assert not ApiKey.objects.exists()


def test_keys_cannot_be_edited(staff_user, clinic):
    key = ApiKeyFactory(clinic=clinic, name="Old name")

    response = client_for_user(staff_user).post(admin_url(ApiKey, "change", key.pk), {"name": "New name"})

    assert response.status_code == 403
    key.refresh_from_db()
    assert key.name == "Old name"


def test_revoke_asks_for_confirmation_first(staff_user, clinic):
    key = ApiKeyFactory(clinic=clinic)

    response = client_for_user(staff_user).post(
        admin_url(ApiKey, "changelist"), {"action": "revoke", ACTION_CHECKBOX_NAME: [key.pk]}
    )

    assert response.status_code == 200
    assert response.templates[0].name == "admin/nuvae/action_confirmation.html"
    key.refresh_from_db()
    assert key.revoked_at is None


def test_confirmed_revoke_revokes_and_audits(staff_user, clinic):
    key = ApiKeyFactory(clinic=clinic)

    response = client_for_user(staff_user).post(
        admin_url(ApiKey, "changelist"), {"action": "revoke", ACTION_CHECKBOX_NAME: [key.pk], "confirmed": "yes"}
    )

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.API_KEY_REVOKED)
    assert event.actor_user == staff_user


def test_revoke_ignores_another_clinics_key_smuggled_into_the_selection(staff_user, clinic, other_clinic):
    mine, theirs = ApiKeyFactory(clinic=clinic), ApiKeyFactory(clinic=other_clinic)

    client_for_user(staff_user).post(admin_url(ApiKey, "changelist"), {
        "action": "revoke", ACTION_CHECKBOX_NAME: [mine.pk, theirs.pk], "confirmed": "yes",
    })

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None
    assert theirs.revoked_at is None


def test_list_filters_revoked_keys(staff_user, clinic):
    ApiKeyFactory(clinic=clinic)
    revoked = ApiKeyFactory(clinic=clinic, revoked_at=timezone.now())

    response = client_for_user(staff_user).get(admin_url(ApiKey, "changelist"), {"state": "revoked"})

    assert [k.pk for k in response.context["cl"].queryset] == [revoked.pk]
