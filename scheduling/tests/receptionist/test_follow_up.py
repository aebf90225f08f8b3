"""A request after another in one conversation: who the patient is, and which appointment
"cancel it" means. The identity verified (or registered) earlier in the conversation is
reused; someone else's details are verified afresh; after goodbye it is forgotten."""

from __future__ import annotations

import pytest

from clinics.audit import Actor
from clinics.models import Patient
from scheduling.models import Appointment, ConversationSession
from scheduling.receptionist import replies
from scheduling.receptionist.engine import process

pytestmark = pytest.mark.django_db

ASK_IDENTITY = replies.ASK_PATIENT.format(purpose="find your appointment")


def _say(clinic, message, session_id=None):
    return process(clinic=clinic, message=message, session_id=session_id, actor=Actor.system())


def _book_as_jane(clinic):
    """Jane Doe (who has an appointment already) books Dr Lee next Tuesday."""
    turn = _say(clinic, "book Dr Lee next Tuesday")
    for message in ("1", "Jane Doe 03/04/1980", "skip", "yes"):
        turn = _say(clinic, message, turn.session_id)
    assert turn.state == "BOOKED"
    return turn


def test_cancel_right_after_booking_names_the_appointment_just_booked_without_asking_again(demo_clinic):
    booked = _book_as_jane(demo_clinic)
    appointment = Appointment.objects.get(pk=booked.booking_id)

    turn = _say(demo_clinic, "I need to cancel my appointment", booked.session_id)

    assert turn.state == "CONFIRM_BOOKING"
    assert turn.message == (
        f"Cancel your appointment with Ana Lee, MD on {replies.local(demo_clinic, appointment.start_at)}? (yes or no)"
    )


def test_yes_cancels_the_appointment_just_booked_and_keeps_the_other(demo_clinic):
    booked = _book_as_jane(demo_clinic)
    other = Appointment.objects.exclude(pk=booked.booking_id).get(clinic=demo_clinic, patient__first_name="Jane")
    _say(demo_clinic, "I need to cancel my appointment", booked.session_id)

    turn = _say(demo_clinic, "yes", booked.session_id)

    assert turn.state == "CANCELLED"
    assert Appointment.objects.get(pk=booked.booking_id).status == Appointment.Status.CANCELLED
    other.refresh_from_db()
    assert other.status == Appointment.Status.SCHEDULED


def test_another_conversation_asks_who_the_patient_is_before_cancelling(demo_clinic):
    _book_as_jane(demo_clinic)

    turn = _say(demo_clinic, "I need to cancel my appointment")

    assert (turn.state, turn.message) == ("COLLECT_PATIENT_INFO", ASK_IDENTITY)


def test_after_goodbye_the_next_request_asks_who_the_patient_is(demo_clinic):
    booked = _book_as_jane(demo_clinic)
    _say(demo_clinic, "thanks, bye", booked.session_id)

    turn = _say(demo_clinic, "I need to cancel my appointment", booked.session_id)

    assert (turn.state, turn.message) == ("COLLECT_PATIENT_INFO", ASK_IDENTITY)
    assert ConversationSession.objects.get(session_key=booked.session_id).patient_id is None


def test_someone_elses_details_are_verified_afresh_not_acted_on_as_the_first_patient(demo_clinic):
    booked = _book_as_jane(demo_clinic)
    _say(demo_clinic, "I need to cancel my appointment", booked.session_id)

    turn = _say(demo_clinic, "My name is Sam Twin, born 01/01/1990, phone 607-555-0111", booked.session_id)

    sam = Patient.objects.get(clinic=demo_clinic, phone="+16075550111")
    assert turn.message == "You have no upcoming appointments with us. Would you like to book one?"
    assert ConversationSession.objects.get(session_key=booked.session_id).patient_id == sam.pk
    assert not Appointment.objects.filter(clinic=demo_clinic, status=Appointment.Status.CANCELLED).exists()


def test_a_question_while_confirming_a_cancellation_is_answered_and_the_question_asked_again(demo_clinic):
    booked = _book_as_jane(demo_clinic)
    question = _say(demo_clinic, "I need to cancel my appointment", booked.session_id).message

    turn = _say(demo_clinic, "what are your opening hours?", booked.session_id)

    assert turn.message == f"Our opening hours (America/New_York): {replies.hours_text(demo_clinic)}.\n{question}"
    assert turn.state == "CONFIRM_BOOKING"
