"""The receptionist in the admin: conversations (read-only, redacted transcript) and the
front desk's handoff queue with its audited "Claim" and "Close" actions."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from clinics.models import AuditEvent, Membership
from clinics.tests.admin_support import admin_url, client_for_user, staff_of
from clinics.tests.factories import PatientFactory
from scheduling.models import ConversationSession, HandoffRequest
from scheduling.tests.factories import AppointmentFactory, ConversationSessionFactory, HandoffRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(clinic):
    return staff_of(clinic, Membership.Role.FRONT_DESK)


@pytest.fixture
def conversation(clinic):
    patient = PatientFactory(clinic=clinic, last_name="Quill")
    appointment = AppointmentFactory(clinic=clinic, patient=patient)
    return ConversationSessionFactory(
        clinic=clinic,
        patient=patient,
        appointment=appointment,
        outcome=ConversationSession.Outcome.BOOKED,
        safety_checks=["pii_redaction"],
    )


@pytest.mark.parametrize("model", [ConversationSession, HandoffRequest])
def test_front_desk_sees_the_change_list(model, clinic, conversation, desk):
    HandoffRequestFactory(clinic=clinic, conversation=conversation)

    response = client_for_user(desk).get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_conversation_list_shows_the_appointment_link_and_checks(conversation, desk):
    html = client_for_user(desk).get(admin_url(ConversationSession, "changelist")).content.decode()

    assert admin_url(type(conversation.appointment), "change", conversation.appointment.pk) in html
    assert "pii_redaction" in html


def test_conversation_page_shows_the_redacted_transcript_read_only(conversation, desk):
    response = client_for_user(desk).get(admin_url(ConversationSession, "change", conversation.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Patient:</strong>" in html
    assert "Hi, this is [PERSON_1], I need an appointment" in html
    assert 'name="state"' not in html
    assert "_save" not in html


def test_conversation_transcript_is_escaped(clinic, desk):
    conversation = ConversationSessionFactory(clinic=clinic, transcript=[{"role": "patient", "text": "<b>hi</b>"}])

    html = client_for_user(desk).get(admin_url(ConversationSession, "change", conversation.pk)).content.decode()

    assert "&lt;b&gt;hi&lt;/b&gt;" in html


def test_conversation_cannot_be_changed_by_post(conversation, desk):
    response = client_for_user(desk).post(
        admin_url(ConversationSession, "change", conversation.pk), {"state": "BOOKED"}
    )

    conversation.refresh_from_db()
    assert response.status_code == 403
    assert conversation.state == "COLLECT_DATE"


def test_handoff_page_shows_its_transcript(clinic, desk):
    handoff = HandoffRequestFactory(clinic=clinic)

    html = client_for_user(desk).get(admin_url(HandoffRequest, "change", handoff.pk)).content.decode()

    assert "Which day suits you?" in html


def test_handoffs_filter_by_status(clinic, desk):
    wanted = HandoffRequestFactory(clinic=clinic)
    HandoffRequestFactory(clinic=clinic, status=HandoffRequest.Status.CLOSED)

    response = client_for_user(desk).get(admin_url(HandoffRequest, "changelist"), {"status__exact": "open"})

    assert list(response.context["cl"].queryset) == [wanted]


def test_handoffs_filter_by_reason(clinic, desk):
    wanted = HandoffRequestFactory(clinic=clinic, reason=HandoffRequest.Reason.CRISIS)
    HandoffRequestFactory(clinic=clinic)

    response = client_for_user(desk).get(admin_url(HandoffRequest, "changelist"), {"reason__exact": "crisis"})

    assert list(response.context["cl"].queryset) == [wanted]


def test_handoffs_are_listed_newest_first(clinic, desk):
    older = HandoffRequestFactory(clinic=clinic)
    newer = HandoffRequestFactory(clinic=clinic)

    response = client_for_user(desk).get(admin_url(HandoffRequest, "changelist"))

    assert list(response.context["cl"].result_list) == [newer, older]


def test_another_clinics_handoffs_are_invisible(clinic, other_clinic, desk):
    HandoffRequestFactory(clinic=other_clinic)

    response = client_for_user(desk).get(admin_url(HandoffRequest, "changelist"))

    assert list(response.context["cl"].queryset) == []


def _act(client, action, handoffs, *, confirmed):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(h.pk) for h in handoffs]}
    if confirmed:
        data["confirmed"] = "yes"
    return client.post(admin_url(HandoffRequest, "changelist"), data)


def test_claim_asks_for_confirmation_first(clinic, desk):
    handoff = HandoffRequestFactory(clinic=clinic)

    response = _act(client_for_user(desk), "claim", [handoff], confirmed=False)

    handoff.refresh_from_db()
    assert response.status_code == 200
    assert response.context["title"] == "Claim handoffs"
    assert handoff.status == HandoffRequest.Status.OPEN


def test_claim_assigns_the_handoff_audited(clinic, desk):
    handoff = HandoffRequestFactory(clinic=clinic)

    _act(client_for_user(desk), "claim", [handoff], confirmed=True)

    handoff.refresh_from_db()
    assert (handoff.status, handoff.claimed_by) == (HandoffRequest.Status.IN_PROGRESS, desk)
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, resource_id=str(handoff.pk))
    assert (event.actor_user, event.details["status"]) == (desk, "in_progress")


def test_close_closes_the_handoff_audited(clinic, desk):
    handoff = HandoffRequestFactory(clinic=clinic, status=HandoffRequest.Status.IN_PROGRESS)

    _act(client_for_user(desk), "close", [handoff], confirmed=True)

    handoff.refresh_from_db()
    assert handoff.status == HandoffRequest.Status.CLOSED
    assert handoff.closed_at is not None
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, resource_id=str(handoff.pk))
    assert (event.actor_user, event.details["status"]) == (desk, "closed")


def test_claim_ignores_another_clinics_handoff(other_clinic, desk):
    foreign = HandoffRequestFactory(clinic=other_clinic)

    _act(client_for_user(desk), "claim", [foreign], confirmed=True)

    foreign.refresh_from_db()
    assert foreign.status == HandoffRequest.Status.OPEN
    assert not AuditEvent.objects.filter(resource_id=str(foreign.pk), action=AuditEvent.Action.UPDATE).exists()


def test_biller_cannot_see_handoffs(clinic):
    biller = staff_of(clinic, Membership.Role.BILLER)

    response = client_for_user(biller).get(admin_url(HandoffRequest, "changelist"))

    assert response.status_code == 403
