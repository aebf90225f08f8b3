"""The rules' reading of a message's intent, where the state of the conversation matters."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest

from scheduling.receptionist.states import Intent, State
from scheduling.receptionist.understanding import Context, DeterministicUnderstanding

NOW = dt.datetime(2026, 3, 4, 9, 0, tzinfo=zoneinfo.ZoneInfo("America/New_York"))  # a Wednesday
LEE = SimpleNamespace(pk=1, first_name="Ana", last_name="Lee", specialty="Family Medicine")


def _read(text, state):
    context = Context(state=state, now=NOW, providers=[LEE], visit_types=[])
    return DeterministicUnderstanding().understand(text, context)


@pytest.mark.parametrize("state", [State.IDLE, State.COLLECT_PROVIDER, State.SHOWING_SLOTS, State.BOOKED])
@pytest.mark.parametrize("text", ["What are your opening hours?", "opening times?", "Are you open on Saturdays?"])
def test_opening_hours_is_a_question_about_the_clinic(text, state):
    understood = _read(text, state)

    assert (understood.intent, understood.info_topic) == (Intent.INFORMATION, "hours")


def test_openings_are_still_free_slots():
    assert _read("Do you have any openings next week?", State.IDLE).intent == Intent.SCHEDULING


@pytest.mark.parametrize("state", [State.BOOKED, State.COLLECT_PROVIDER, State.CONFIRM_BOOKING])
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Actually I need to cancel my appointment", Intent.CANCELLATION),
        ("actually, I want to reschedule my appointment", Intent.RESCHEDULE),
        ("actually what are your hours?", Intent.INFORMATION),
        ("actually I want to speak to a real person", Intent.HANDOFF),
    ],
)
def test_a_request_after_actually_is_that_request(text, intent, state):
    assert _read(text, state).intent == intent


@pytest.mark.parametrize("state", [State.SHOWING_SLOTS, State.COLLECT_DATE, State.CONFIRM_BOOKING])
def test_actually_with_a_new_day_in_a_flow_is_a_correction(state):
    assert _read("actually Tuesday", state).intent == Intent.CORRECTION


@pytest.mark.parametrize(
    "text",
    ["can I move it to Thursday instead?", "actually make it next Wednesday", "could we do Friday instead", "move it"],
)
def test_after_a_booking_changing_it_is_a_reschedule(text):
    assert _read(text, State.BOOKED).intent == Intent.RESCHEDULE


def test_moving_it_in_the_middle_of_a_booking_is_no_reschedule():
    understood = _read("can I move it to Thursday", State.SHOWING_SLOTS)

    assert (understood.intent, understood.on) == (Intent.SCHEDULING, dt.date(2026, 3, 5))


@pytest.mark.parametrize("text", ["actually, thanks", "thanks, that's great instead"])
def test_after_a_booking_words_without_a_day_or_provider_move_nothing(text):
    assert _read(text, State.BOOKED).intent != Intent.RESCHEDULE


@pytest.mark.parametrize("state", [State.IDLE, State.COMPLETED, State.CANCELLED])
def test_actually_book_at_rest_is_a_new_booking(state):
    assert _read("actually I'd like to book with Dr Lee", state).intent == Intent.SCHEDULING
