"""/api/v1/appointments/: book, list and filter. Changes, cancel and reschedule: test_api_appointment_changes.py."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinics.models import AuditEvent, Provider
from clinics.tests.api_support import error_fields
from clinics.tests.api_support import result_ids as ids
from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.models import Appointment
from scheduling.tests.api_support import booking
from scheduling.tests.factories import AppointmentFactory, VisitTypeFactory, next_weekday_at

pytestmark = pytest.mark.django_db

URL = "/api/v1/appointments/"
UTC = dt.UTC
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


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


def test_create_with_an_unknown_field_is_refused(api, clinic):
    provider = ProviderFactory.create(clinic=clinic)
    patient = PatientFactory.create(clinic=clinic)
    body = {"provider": str(provider.pk), "patient": str(patient.pk),
            "start": next_weekday_at(15).isoformat(), "duration_minuts": 45}

    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["duration_minuts"]
    assert not Appointment.objects.exists()


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
