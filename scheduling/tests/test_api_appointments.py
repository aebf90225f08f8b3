"""/api/v1/appointments/: list and filter, book, change, cancel and reschedule."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinics.models import AuditEvent, Provider
from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.models import Appointment
from scheduling.tests.factories import AppointmentFactory, VisitTypeFactory, next_weekday_at

pytestmark = pytest.mark.django_db

URL = "/api/v1/appointments/"
UTC = dt.UTC
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def error_fields(response) -> list[str]:
    assert response["Content-Type"] == "application/problem+json"
    return [error["field"] for error in response.json()["errors"]]


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def provider(clinic):
    return ProviderFactory(clinic=clinic, default_appointment_minutes=20)


@pytest.fixture
def patient(clinic):
    return PatientFactory(clinic=clinic)


@pytest.fixture
def slot():
    return next_weekday_at(14)


def booking(provider, patient, start, **extra):
    return {"provider": str(provider.pk), "patient": str(patient.pk), "start": start.isoformat(), **extra}


# --- booking --------------------------------------------------------------------------


def test_book_creates_the_appointment_through_the_api_channel(api, clinic, provider, patient, slot):
    response = api.post(URL, booking(provider, patient, slot, reason="Chest pain follow-up"), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    appointment = Appointment.objects.get(pk=body["id"])
    assert (appointment.clinic, appointment.provider, appointment.patient) == (clinic, provider, patient)
    assert appointment.start_at == slot
    assert appointment.booked_via == Appointment.Channel.API
    assert (body["status"], body["reason"], body["booked_via"]) == ("SCHEDULED", "Chest pain follow-up", "api")
    assert response["Location"].endswith(f"{URL}{body['id']}/")


def test_book_without_length_uses_the_providers_default(api, provider, patient, slot):
    body = api.post(URL, booking(provider, patient, slot), format="json").json()

    assert body["duration_minutes"] == 20
    assert dt.datetime.fromisoformat(body["end"]) == slot + dt.timedelta(minutes=20)


def test_book_with_a_visit_type_uses_its_length(api, clinic, provider, patient, slot):
    visit_type = VisitTypeFactory(clinic=clinic, minutes=45)

    body = api.post(URL, booking(provider, patient, slot, visit_type=str(visit_type.pk)), format="json").json()

    assert (body["duration_minutes"], body["visit_type"]) == (45, str(visit_type.pk))


def test_book_with_an_explicit_length_uses_it(api, provider, patient, slot):
    body = api.post(URL, booking(provider, patient, slot, duration_minutes=60), format="json").json()

    assert body["duration_minutes"] == 60


def test_book_accepts_a_start_with_a_utc_offset(api, provider, patient, slot):
    local = slot.astimezone(NEW_YORK)

    body = api.post(URL, booking(provider, patient, local), format="json").json()

    assert dt.datetime.fromisoformat(body["start"]) == slot


def test_book_is_audited_as_a_booking_by_the_key(api, api_key, provider, patient, slot):
    body = api.post(URL, booking(provider, patient, slot), format="json").json()

    event = AuditEvent.objects.get(resource_id=body["id"])
    assert event.action == AuditEvent.Action.APPOINTMENT_BOOKED
    assert event.actor_api_key == api_key
    assert event.details["via"] == "api"


def test_book_rejects_a_start_without_offset(api, provider, patient, slot):
    body = booking(provider, patient, slot)
    body["start"] = slot.replace(tzinfo=None).isoformat()

    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["start"]
    assert "offset" in response.json()["errors"][0]["detail"]
    assert not Appointment.objects.exists()


def test_book_rejects_a_date_without_a_time(api, provider, patient, slot):
    body = booking(provider, patient, slot)
    body["start"] = slot.date().isoformat()

    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["start"]


def test_book_rejects_an_impossible_date(api, provider, patient, slot):
    body = booking(provider, patient, slot)
    body["start"] = "2031-02-30T10:00:00+00:00"

    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["start"]


def test_book_rejects_a_start_in_the_past(api, provider, patient):
    response = api.post(URL, booking(provider, patient, dt.datetime(2020, 1, 6, 14, tzinfo=UTC)), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["start"]


def test_book_ending_after_the_year_9999_is_a_field_error(api, provider, patient):
    start = dt.datetime(9999, 12, 31, 23, 45, tzinfo=UTC)

    response = api.post(URL, booking(provider, patient, start), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "start", "detail": "The start time is too far in the future.", "code": "invalid"}
    ]
    assert not Appointment.objects.exists()


def test_book_requires_provider_patient_and_start(api):
    response = api.post(URL, {}, format="json")

    assert response.status_code == 400
    assert sorted(error_fields(response)) == ["patient", "provider", "start"]


def test_book_rejects_a_length_outside_5_to_480_minutes(api, provider, patient, slot):
    response = api.post(URL, booking(provider, patient, slot, duration_minutes=481), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["duration_minutes"]


def test_book_with_an_unknown_provider_says_it_does_not_exist(api, patient, slot):
    body = {"provider": "00000000-0000-4000-8000-000000000000", "patient": str(patient.pk), "start": slot.isoformat()}

    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["provider"]
    assert "does not exist" in response.json()["errors"][0]["detail"]


def test_book_with_a_malformed_provider_id_is_a_field_error(api, patient, slot):
    body = {"provider": "dr-house", "patient": str(patient.pk), "start": slot.isoformat()}

    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["provider"]


def test_book_with_a_soft_deleted_patient_says_it_does_not_exist(api, provider, patient, slot):
    patient.soft_delete()

    response = api.post(URL, booking(provider, patient, slot), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["patient"]
    assert "does not exist" in response.json()["errors"][0]["detail"]


def test_book_with_an_inactive_visit_type_says_it_does_not_exist(api, clinic, provider, patient, slot):
    visit_type = VisitTypeFactory(clinic=clinic, active=False)

    response = api.post(URL, booking(provider, patient, slot, visit_type=str(visit_type.pk)), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["visit_type"]


def test_book_with_a_provider_on_leave_is_a_field_error(api, clinic, patient, slot):
    on_leave = ProviderFactory(clinic=clinic, status=Provider.Status.ON_LEAVE)

    response = api.post(URL, booking(on_leave, patient, slot), format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["provider"]
    assert "not taking appointments" in response.json()["errors"][0]["detail"]


def test_book_when_the_provider_is_busy_is_a_409_problem(api, clinic, provider, patient, slot):
    taken = AppointmentFactory(clinic=clinic, provider=provider, start_at=slot, duration_minutes=30)

    response = api.post(URL, booking(provider, PatientFactory(clinic=clinic), slot + dt.timedelta(minutes=15)),
                        format="json")

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 409
    assert body["type"].endswith("/conflict")
    assert body["conflicting_id"] == str(taken.pk)
    assert Appointment.objects.count() == 1


def test_book_right_after_another_appointment_is_not_a_conflict(api, clinic, provider, patient, slot):
    AppointmentFactory(clinic=clinic, provider=provider, start_at=slot, duration_minutes=30)

    response = api.post(URL, booking(provider, patient, slot + dt.timedelta(minutes=30)), format="json")

    assert response.status_code == 201


def test_book_over_a_cancelled_appointment_is_not_a_conflict(api, clinic, provider, patient, slot):
    AppointmentFactory(clinic=clinic, provider=provider, start_at=slot, status=Appointment.Status.CANCELLED)

    assert api.post(URL, booking(provider, patient, slot), format="json").status_code == 201


def test_book_retried_with_the_same_idempotency_key_books_once(api, provider, patient, slot):
    body = booking(provider, patient, slot)

    first = api.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="book-1")
    second = api.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="book-1")

    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["id"] == first.json()["id"]
    assert Appointment.objects.count() == 1


# --- reading and filtering --------------------------------------------------------------


def test_detail_shows_the_appointment(api, clinic, provider, patient, slot):
    appointment = AppointmentFactory(clinic=clinic, provider=provider, patient=patient, start_at=slot)

    body = api.get(f"{URL}{appointment.pk}/").json()

    assert body["id"] == str(appointment.pk)
    assert (body["provider"], body["patient"]) == (str(provider.pk), str(patient.pk))
    assert body["provider_name"] == provider.display_name
    assert body["patient_name"] == patient.full_name
    assert dt.datetime.fromisoformat(body["start"]) == slot
    assert body["rescheduled_from"] is None and body["rescheduled_to"] is None


def test_list_costs_the_same_queries_for_one_appointment_or_many(api, clinic, provider, slot):
    AppointmentFactory(clinic=clinic, provider=provider, start_at=slot)
    api.get(URL)  # warm the key cache
    with CaptureQueriesContext(connection) as one:
        api.get(URL)
    for hours in (1, 2, 3):
        old = AppointmentFactory(clinic=clinic, start_at=slot + dt.timedelta(hours=hours),
                                 status=Appointment.Status.RESCHEDULED)
        AppointmentFactory(clinic=clinic, start_at=slot + dt.timedelta(days=1, hours=hours), rescheduled_from=old)
    with CaptureQueriesContext(connection) as seven:
        response = api.get(URL)

    assert len(response.json()["results"]) == 7
    assert len(seven) == len(one)


def test_list_is_ordered_by_start(api, clinic, provider, slot):
    later = AppointmentFactory(clinic=clinic, provider=provider, start_at=slot + dt.timedelta(hours=2))
    earlier = AppointmentFactory(clinic=clinic, provider=provider, start_at=slot)

    assert ids(api.get(URL)) == [str(earlier.pk), str(later.pk)]


def test_list_filters_by_a_date_range_in_the_clinics_time_zone(api, clinic, provider):
    # 23:30 on March 3 in New York is 04:30 UTC on March 4: it belongs to March 3.
    evening_before = AppointmentFactory(
        clinic=clinic, provider=provider, start_at=dt.datetime(2031, 3, 3, 23, 30, tzinfo=NEW_YORK)
    )
    on_the_day = AppointmentFactory(
        clinic=clinic, provider=provider, start_at=dt.datetime(2031, 3, 4, 9, tzinfo=NEW_YORK)
    )
    AppointmentFactory(clinic=clinic, provider=provider, start_at=dt.datetime(2031, 3, 5, 0, 0, tzinfo=NEW_YORK))

    response = api.get(URL, {"start_after": "2031-03-04", "start_before": "2031-03-04"})

    assert ids(response) == [str(on_the_day.pk)]
    assert evening_before.start_at.astimezone(UTC).date() == dt.date(2031, 3, 4)


def test_list_filters_by_date_times_with_offsets(api, clinic, provider):
    nine = AppointmentFactory(clinic=clinic, provider=provider, start_at=dt.datetime(2031, 3, 4, 14, tzinfo=UTC))
    AppointmentFactory(clinic=clinic, provider=provider, start_at=dt.datetime(2031, 3, 4, 15, tzinfo=UTC))

    response = api.get(URL, {"start_after": "2031-03-04T09:00:00-05:00", "start_before": "2031-03-04T10:00:00-05:00"})

    assert ids(response) == [str(nine.pk)]


def test_list_reads_an_unencoded_plus_in_an_offset_as_plus(api, clinic, provider):
    AppointmentFactory(clinic=clinic, provider=provider, start_at=dt.datetime(2031, 3, 4, 7, tzinfo=UTC))
    later = AppointmentFactory(clinic=clinic, provider=provider, start_at=dt.datetime(2031, 3, 4, 9, tzinfo=UTC))

    # "+02:00" sent unencoded in a query string arrives as " 02:00".
    response = api.get(f"{URL}?start_after=2031-03-04T10:00:00+02:00")

    assert ids(response) == [str(later.pk)]


def test_list_with_an_unreadable_date_is_a_field_error(api):
    response = api.get(URL, {"start_after": "next tuesday"})

    assert response.status_code == 400
    assert error_fields(response) == ["start_after"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("start_before", "9999-12-31"),  # includes the day, so ends on a day that does not exist
        ("start_after", "0001-01-01T00:00:00+14:00"),  # before year 1 in UTC
        ("start_after", "9999-12-31T23:00:00-14:00"),  # after year 9999 in UTC
    ],
)
def test_list_with_a_bound_outside_the_calendar_is_a_field_error(api, name, value):
    response = api.get(URL, {name: value})

    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": name, "detail": "The date is out of range.", "code": "invalid"}]


def test_list_filters_by_provider_and_patient(api, clinic, provider, patient, slot):
    mine = AppointmentFactory(clinic=clinic, provider=provider, patient=patient, start_at=slot)
    AppointmentFactory(clinic=clinic, provider=provider, start_at=slot + dt.timedelta(hours=1))
    AppointmentFactory(clinic=clinic, patient=patient, start_at=slot)

    assert ids(api.get(URL, {"provider": str(provider.pk), "patient": str(patient.pk)})) == [str(mine.pk)]


def test_list_filters_by_several_statuses(api, clinic, provider, slot):
    scheduled = AppointmentFactory(clinic=clinic, provider=provider, start_at=slot)
    confirmed = AppointmentFactory(
        clinic=clinic, provider=provider, start_at=slot + dt.timedelta(hours=1), status=Appointment.Status.CONFIRMED
    )
    AppointmentFactory(
        clinic=clinic, provider=provider, start_at=slot + dt.timedelta(hours=2), status=Appointment.Status.CANCELLED
    )

    assert ids(api.get(URL, {"status": ["SCHEDULED", "CONFIRMED"]})) == [str(scheduled.pk), str(confirmed.pk)]


def test_list_with_a_malformed_provider_id_is_a_field_error(api):
    response = api.get(URL, {"provider": "nope"})

    assert response.status_code == 400
    assert error_fields(response) == ["provider"]


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


def test_create_with_an_unknown_field_is_refused(api, clinic):
    provider = ProviderFactory.create(clinic=clinic)
    patient = PatientFactory.create(clinic=clinic)
    body = {"provider": str(provider.pk), "patient": str(patient.pk),
            "start": next_weekday_at(15).isoformat(), "duration_minuts": 45}

    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["duration_minuts"]
    assert not Appointment.objects.exists()
