"""Consent records: given once per text version, withdrawn with an audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinics.audit import Actor
from clinics.consent import CURRENT_TEXTS, consent_active, consent_give, consent_withdraw
from clinics.models import AuditEvent, Consent
from clinics.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def test_give_records_the_current_text_and_version(clinic: Any) -> None:
    consent = consent_give(
        actor=SYSTEM, clinic=clinic, kind=Consent.Kind.AI_CHAT, channel=Consent.Channel.WEB, conversation_key="c-1"
    )
    current = CURRENT_TEXTS[Consent.Kind.AI_CHAT]
    assert (consent.version, consent.text) == (current.version, current.text)
    assert consent_active(clinic=clinic, kind=Consent.Kind.AI_CHAT, conversation_key="c-1") == consent
    assert AuditEvent.objects.filter(resource_id=str(consent.pk), action=AuditEvent.Action.CREATE).count() == 1


def test_giving_twice_keeps_one_row(clinic: Any) -> None:
    patient = PatientFactory.create(clinic=clinic)
    first = consent_give(
        actor=SYSTEM, clinic=clinic, kind=Consent.Kind.SMS, channel=Consent.Channel.SMS, patient=patient
    )
    second = consent_give(
        actor=SYSTEM, clinic=clinic, kind=Consent.Kind.SMS, channel=Consent.Channel.SMS, patient=patient
    )
    assert first.pk == second.pk
    assert Consent.objects.filter(clinic=clinic).count() == 1


def test_withdrawn_consent_is_no_longer_active_and_a_new_one_is_a_new_row(clinic: Any) -> None:
    patient = PatientFactory.create(clinic=clinic)
    consent = consent_give(
        actor=SYSTEM, clinic=clinic, kind=Consent.Kind.SMS, channel=Consent.Channel.SMS, patient=patient
    )
    consent_withdraw(actor=SYSTEM, consent=consent)
    assert consent_active(clinic=clinic, kind=Consent.Kind.SMS, patient=patient) is None
    again = consent_give(
        actor=SYSTEM, clinic=clinic, kind=Consent.Kind.SMS, channel=Consent.Channel.SMS, patient=patient
    )
    assert again.pk != consent.pk
    assert Consent.objects.filter(clinic=clinic, patient=patient).count() == 2


def test_consent_of_another_clinic_is_not_active_here(clinic: Any, other_clinic: Any) -> None:
    consent_give(
        actor=SYSTEM, clinic=other_clinic, kind=Consent.Kind.AI_CHAT, channel=Consent.Channel.WEB, conversation_key="k"
    )
    assert consent_active(clinic=clinic, kind=Consent.Kind.AI_CHAT, conversation_key="k") is None


def test_consent_needs_a_subject(clinic: Any) -> None:
    consent = Consent(
        clinic=clinic,
        kind=Consent.Kind.AI_CHAT,
        channel=Consent.Channel.WEB,
        version="1",
        text="t",
        given_at=timezone.now(),
    )
    with pytest.raises(ValidationError, match="patient or to a conversation"):
        consent.full_clean()


def test_withdrawal_cannot_precede_giving(clinic: Any) -> None:
    now = timezone.now()
    consent = Consent(
        clinic=clinic,
        kind=Consent.Kind.AI_CHAT,
        channel=Consent.Channel.WEB,
        version="1",
        text="t",
        conversation_key="k",
        given_at=now,
        withdrawn_at=now - dt.timedelta(minutes=1),
    )
    with pytest.raises(ValidationError, match="withdrawn before"):
        consent.full_clean()


def test_admin_withdraws_selected_consents_after_confirmation(staff_user: Any, clinic: Any) -> None:
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    from clinics.tests.admin_support import admin_url, client_for_user

    patient = PatientFactory.create(clinic=clinic)
    consent = consent_give(
        actor=SYSTEM, clinic=clinic, kind=Consent.Kind.SMS, channel=Consent.Channel.SMS, patient=patient
    )
    client = client_for_user(staff_user)
    url = admin_url(Consent, "changelist")

    asked = client.post(url, {"action": "withdraw", ACTION_CHECKBOX_NAME: [consent.pk]})
    consent.refresh_from_db()
    assert asked.status_code == 200 and consent.withdrawn_at is None

    done = client.post(url, {"action": "withdraw", ACTION_CHECKBOX_NAME: [consent.pk], "confirmed": "yes"})
    consent.refresh_from_db()
    assert done.status_code == 302
    assert consent.withdrawn_at is not None
    assert AuditEvent.objects.filter(resource_id=str(consent.pk), action=AuditEvent.Action.UPDATE).count() == 1
