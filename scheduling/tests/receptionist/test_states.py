"""The flow's transition table: only listed moves, and HANDED_OFF / ERROR from anywhere."""

from __future__ import annotations

import logging

import pytest

from scheduling.receptionist.states import InvalidTransitionError, State, can_move, check_move


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (State.IDLE, State.COLLECT_DATE),
        (State.COLLECT_DATE, State.SEARCHING),
        (State.SEARCHING, State.SHOWING_SLOTS),
        (State.SHOWING_SLOTS, State.CONFIRM_BOOKING),
        (State.COLLECT_REASON, State.CONFIRM_BOOKING),
        (State.CONFIRM_BOOKING, State.BOOKED),
        (State.CONFIRM_BOOKING, State.CANCELLED),
        (State.BOOKED, State.COLLECT_DATE),
        (State.ERROR, State.IDLE),
    ],
)
def test_listed_transition_is_allowed(current, target):
    assert can_move(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (State.IDLE, State.BOOKED),
        (State.IDLE, State.CONFIRM_BOOKING),
        (State.SEARCHING, State.BOOKED),
        (State.COLLECT_DATE, State.SHOWING_SLOTS),
        (State.SHOWING_SLOTS, State.BOOKED),
        (State.HANDED_OFF, State.IDLE),
        (State.HANDED_OFF, State.COLLECT_DATE),
        (State.ERROR, State.BOOKED),
    ],
)
def test_unlisted_transition_is_refused(current, target):
    assert not can_move(current, target)


@pytest.mark.parametrize("current", list(State))
@pytest.mark.parametrize("target", [State.HANDED_OFF, State.ERROR])
def test_every_state_may_hand_off_or_fail(current, target):
    assert can_move(current, target)


def test_every_state_has_a_row_in_the_table():
    from scheduling.receptionist.states import TRANSITIONS

    assert set(TRANSITIONS) == set(State)


def test_refused_move_raises_and_is_logged(caplog):
    with (
        caplog.at_level(logging.WARNING, logger="scheduling.receptionist.states"),
        pytest.raises(InvalidTransitionError, match="IDLE -> BOOKED"),
    ):
        check_move(State.IDLE, State.BOOKED)

    [record] = caplog.records
    assert (record.getMessage(), record.__dict__["from"], record.__dict__["to"]) == (
        "receptionist: refused transition",
        "IDLE",
        "BOOKED",
    )
