"""States, intents and the transition table of the receptionist's flow."""

from __future__ import annotations

import enum
import logging

logger = logging.getLogger(__name__)


class State(enum.StrEnum):
    IDLE = "IDLE"
    COLLECT_PROVIDER = "COLLECT_PROVIDER"
    COLLECT_DATE = "COLLECT_DATE"
    COLLECT_TIME = "COLLECT_TIME"
    COLLECT_PATIENT_INFO = "COLLECT_PATIENT_INFO"
    COLLECT_REASON = "COLLECT_REASON"
    SEARCHING = "SEARCHING"
    SHOWING_SLOTS = "SHOWING_SLOTS"
    CONFIRM_BOOKING = "CONFIRM_BOOKING"
    BOOKED = "BOOKED"
    CANCELLED = "CANCELLED"
    HANDED_OFF = "HANDED_OFF"
    COMPLETED = "COMPLETED"
    ERROR = "ERROR"


class Intent(enum.StrEnum):
    SCHEDULING = "SCHEDULING"
    CANCELLATION = "CANCELLATION"
    RESCHEDULE = "RESCHEDULE"
    CHECK_APPOINTMENT = "CHECK_APPOINTMENT"
    CONFIRMATION = "CONFIRMATION"
    DENIAL = "DENIAL"
    CORRECTION = "CORRECTION"
    HANDOFF = "HANDOFF"
    INFORMATION = "INFORMATION"
    GREETING = "GREETING"
    GOODBYE = "GOODBYE"
    OUT_OF_SCOPE = "OUT_OF_SCOPE"
    UNKNOWN = "UNKNOWN"


S = State
_COLLECTING = {S.COLLECT_PROVIDER, S.COLLECT_DATE, S.COLLECT_TIME, S.COLLECT_PATIENT_INFO, S.COLLECT_REASON}
_START = {S.IDLE, S.BOOKED, S.CANCELLED, S.COMPLETED}
# Where a conversation rests between requests: a message here starts a new one.
RESTING_STATES = frozenset({S.IDLE, S.BOOKED, S.CANCELLED, S.COMPLETED, S.ERROR})

# Where each state may go (besides HANDED_OFF and ERROR, open to every state). A new
# request may start from any resting or collecting state, so those reach every
# collecting state and SEARCHING. A request about an existing appointment (cancel,
# reschedule, check) always enters through COLLECT_PATIENT_INFO, the identity step, even
# when the patient was identified earlier in the conversation; that is why no resting
# state leads straight to the list of appointments (SHOWING_SLOTS) or to a confirmation.
# A new request after ERROR starts again from IDLE.
TRANSITIONS: dict[State, frozenset[State]] = {
    S.IDLE: frozenset({S.IDLE, *_COLLECTING, S.SEARCHING, S.COMPLETED}),
    S.COLLECT_PROVIDER: frozenset({S.IDLE, *_COLLECTING, S.SEARCHING, S.COMPLETED}),
    S.COLLECT_DATE: frozenset({S.IDLE, *_COLLECTING, S.SEARCHING, S.COMPLETED}),
    S.COLLECT_TIME: frozenset({S.IDLE, *_COLLECTING, S.SEARCHING, S.COMPLETED}),
    S.COLLECT_PATIENT_INFO: frozenset(
        {S.IDLE, *_COLLECTING, S.SEARCHING, S.SHOWING_SLOTS, S.CONFIRM_BOOKING, S.COMPLETED}
    ),
    S.COLLECT_REASON: frozenset({S.IDLE, *_COLLECTING, S.SEARCHING, S.CONFIRM_BOOKING, S.COMPLETED}),
    S.SEARCHING: frozenset({S.SHOWING_SLOTS, S.COLLECT_DATE, S.COLLECT_TIME, S.COLLECT_PROVIDER}),
    S.SHOWING_SLOTS: frozenset({S.IDLE, S.SHOWING_SLOTS, *_COLLECTING, S.SEARCHING, S.CONFIRM_BOOKING, S.COMPLETED}),
    S.CONFIRM_BOOKING: frozenset(
        {S.IDLE, S.CONFIRM_BOOKING, *_COLLECTING, S.SEARCHING, S.SHOWING_SLOTS, S.BOOKED, S.CANCELLED, S.COMPLETED}
    ),
    S.BOOKED: frozenset({*_START, *_COLLECTING, S.SEARCHING}),
    S.CANCELLED: frozenset({*_START, *_COLLECTING, S.SEARCHING}),
    S.COMPLETED: frozenset({*_START, *_COLLECTING, S.SEARCHING}),
    S.HANDED_OFF: frozenset({S.HANDED_OFF}),
    S.ERROR: frozenset({S.IDLE, S.ERROR}),
}
ALWAYS_REACHABLE = frozenset({S.HANDED_OFF, S.ERROR})


class InvalidTransitionError(Exception):
    pass


def can_move(current: State, target: State) -> bool:
    return target in ALWAYS_REACHABLE or target in TRANSITIONS[current]


def check_move(current: State, target: State) -> None:
    """Refuse (and log) a move the table does not allow."""
    if not can_move(current, target):
        logger.warning("receptionist: refused transition", extra={"from": current.value, "to": target.value})
        raise InvalidTransitionError(f"{current.value} -> {target.value}")
