"""/api/v1/appointments/{id}/: milestones and notes (PATCH), cancel and reschedule."""

from __future__ import annotations

import datetime as dt

import pytest

from clinics.models import AuditEvent
from clinics.tests.api_support import error_fields
from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.models import Appointment
from scheduling.tests.api_support import booking
from scheduling.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/appointments/"


# --- milestones and notes ----------------------------------------------------------------


@pytest.fixture
def appointment(clinic, provider, patient, slot):
    return AppointmentFactory(clinic=clinic, provider=provider, patient=patient, start_at=slot)


def test_patch_changes_notes_and_reason(api, appointment):
    response = api.patch(f"{URL}{appointment.pk}/", {"notes": "Bring glucose log", "reason": "Diabetes"},
                         format="json")

    assert response.status_code == 200
    appointment.refresh_from_db()
    assert (appointment.notes, appointment.reason) == ("Bring glucose log", "Diabetes")


def test_patch_confirmed_records_when(api, appointment):
    response = api.patch(f"{URL}{appointment.pk}/", {"status": "CONFIRMED"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "CONFIRMED"
    appointment.refresh_from_db()
    assert appointment.confirmed_at is not None


def test_patch_checked_in_then_completed_records_both_times(api, appointment):
    api.patch(f"{URL}{appointment.pk}/", {"status": "CHECKED_IN"}, format="json")
    body = api.patch(f"{URL}{appointment.pk}/", {"status": "COMPLETED"}, format="json").json()

    assert body["status"] == "COMPLETED"
    assert body["checked_in_at"] is not None and body["completed_at"] is not None


def test_patch_cannot_set_cancelled(api, appointment):
    response = api.patch(f"{URL}{appointment.pk}/", {"status": "CANCELLED"}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["status"]


def test_patch_cannot_complete_a_cancelled_appointment(api, clinic, provider, slot):
    cancelled = AppointmentFactory(clinic=clinic, provider=provider, start_at=slot,
                                   status=Appointment.Status.CANCELLED)

    response = api.patch(f"{URL}{cancelled.pk}/", {"status": "COMPLETED"}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["status"]
    cancelled.refresh_from_db()
    assert cancelled.status == Appointment.Status.CANCELLED


def test_patch_refuses_to_move_the_appointment(api, appointment, slot):
    response = api.patch(f"{URL}{appointment.pk}/", {"start": (slot + dt.timedelta(hours=1)).isoformat()},
                         format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["start"]
    assert "reschedule" in response.json()["errors"][0]["detail"]


def test_patch_with_nothing_to_change_is_an_error(api, appointment):
    response = api.patch(f"{URL}{appointment.pk}/", {}, format="json")

    assert response.status_code == 400


@pytest.mark.parametrize("method", ["put", "delete"])
def test_appointments_are_not_replaced_or_deleted(api, appointment, method):
    assert getattr(api, method)(f"{URL}{appointment.pk}/", {}, format="json").status_code == 405


# --- cancelling ------------------------------------------------------------------------


def test_cancel_records_reason_and_who(api, appointment, api_key):
    response = api.post(f"{URL}{appointment.pk}/cancel/", {"reason": "Feeling better", "cancelled_by": "patient"},
                        format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["cancellation_reason"], body["cancelled_by"]) == (
        "CANCELLED", "Feeling better", "patient",
    )
    assert body["cancelled_at"] is not None
    event = AuditEvent.objects.get(action=AuditEvent.Action.APPOINTMENT_CANCELLED)
    assert (event.resource_id, event.actor_api_key) == (str(appointment.pk), api_key)


def test_cancel_by_default_is_by_staff(api, appointment):
    body = api.post(f"{URL}{appointment.pk}/cancel/", {"reason": "Provider sick"}, format="json").json()

    assert body["cancelled_by"] == "staff"


def test_cancel_frees_the_slot(api, clinic, appointment, provider, slot):
    api.post(f"{URL}{appointment.pk}/cancel/", {"reason": "Conflict"}, format="json")

    response = api.post(URL, booking(provider, PatientFactory(clinic=clinic), slot), format="json")

    assert response.status_code == 201


def test_cancel_needs_a_reason(api, appointment):
    response = api.post(f"{URL}{appointment.pk}/cancel/", {}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["reason"]


def test_cancel_with_an_unknown_cancelled_by_is_a_field_error(api, appointment):
    response = api.post(f"{URL}{appointment.pk}/cancel/", {"reason": "x", "cancelled_by": "robot"}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["cancelled_by"]


def test_cancel_twice_is_a_409(api, appointment):
    api.post(f"{URL}{appointment.pk}/cancel/", {"reason": "Feeling better"}, format="json")

    response = api.post(f"{URL}{appointment.pk}/cancel/", {"reason": "Again"}, format="json")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert "cancelled appointment cannot be cancelled" in response.json()["detail"]


def test_cancel_of_an_unknown_appointment_is_404(api):
    response = api.post(f"{URL}00000000-0000-4000-8000-000000000000/cancel/", {"reason": "x"}, format="json")

    assert response.status_code == 404


# --- rescheduling --------------------------------------------------------------------


def test_reschedule_answers_the_new_appointment_linked_to_the_old(api, appointment, slot):
    new_start = slot + dt.timedelta(days=1)

    response = api.post(f"{URL}{appointment.pk}/reschedule/", {"start": new_start.isoformat()}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] != str(appointment.pk)
    assert body["rescheduled_from"] == str(appointment.pk)
    assert dt.datetime.fromisoformat(body["start"]) == new_start
    assert (body["status"], body["duration_minutes"], body["booked_via"]) == ("SCHEDULED", 30, "api")
    assert response["Location"].endswith(f"{URL}{body['id']}/")


def test_reschedule_marks_the_old_appointment_rescheduled_and_points_it_to_the_new(api, appointment, slot):
    new_id = api.post(f"{URL}{appointment.pk}/reschedule/", {"start": (slot + dt.timedelta(days=1)).isoformat()},
                      format="json").json()["id"]

    old = api.get(f"{URL}{appointment.pk}/").json()

    assert old["status"] == "RESCHEDULED"
    assert old["rescheduled_to"] == new_id


def test_reschedule_frees_the_old_slot(api, clinic, appointment, provider, slot):
    api.post(f"{URL}{appointment.pk}/reschedule/", {"start": (slot + dt.timedelta(days=1)).isoformat()},
             format="json")

    response = api.post(URL, booking(provider, PatientFactory(clinic=clinic), slot), format="json")

    assert response.status_code == 201


def test_reschedule_may_overlap_the_appointments_own_old_time(api, appointment, slot):
    response = api.post(f"{URL}{appointment.pk}/reschedule/",
                        {"start": (slot + dt.timedelta(minutes=15)).isoformat()}, format="json")

    assert response.status_code == 201


def test_reschedule_to_another_provider_and_length(api, clinic, appointment, slot):
    other = ProviderFactory(clinic=clinic)

    body = api.post(f"{URL}{appointment.pk}/reschedule/",
                    {"start": slot.isoformat(), "provider": str(other.pk), "duration_minutes": 45},
                    format="json").json()

    assert (body["provider"], body["duration_minutes"]) == (str(other.pk), 45)


def test_reschedule_into_a_busy_slot_is_409_and_changes_nothing(api, clinic, appointment, provider, slot):
    busy = slot + dt.timedelta(hours=2)
    AppointmentFactory(clinic=clinic, provider=provider, start_at=busy)

    response = api.post(f"{URL}{appointment.pk}/reschedule/", {"start": busy.isoformat()}, format="json")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.SCHEDULED
    assert Appointment.objects.count() == 2


def test_reschedule_rejects_a_start_without_offset(api, appointment, slot):
    response = api.post(f"{URL}{appointment.pk}/reschedule/",
                        {"start": (slot + dt.timedelta(days=1)).replace(tzinfo=None).isoformat()}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["start"]


def test_reschedule_into_the_past_is_a_field_error_and_changes_nothing(api, appointment):
    response = api.post(f"{URL}{appointment.pk}/reschedule/", {"start": "2020-01-06T14:00:00Z"}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["start"]
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.SCHEDULED


def test_reschedule_to_end_after_the_year_9999_is_a_field_error_and_changes_nothing(api, appointment):
    response = api.post(f"{URL}{appointment.pk}/reschedule/", {"start": "9999-12-31T23:45:00Z"}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["start"]
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.SCHEDULED


def test_reschedule_of_a_cancelled_appointment_is_409(api, clinic, provider, slot):
    cancelled = AppointmentFactory(clinic=clinic, provider=provider, start_at=slot,
                                   status=Appointment.Status.CANCELLED)

    response = api.post(f"{URL}{cancelled.pk}/reschedule/", {"start": (slot + dt.timedelta(days=1)).isoformat()},
                        format="json")

    assert response.status_code == 409
