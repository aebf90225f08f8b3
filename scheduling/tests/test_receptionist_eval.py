"""Evaluation: scripted multi-turn conversations through `POST /api/v1/chat` against a
demo-like clinic, each asserting what ends up in the database. Scripts are in
`fixtures/receptionist_scripts.json`; dates are phrased relative to the clinic's local
now ("tomorrow", "next Tuesday"), so nothing depends on the real date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.models import Appointment, HandoffRequest
from scheduling.tests.factories import AppointmentFactory, VisitTypeFactory, next_weekday_at

pytestmark = pytest.mark.django_db

SCRIPTS = json.loads((Path(__file__).parent / "fixtures" / "receptionist_scripts.json").read_text())


@pytest.fixture
def demo_clinic(clinic):
    clinic.address_line1, clinic.city, clinic.state = "12 Main Street", "Ithaca", "NY"
    clinic.save()
    lee = ProviderFactory(clinic=clinic, first_name="Ana", last_name="Lee", specialty="Family Medicine")
    ProviderFactory(clinic=clinic, first_name="Raj", last_name="Patel", specialty="Dermatology")
    VisitTypeFactory(clinic=clinic, name="Annual physical", minutes=30)
    jane = PatientFactory(
        clinic=clinic, first_name="Jane", last_name="Doe", date_of_birth=dt.date(1980, 3, 4), phone="+16075550101"
    )
    AppointmentFactory(clinic=clinic, provider=lee, patient=jane, start_at=next_weekday_at(10, days_ahead=9))
    # Two patients share a name and date of birth: never booked against by name alone.
    for phone in ("+16075550111", "+16075550112"):
        PatientFactory(
            clinic=clinic, first_name="Sam", last_name="Twin", date_of_birth=dt.date(1990, 1, 1), phone=phone
        )
    return clinic


def _run(api, script):
    session_id, last = None, None
    for message in script["turns"]:
        body = {"message": message, **({"session_id": session_id} if session_id else {})}
        response = api.post("/api/v1/chat", body, format="json")
        assert response.status_code == 200, response.content
        last = response.json()
        session_id = last["session_id"]
    return last


# Scripts the deterministic engine does not complete yet carry `known_gap`: they are
# strict xfails (they turn red once fixed) and count against the completion rate
# reported in docs/RECEPTIONIST.md.
CASES = [
    pytest.param(s, id=s["name"], marks=[pytest.mark.xfail(strict=True, reason=s["known_gap"])])
    if s.get("known_gap")
    else pytest.param(s, id=s["name"])
    for s in SCRIPTS
]


def test_completion_rate_is_at_least_95_percent():
    completed = sum(1 for s in SCRIPTS if not s.get("known_gap"))
    assert len(SCRIPTS) >= 60
    assert completed / len(SCRIPTS) >= 0.95


@pytest.mark.parametrize("script", CASES)
def test_script_reaches_its_outcome(api, demo_clinic, script):
    last = _run(api, script)
    expect = script["expect"]
    chat_booked = Appointment.objects.filter(
        clinic=demo_clinic, booked_via="api", rescheduled_from__isnull=True, status=Appointment.Status.SCHEDULED
    )
    outcome = {
        "state": last["state"],
        "booked": chat_booked.count(),
        "cancelled": Appointment.objects.filter(clinic=demo_clinic, status=Appointment.Status.CANCELLED).count(),
        "rescheduled": Appointment.objects.filter(clinic=demo_clinic, rescheduled_from__isnull=False).count(),
        "handoff": HandoffRequest.objects.filter(clinic=demo_clinic).exists(),
        # The reason recorded on what the chat booked (checked only when a script says).
        "reason": [a.reason for a in chat_booked],
    }
    if "reason" in expect:
        expect = {**expect, "reason": [expect["reason"]]}
    wanted = {"booked": 0, "cancelled": 0, "rescheduled": 0, "handoff": False, **expect}
    assert {k: outcome[k] for k in wanted} == wanted, last["message"]
