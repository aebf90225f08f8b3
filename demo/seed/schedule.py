"""Appointments: the last four weeks (completed, no-shows, cancellations) and the next two
(scheduled and confirmed), inside each provider's weekly hours and never overlapping."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from clinics.models import Patient, Provider
from clinics.validators import WEEKDAYS, parse_hhmm
from demo.seed.context import ClinicData, Seed
from demo.seed.data import REASONS
from scheduling.models import Appointment, ClinicClosure, VisitType
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
    closed = closed_days(data)
    # Patients each provider has an earlier appointment with: a "New patient" visit goes
    # to someone the provider has not seen (booking refuses it for a returning patient).
    seen: dict[Any, set[Any]] = {p.pk: set() for p in data.providers}
    for offset in range(-PAST_DAYS, FUTURE_DAYS + 1):
        day = data.anchor + timedelta(days=offset)
        if day in closed:
            continue
        for index, provider in enumerate(data.providers):
            if provider.status == Provider.Status.ACTIVE:
                planned.extend(_plan_day(data, provider, index, day, offset, seen[provider.pk]))
    return planned


def closed_days(data: ClinicData) -> set[date]:
    """Local dates on which the clinic is closed all day (holidays), in the seeded window."""
    first, last = data.anchor - timedelta(days=PAST_DAYS), data.anchor + timedelta(days=FUTURE_DAYS)
    days: set[date] = set()
    for closure in ClinicClosure.objects.filter(
        clinic=data.clinic, active=True, start_time__isnull=True, start_date__lte=last, end_date__gte=first
    ):
        day = closure.start_date
        while day <= closure.end_date:
            days.add(day)
            day += timedelta(days=1)
    return days


def _first_unseen(patients: list[Patient], chosen: Patient, seen: set[Any]) -> Patient | None:
    # No extra random draw: the rest of the plan stays what it was.
    start = patients.index(chosen)
    for patient in patients[start:] + patients[:start]:
        if patient.pk not in seen:
            return patient
    return None


def _plan_day(
    data: ClinicData, provider: Provider, index: int, day: date, offset: int, seen: set[Any]
) -> list[PlannedAppointment]:
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
            patient: Patient | None = rng.choice(data.patients)
            if visit_type.new_patient_only and patient is not None:
                patient = _first_unseen(data.patients, patient, seen)
            if patient is None:
                cursor += STEP
                continue
            seen.add(patient.pk)
            planned.append(PlannedAppointment(
                external_id=f"DEMO-{data.spec.code}-{index + 1}-{cursor:%Y%m%d%H%M}",
                provider=provider,
                patient=patient,
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
        booked_via=Appointment.Channel.ADMIN, is_new_patient=plan.visit_type.new_patient_only, staff_override=True,
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
