"""The engine end to end for one message at a time: consent first when the clinic requires
it, and a conversation carried on from its table row once the cache has lost it."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from clinics.audit import Actor
from clinics.consent import CURRENT_TEXTS
from clinics.models import Consent
from clinics.tests.factories import ProviderFactory
from scheduling.models import ConversationSession
from scheduling.receptionist.engine import process
from scheduling.receptionist.session import session_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def lee(clinic):
    return ProviderFactory(clinic=clinic, first_name="Ana", last_name="Lee", specialty="Family Medicine")


@pytest.fixture
def consent_clinic(clinic):
    clinic.settings = {**clinic.settings, "safety": {"require_chat_consent": True}}
    clinic.save()
    return clinic


def _say(clinic, message, session_id=None):
    return process(clinic=clinic, message=message, session_id=session_id, actor=Actor.system())


def test_consent_question_is_asked_first(consent_clinic):
    turn = _say(consent_clinic, "I'd like to book with Dr. Lee")

    assert CURRENT_TEXTS[Consent.Kind.AI_CHAT].text in turn.message
    assert turn.booking_id is None


def test_nothing_but_the_question_is_stored_before_consent(consent_clinic):
    turn = _say(consent_clinic, "I'm Jane Doe, born 03/04/1980, I'd like to book with Dr. Lee")

    cached = session_load(clinic=consent_clinic, session_id=turn.session_id, channel="api")
    assert ConversationSession.objects.filter(clinic=consent_clinic).count() == 0
    assert (cached.turns, cached.transcript, cached.collected, cached.message_count) == ([], [], {}, 0)
    assert cached.consent_asked
    assert not Consent.objects.filter(clinic=consent_clinic).exists()


def test_yes_records_the_chat_consent(consent_clinic):
    first = _say(consent_clinic, "hello")

    turn = _say(consent_clinic, "yes", first.session_id)

    consent = Consent.objects.get(clinic=consent_clinic)
    assert (consent.kind, consent.conversation_key, consent.patient_id) == (
        Consent.Kind.AI_CHAT,
        first.session_id,
        None,
    )
    assert turn.message == "Thank you. How can I help you today?"


def test_after_consent_the_conversation_goes_on(consent_clinic, lee):
    first = _say(consent_clinic, "hello")
    _say(consent_clinic, "yes", first.session_id)

    turn = _say(consent_clinic, "I'd like to book with Dr. Lee", first.session_id)

    assert turn.collected_data["provider_ids"] == [str(lee.pk)]
    assert ConversationSession.objects.get(session_key=first.session_id).message_count == 2


def test_session_carries_on_from_the_table_after_the_cache_lost_it(clinic, lee):
    first = _say(clinic, "I'd like to book with Dr. Lee")
    cache.clear()

    turn = _say(clinic, "next Tuesday morning", first.session_id)

    assert turn.session_id == first.session_id
    assert turn.state == "SHOWING_SLOTS"
    assert {slot["provider_id"] for slot in turn.available_slots} == {str(lee.pk)}
    assert ConversationSession.objects.get(session_key=first.session_id).message_count == 2


def test_session_reloaded_from_the_table_keeps_only_the_redacted_transcript(clinic, lee):
    first = _say(clinic, "I'm Jane Doe and I'd like to book with Dr. Lee")
    cache.clear()

    session = session_load(clinic=clinic, session_id=first.session_id, channel="api")

    assert session.turns == []
    assert "Jane Doe" not in str(session.transcript)
    assert session.transcript[0]["role"] == "patient"


def test_an_expired_conversation_starts_over_and_forgets_the_patient(clinic, lee):
    from datetime import timedelta

    from django.utils import timezone

    from clinics.tests.factories import PatientFactory

    patient = PatientFactory(clinic=clinic)
    first = _say(clinic, "I'd like to book with Dr. Lee next week")
    row = ConversationSession.objects.get(session_key=first.session_id)
    row.patient = patient
    row.save()
    cache.clear()

    early = session_load(clinic=clinic, session_id=first.session_id, channel="api")
    later = session_load(
        clinic=clinic, session_id=first.session_id, channel="api", now=row.expires_at + timedelta(seconds=1)
    )

    # Lost early (a cache restart): carried on, patient and all.
    assert (early.state, early.patient_id) == (first.state, str(patient.pk))
    # Expired: the record stays, the conversation starts over and the patient must say who they are again.
    assert (later.state, later.patient_id, later.collected, later.flow) == ("IDLE", None, {}, "")
    assert later.transcript == early.transcript
    assert later.message_count == early.message_count
    assert row.expires_at > timezone.now()
