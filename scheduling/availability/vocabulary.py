"""The vocabulary of availability: parts of day, refusals, slots and results."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from nuvae.lib.problems import DomainConflict
from scheduling.models import Appointment

# --- vocabulary -----------------------------------------------------------------------


class PartOfDay(enum.StrEnum):
    """Local start-time bounds: morning before 12:00, afternoon 12:00-16:59, evening 17:00 on."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


PART_OF_DAY_BOUNDS: dict[PartOfDay, tuple[time, time | None]] = {
    PartOfDay.MORNING: (time(0, 0), time(12, 0)),
    PartOfDay.AFTERNOON: (time(12, 0), time(17, 0)),
    PartOfDay.EVENING: (time(17, 0), None),
}


class Refusal(enum.StrEnum):
    """Why a time cannot be booked; the value is the API problem's slug."""

    OUTSIDE_HOURS = "outside-hours"
    CLINIC_CLOSED = "clinic-closed"
    PROVIDER_TIME_OFF = "provider-time-off"
    TOO_SOON = "too-soon"
    BEYOND_HORIZON = "beyond-horizon"
    NEW_PATIENTS_NOT_ACCEPTED = "new-patients-not-accepted"
    VISIT_TYPE_NEW_PATIENTS_ONLY = "visit-type-new-patients-only"
    VISIT_TYPE_NOT_OFFERED = "visit-type-not-offered"


class SlotUnavailable(DomainConflict):
    """The time is not bookable for a reason other than another appointment.

    `reason` says which rule refused it (a `Refusal`); the API answers 409 with the reason
    as the problem's type and a `reason` member, and the conversation engine can explain it.
    """

    title = "Time not available"

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.slug = reason.value

    def problem_extra(self) -> dict[str, Any]:
        return {**super().problem_extra(), "reason": self.reason.value}


class AlternativeKind(enum.StrEnum):
    """How an alternative relaxes the request that found nothing, in the order tried."""

    OTHER_TIMES_SAME_DAYS = "other_times_same_days"  # the time or part of day dropped
    SAME_TIME_OTHER_DAYS = "same_time_other_days"  # the dates widened, the time kept
    OTHER_PROVIDERS = "other_providers"  # other providers of the specialty, same dates
    WIDER_RANGE = "wider_range"  # everything dropped but the providers: the dates widened


# Statuses of a past appointment that do not make the patient a returning one.
NOT_ESTABLISHING = (Appointment.Status.CANCELLED, Appointment.Status.RESCHEDULED, Appointment.Status.NO_SHOW)

FIRST_WINDOW_DAYS = 3  # an open-ended search reads this many days first, then twice as many, …
MAX_WINDOW_DAYS = 31  # the most days one round of queries reads
ALTERNATIVE_DAYS_BEFORE = 7  # how far alternatives may move the request's dates
ALTERNATIVE_DAYS_AFTER = 14
MAX_LIMIT = 100
MAX_APPOINTMENT_MINUTES = 480  # the models' check constraint (appt_duration_range)
UNCAPPED = 1_000_000


@dataclass(frozen=True)
class Slot:
    """An open time with a provider. `start` and `end` are aware, in the clinic's zone."""

    provider_id: Any
    provider_name: str
    specialty: str
    start: datetime
    end: datetime
    visit_type_id: Any = None

    # Python compares and subtracts two datetimes of the same zone by wall clock; these
    # go through UTC so that a slot across a clock change has its real length and order.
    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)

    @property
    def minutes(self) -> int:
        return int((self.end.astimezone(UTC) - self.start_utc).total_seconds() // 60)


@dataclass(frozen=True)
class Alternative:
    kind: AlternativeKind
    slots: list[Slot]


@dataclass
class SearchResult:
    """What a search found.

    `slots` match the request, ordered by start then provider, capped at `limit`. When
    there are none, `alternatives` holds the nearest relaxations that do find slots (each
    capped at `limit`). `excluded` names providers the request would have matched but who
    cannot be offered to this patient, with the reason (a `Refusal`): a chat can say
    "Dr. Brooks is not taking new patients" rather than "nothing found".
    `first_date`/`last_date` is the local date range that was searched.
    """

    slots: list[Slot]
    first_date: date
    last_date: date
    alternatives: list[Alternative] = field(default_factory=list)
    excluded: dict[Any, Refusal] = field(default_factory=dict)
