"""Appointments: the last four weeks (completed, no-shows, cancellations) and the next two
(scheduled and confirmed), inside each provider's weekly hours and never overlapping."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from clinics.models import Patient, Provider
from clinics.validators import WEEKDAYS, parse_hhmm
from demo.seed.context import ClinicData, Seed
from demo.seed.data import REASONS
from scheduling.models import Appointment, VisitType
from scheduling.services import appointment_book, appointment_cancel, appointment_update

PAST_DAYS = 28
FUTURE_DAYS = 14
# Chance that a free half hour gets booked; about three to four visits a provider a day.
BOOK_CHANCE = 0.2
STEP = timedelta(minutes=30)
VISIT_WEIGHTS = {"Follow-up": 45, "Sick visit": 25, "Annual physical": 20, "New patient": 10}

COMPLETED, NO_SHOW, CANCELLED, SCHEDULED, CONFIRMED = "completed", "no_show", "cancelled", "scheduled", "confirmed"


@dataclass(frozen=True)
class PlannedAppointment:
    external_id: str
    provider: Provider
    patient: Patient
    visit_type: VisitType
    start_at: datetime
    reason: str
    outcome: str


def plan_appointments(data: ClinicData) -> list[PlannedAppointment]:
    planned: list[PlannedAppointment] = []
    for offset in range(-PAST_DAYS, FUTURE_DAYS + 1):
        day = data.anchor + timedelta(days=offset)
        for index, provider in enumerate(data.providers):
            if provider.status == Provider.Status.ACTIVE:
                planned.extend(_plan_day(data, provider, index, day, offset))
    return planned


def _plan_day(data: ClinicData, provider: Provider, index: int, day: date, offset: int) -> list[PlannedAppointment]:
    # Seeded with the day's distance from the anchor, not its date: every machine gets the
    # same demo whatever day it was seeded (up to where the weekends fall).
    rng = random.Random(f"{data.spec.slug}:appointments:{offset}:{index}")  # noqa: S311
    tz = data.clinic.tzinfo
    planned = []
    for start_s, end_s in provider.weekly_schedule.get(WEEKDAYS[day.weekday()], []):
        cursor = datetime.combine(day, parse_hhmm(start_s), tzinfo=tz)
        closes = datetime.combine(day, parse_hhmm(end_s), tzinfo=tz)
        while cursor + STEP <= closes:
            if rng.random() >= BOOK_CHANCE:
                cursor += STEP
                continue
            fitting = {name: w for name, w in VISIT_WEIGHTS.items()
                       if cursor + timedelta(minutes=data.visit_types[name].minutes) <= closes}
            name = rng.choices(list(fitting), weights=list(fitting.values()))[0]
            visit_type = data.visit_types[name]
            planned.append(PlannedAppointment(
                external_id=f"DEMO-{data.spec.code}-{index + 1}-{cursor:%Y%m%d%H%M}",
                provider=provider,
                patient=rng.choice(data.patients),
                visit_type=visit_type,
                start_at=cursor,
                reason=rng.choice(REASONS[name])[0],
                outcome=_outcome(rng, past=offset < 0),
            ))
            cursor += timedelta(minutes=visit_type.minutes)
    return planned


def _outcome(rng: random.Random, *, past: bool) -> str:
    roll = rng.random()
    if past:
        return COMPLETED if roll < 0.8 else NO_SHOW if roll < 0.9 else CANCELLED
    return CONFIRMED if roll < 0.5 else SCHEDULED


def ensure_appointments(seed: Seed, data: ClinicData) -> None:
    existing = set(Appointment.all_objects.filter(clinic=data.clinic).values_list("external_id", flat=True))
    for plan in plan_appointments(data):
        if plan.external_id not in existing:
            _book(seed, data, plan)


def _book(seed: Seed, data: ClinicData, plan: PlannedAppointment) -> None:
    appointment = appointment_book(
        clinic=data.clinic, provider=plan.provider, patient=plan.patient, start_at=plan.start_at,
        actor=seed.actor, visit_type=plan.visit_type, reason=plan.reason, external_id=plan.external_id,
        booked_via=Appointment.Channel.ADMIN, is_new_patient=plan.visit_type.new_patient_only, allow_past=True,
    )
    seed.count(appointment)
    if plan.outcome == COMPLETED:
        appointment_update(appointment=appointment, actor=seed.actor, data={
            "status": Appointment.Status.COMPLETED,
            "checked_in_at": appointment.start_at - timedelta(minutes=10),
            "completed_at": appointment.end_at,
        })
    elif plan.outcome == NO_SHOW:
        appointment_update(appointment=appointment, actor=seed.actor, data={"status": Appointment.Status.NO_SHOW})
    elif plan.outcome == CANCELLED:
        appointment_cancel(appointment=appointment, actor=seed.actor, reason="Patient called to cancel",
                           cancelled_by=Appointment.CancelledBy.PATIENT)
    elif plan.outcome == CONFIRMED:
        appointment_update(appointment=appointment, actor=seed.actor, data={
            "status": Appointment.Status.CONFIRMED, "confirmed_at": timezone.now(),
        })
