"""GET /api/v1/availability/ and the booking API's refusals with their reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from clinics.tests.api_support import error_fields, problem_type
from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.models import Appointment
from scheduling.tests.api_support import booking
from scheduling.tests.factories import (
    AppointmentFactory,
    ClinicClosureFactory,
    ProviderTimeOffFactory,
    VisitTypeFactory,
    next_weekday_at,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/availability/"


@pytest.fixture
def day() -> dt.date:
    return next_weekday_at(9).date()


def starts(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [dt.datetime.fromisoformat(s["start"]).strftime("%H:%M") for s in response.json()["slots"]]


def test_search_a_date_lists_local_slots_with_offsets(api, clinic, provider, day):
    response = api.get(URL, {"date": day.isoformat(), "minutes": 60})
    body = response.json()
    assert starts(response) == ["09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00"]
    first = body["slots"][0]
    assert (first["provider"], first["minutes"], first["visit_type"]) == (str(provider.pk), 60, None)
    assert dt.datetime.fromisoformat(first["start"]).utcoffset() in (dt.timedelta(hours=-5), dt.timedelta(hours=-4))
    assert (body["time_zone"], body["first_date"], body["last_date"]) == (
        "America/New_York",
        day.isoformat(),
        day.isoformat(),
    )


def test_search_by_visit_type_and_part_of_day(api, clinic, provider, day):
    visit = VisitTypeFactory(clinic=clinic, minutes=90)
    response = api.get(URL, {"date": day.isoformat(), "visit_type": str(visit.pk), "part_of_day": "afternoon"})
    assert starts(response) == ["13:00", "14:30"]
    assert response.json()["slots"][0]["visit_type"] == str(visit.pk)


def test_search_by_exact_time_over_a_range(api, clinic, provider, day):
    response = api.get(
        URL,
        {
            "start_date": day.isoformat(),
            "end_date": (day + dt.timedelta(days=1)).isoformat(),
            "time": "15:30",
            "minutes": 30,
        },
    )
    assert starts(response) == ["15:30"] * len({day, day + dt.timedelta(days=1)} - _weekend(day))


def _weekend(day: dt.date) -> set[dt.date]:
    return {d for d in (day, day + dt.timedelta(days=1)) if d.weekday() >= 5}


def test_search_by_several_providers_and_a_limit(api, clinic, provider, day):
    other = ProviderFactory(clinic=clinic)
    ProviderFactory(clinic=clinic)
    response = api.get(URL, {"provider": [str(provider.pk), str(other.pk)], "date": day.isoformat(), "limit": 5})
    slots = response.json()["slots"]
    assert len(slots) == 5
    assert {s["provider"] for s in slots} == {str(provider.pk), str(other.pk)}


def test_earliest_starts_from_now(api, clinic, provider):
    response = api.get(URL, {"earliest": "true", "limit": 3})
    body = response.json()
    assert response.status_code == 200
    assert len(body["slots"]) == 3
    assert dt.datetime.fromisoformat(body["slots"][0]["start"]) > dt.datetime.now(dt.UTC)


def test_a_closed_day_answers_alternatives(api, clinic, provider, day):
    ClinicClosureFactory(clinic=clinic, start_date=day, end_date=day)
    body = api.get(URL, {"date": day.isoformat(), "limit": 2}).json()
    assert body["slots"] == []
    assert [a["kind"] for a in body["alternatives"]] == ["wider_range"]
    assert len(body["alternatives"][0]["slots"]) == 2


def test_a_provider_closed_to_new_patients_is_listed_as_excluded(api, clinic, day):
    closed = ProviderFactory(clinic=clinic, accepting_new_patients=False)
    body = api.get(URL, {"date": day.isoformat()}).json()
    assert body["excluded_providers"] == [{"provider": str(closed.pk), "reason": "new-patients-not-accepted"}]


def test_new_patient_false_includes_them(api, clinic, day):
    closed = ProviderFactory(clinic=clinic, accepting_new_patients=False)
    body = api.get(URL, {"date": day.isoformat(), "new_patient": "false"}).json()
    assert {s["provider"] for s in body["slots"]} == {str(closed.pk)}


def test_a_returning_patient_sees_a_provider_closed_to_new_ones(api, clinic, day):
    closed = ProviderFactory(clinic=clinic, accepting_new_patients=False)
    patient = PatientFactory(clinic=clinic)
    AppointmentFactory(
        clinic=clinic,
        provider=closed,
        patient=patient,
        start_at=next_weekday_at(10, days_ahead=-14),
        status=Appointment.Status.COMPLETED,
    )
    body = api.get(URL, {"date": day.isoformat(), "patient": str(patient.pk)}).json()
    assert {s["provider"] for s in body["slots"]} == {str(closed.pk)}


def test_the_no_slash_address_answers_the_same(api, clinic, provider, day):
    assert starts(api.get("/api/v1/availability", {"date": day.isoformat()}))[0] == "09:00"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date": "2027-02-30"}, "date"),
        ({"part_of_day": "night"}, "part_of_day"),
        ({"time": "25:00"}, "time"),
        ({"limit": "0"}, "limit"),
        ({"limit": "51"}, "limit"),
        ({"earliest": "true", "date": "2027-03-01"}, "earliest"),
        ({"date": "2027-03-01", "start_date": "2027-03-01"}, "date"),
        ({"start_date": "2027-03-05", "end_date": "2027-03-01"}, "end_date"),
        ({"earliest": "maybe"}, "earliest"),
        ({"provider": "not-a-uuid"}, "provider"),
        ({"dat": "2027-03-01"}, "dat"),
    ],
)
def test_unreadable_queries_are_400_naming_the_field(api, clinic, params, field):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert field in {f.split(".")[0] for f in error_fields(response)}


def test_needs_an_api_key(client, clinic):
    assert client.get(URL).status_code == 401


# --- the booking API says why it refuses a time ----------------------------------------------------


def test_booking_at_lunch_is_409_outside_hours(api, provider, patient):
    response = api.post(
        "/api/v1/appointments/", booking(provider, patient, next_weekday_at(12, minute=30)), format="json"
    )
    assert (response.status_code, problem_type(response), response.json()["reason"]) == (
        409,
        "outside-hours",
        "outside-hours",
    )
    assert response["Content-Type"] == "application/problem+json"
    assert not Appointment.objects.exists()


def test_booking_on_a_closure_is_409_clinic_closed(api, clinic, provider, patient, slot):
    ClinicClosureFactory(clinic=clinic, name="Staff training", start_date=slot.date(), end_date=slot.date())
    response = api.post("/api/v1/appointments/", booking(provider, patient, slot), format="json")
    assert (response.status_code, problem_type(response)) == (409, "clinic-closed")
    assert "Staff training" in response.json()["detail"]


def test_booking_during_time_off_is_409_provider_time_off(api, clinic, provider, patient, slot):
    ProviderTimeOffFactory(clinic=clinic, provider=provider, starts_at=slot, ends_at=slot + dt.timedelta(hours=1))
    response = api.post("/api/v1/appointments/", booking(provider, patient, slot), format="json")
    assert (response.status_code, problem_type(response)) == (409, "provider-time-off")


def test_booking_a_new_patient_with_a_closed_list_is_409(api, clinic, patient, slot):
    closed = ProviderFactory(clinic=clinic, accepting_new_patients=False)
    response = api.post("/api/v1/appointments/", booking(closed, patient, slot), format="json")
    assert (response.status_code, problem_type(response)) == (409, "new-patients-not-accepted")


def test_booking_a_busy_slot_names_the_conflict_reason(api, clinic, provider, patient, slot):
    AppointmentFactory(clinic=clinic, provider=provider, start_at=slot)
    response = api.post("/api/v1/appointments/", booking(provider, patient, slot), format="json")
    assert (response.status_code, response.json()["reason"]) == (409, "conflict")


def test_rescheduling_into_a_closure_is_409_and_changes_nothing(api, clinic, provider, patient, slot):
    appointment = AppointmentFactory(clinic=clinic, provider=provider, patient=patient, start_at=slot)
    target = slot + dt.timedelta(days=1) if slot.weekday() < 4 else slot + dt.timedelta(days=3)
    ClinicClosureFactory(clinic=clinic, start_date=target.date(), end_date=target.date())
    response = api.post(
        f"/api/v1/appointments/{appointment.pk}/reschedule/", {"start": target.isoformat()}, format="json"
    )
    assert (response.status_code, problem_type(response)) == (409, "clinic-closed")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.SCHEDULED
