"""The front desk's schedule in the admin: pages, search, filters, booking through the
service, and the confirm / cancel actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone
from django.utils.html import strip_tags

from clinics.models import AuditEvent, Membership, Patient, Provider
from clinics.tests.admin_support import (
    admin_url,
    assert_pages_render,
    changeform_data,
    client_for_user,
    staff_of,
)
from clinics.tests.factories import PatientFactory, ProviderFactory
from scheduling.models import Appointment, ClinicClosure, ProviderTimeOff
from scheduling.tests.factories import AppointmentFactory, ClinicClosureFactory, VisitTypeFactory, next_weekday_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(clinic):
    return staff_of(clinic, Membership.Role.FRONT_DESK)


@pytest.mark.parametrize("label", ["scheduling.appointment", "scheduling.visittype"])
@pytest.mark.parametrize("who", ["desk", "superuser"])
def test_pages_render_with_data(label, who, clinic, request):
    visit_type = VisitTypeFactory(clinic=clinic)
    rows = {"scheduling.visittype": visit_type,
            "scheduling.appointment": AppointmentFactory(clinic=clinic, visit_type=visit_type)}

    assert_pages_render(client_for_user(request.getfixturevalue(who)), rows[label])


def test_search_finds_appointments_by_patient_name(clinic, desk):
    wanted = AppointmentFactory(clinic=clinic, patient=PatientFactory(clinic=clinic, last_name="Quill"))
    AppointmentFactory(clinic=clinic, start_at=next_weekday_at(16))

    response = client_for_user(desk).get(admin_url(Appointment, "changelist"), {"q": "quill"})

    assert list(response.context["cl"].queryset) == [wanted]


def test_filter_by_status(clinic, desk):
    confirmed = AppointmentFactory(clinic=clinic, status=Appointment.Status.CONFIRMED)
    AppointmentFactory(clinic=clinic, start_at=next_weekday_at(16))

    response = client_for_user(desk).get(admin_url(Appointment, "changelist"), {"status__exact": "CONFIRMED"})

    assert list(response.context["cl"].queryset) == [confirmed]


def test_filter_by_provider(clinic, desk):
    wanted = AppointmentFactory(clinic=clinic)
    AppointmentFactory(clinic=clinic)

    response = client_for_user(desk).get(admin_url(Appointment, "changelist"),
                                         {"provider__id__exact": str(wanted.provider_id)})

    assert list(response.context["cl"].queryset) == [wanted]


def test_day_filter_lists_todays_appointments(clinic, desk):
    noon_today = timezone.localtime(timezone=clinic.tzinfo).replace(hour=12, minute=0, second=0, microsecond=0)
    today = AppointmentFactory(clinic=clinic, start_at=noon_today)
    AppointmentFactory(clinic=clinic, start_at=noon_today + dt.timedelta(days=3))

    response = client_for_user(desk).get(admin_url(Appointment, "changelist"), {"day": "today"})

    assert list(response.context["cl"].queryset) == [today]


def test_date_hierarchy_drills_into_a_day(clinic, desk):
    start = next_weekday_at(14, days_ahead=10)
    wanted = AppointmentFactory(clinic=clinic, start_at=start)
    AppointmentFactory(clinic=clinic, start_at=start + dt.timedelta(days=1))
    local = timezone.localtime(start, clinic.tzinfo)

    response = client_for_user(desk).get(admin_url(Appointment, "changelist"), {
        "start_at__year": local.year, "start_at__month": local.month, "start_at__day": local.day,
    })

    assert list(response.context["cl"].queryset) == [wanted]


def test_list_shows_times_in_the_clinics_time_zone(clinic, desk):
    start = dt.datetime(2030, 1, 7, 15, 0, tzinfo=dt.UTC)  # 10:00 in New York
    AppointmentFactory(clinic=clinic, start_at=start)

    html = client_for_user(desk).get(admin_url(Appointment, "changelist")).content.decode()

    assert "Mon 2030-01-07 10:00" in html


def test_appointment_page_shows_its_time_in_the_clinics_time_zone(clinic, desk):
    appointment = AppointmentFactory(clinic=clinic, start_at=dt.datetime(2030, 1, 7, 15, 0, tzinfo=dt.UTC))

    html = client_for_user(desk).get(admin_url(Appointment, "change", appointment.pk)).content.decode()

    assert "Jan. 7, 2030, 10 a.m." in html
    assert "Jan. 7, 2030, 3 p.m." not in html


def _book(client, **fields):
    url = admin_url(Appointment, "add")
    return client.post(url, changeform_data(client.get(url), **fields))


def test_booking_goes_through_the_service(clinic, desk):
    provider, patient = ProviderFactory(clinic=clinic), PatientFactory(clinic=clinic)
    visit_type = VisitTypeFactory(clinic=clinic, minutes=45)
    start = next_weekday_at(14)
    local = timezone.localtime(start, clinic.tzinfo)

    response = _book(client_for_user(desk), provider=provider.pk, patient=patient.pk, visit_type=visit_type.pk,
                     start_at_0=f"{local:%Y-%m-%d}", start_at_1=f"{local:%H:%M:%S}", reason="Check-up")

    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.start_at, appointment.end_at) == (start, start + dt.timedelta(minutes=45))
    assert (appointment.booked_via, appointment.clinic) == (Appointment.Channel.ADMIN, clinic)
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.APPOINTMENT_BOOKED)
    assert (event.actor_user, event.resource_id) == (desk, str(appointment.pk))
    assert response["Location"].endswith(admin_url(Appointment, "changelist"))


def test_booking_message_names_the_patient_and_provider_in_local_time(clinic, desk):
    provider = ProviderFactory(clinic=clinic, first_name="James", last_name="Okafor", title="DO")
    patient = PatientFactory(clinic=clinic, first_name="Dorothy", last_name="Clark")
    client = client_for_user(desk)

    response = _book(client, provider=provider.pk, patient=patient.pk, start_at_0="2030-01-08",
                     start_at_1="11:00:00", duration_minutes="30")

    shown = [strip_tags(str(m)) for m in response.wsgi_request._messages]
    assert shown == [
        "The appointment “Tue 2030-01-08 11:00 Dorothy Clark with James Okafor, DO (Scheduled)” was added "
        "successfully."
    ]


def test_booking_in_the_past_is_allowed_for_staff(clinic, desk):
    provider, patient = ProviderFactory(clinic=clinic), PatientFactory(clinic=clinic)
    last_week = next_weekday_at(9, days_ahead=-7)  # a weekday: inside the provider's hours

    response = _book(client_for_user(desk), provider=provider.pk, patient=patient.pk,
                     start_at_0=f"{last_week:%Y-%m-%d}", start_at_1="09:00:00", duration_minutes="20")

    assert response.status_code == 302
    assert Appointment.objects.get().duration_minutes == 20


def test_booking_over_another_appointment_is_a_form_error(clinic, desk):
    provider = ProviderFactory(clinic=clinic, first_name="James", last_name="Okafor", title="DO")
    existing = AppointmentFactory(clinic=clinic, provider=provider, duration_minutes=30,
                                  start_at=dt.datetime(2030, 1, 8, 15, 0, tzinfo=dt.UTC))  # 10:00 in New York

    response = _book(client_for_user(desk), provider=provider.pk, patient=PatientFactory(clinic=clinic).pk,
                     start_at_0="2030-01-08", start_at_1="10:10:00")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["start_at"] == [
        "James Okafor, DO already has an appointment from 10:00 to 10:30."
    ]
    assert list(Appointment.objects.all()) == [existing]


def test_booking_form_says_which_time_zone_times_are_in(clinic, desk):
    response = client_for_user(desk).get(admin_url(Appointment, "add"))

    assert response.context["adminform"].form.fields["start_at"].help_text == "Local time (America/New_York)."


def test_appointments_link_opens_the_schedule_from_today_on(clinic, desk):
    past = AppointmentFactory(clinic=clinic, start_at=timezone.now() - dt.timedelta(days=2))
    upcoming = AppointmentFactory(clinic=clinic, start_at=next_weekday_at(10), provider=past.provider)
    client = client_for_user(desk)
    html = client.get(admin_url(Appointment, "changelist")).content.decode()
    link = admin_url(Appointment, "changelist") + "?day=upcoming"
    assert f'href="{link}"' in html

    response = client.get(link)

    assert list(response.context["cl"].queryset) == [upcoming]


def test_booking_with_a_provider_on_leave_is_a_form_error(clinic, desk):
    provider = ProviderFactory(clinic=clinic, status=Provider.Status.ON_LEAVE)
    local = timezone.localtime(next_weekday_at(14), clinic.tzinfo)

    response = _book(client_for_user(desk), provider=provider.pk, patient=PatientFactory(clinic=clinic).pk,
                     start_at_0=f"{local:%Y-%m-%d}", start_at_1=f"{local:%H:%M:%S}")

    assert "provider" in response.context["adminform"].form.errors
    assert not Appointment.objects.exists()


def test_editing_notes_is_audited_and_cannot_move_the_appointment(clinic, desk):
    appointment = AppointmentFactory(clinic=clinic)
    start = appointment.start_at
    client = client_for_user(desk)
    url = admin_url(Appointment, "change", appointment.pk)

    client.post(url, changeform_data(client.get(url), notes="Bring insurance card", start_at_0="2031-01-01",
                                     start_at_1="08:00:00"))

    appointment.refresh_from_db()
    assert (appointment.notes, appointment.start_at) == ("Bring insurance card", start)
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, resource_id=str(appointment.pk))
    assert event.details == {"fields": ["notes"]}
    assert event.actor_user == desk


def test_confirm_action_confirms_scheduled_appointments(clinic, desk):
    scheduled = AppointmentFactory(clinic=clinic)
    cancelled = AppointmentFactory(clinic=clinic, status=Appointment.Status.CANCELLED)

    client_for_user(desk).post(admin_url(Appointment, "changelist"), {
        "action": "confirm", ACTION_CHECKBOX_NAME: [scheduled.pk, cancelled.pk],
    })

    scheduled.refresh_from_db()
    cancelled.refresh_from_db()
    assert scheduled.status == Appointment.Status.CONFIRMED
    assert scheduled.confirmed_at is not None
    assert cancelled.status == Appointment.Status.CANCELLED
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, actor_user=desk).count() == 1


def test_cancel_action_asks_for_a_reason_first(clinic, desk):
    appointment = AppointmentFactory(clinic=clinic)

    response = client_for_user(desk).post(admin_url(Appointment, "changelist"), {
        "action": "cancel", ACTION_CHECKBOX_NAME: [appointment.pk],
    })

    assert response.status_code == 200
    assert "reason" in response.context["form"].fields
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.SCHEDULED


def test_confirmed_cancel_calls_the_service(clinic, desk):
    appointment = AppointmentFactory(clinic=clinic)

    response = client_for_user(desk).post(admin_url(Appointment, "changelist"), {
        "action": "cancel", ACTION_CHECKBOX_NAME: [appointment.pk], "confirmed": "yes",
        "reason": "Patient called", "cancelled_by": "patient",
    })

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.status, appointment.cancellation_reason, appointment.cancelled_by) == (
        Appointment.Status.CANCELLED, "Patient called", "patient"
    )
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.APPOINTMENT_CANCELLED)
    assert event.actor_user == desk


def test_cancel_ignores_another_clinics_appointment_in_the_selection(clinic, other_clinic, desk):
    theirs = AppointmentFactory(clinic=other_clinic)

    client_for_user(desk).post(admin_url(Appointment, "changelist"), {
        "action": "cancel", ACTION_CHECKBOX_NAME: [theirs.pk], "confirmed": "yes", "reason": "x",
        "cancelled_by": "staff",
    })

    theirs.refresh_from_db()
    assert theirs.status == Appointment.Status.SCHEDULED


def test_biller_cannot_cancel_appointments(clinic):
    appointment = AppointmentFactory(clinic=clinic)
    biller = staff_of(clinic, Membership.Role.BILLER)

    response = client_for_user(biller).post(admin_url(Appointment, "changelist"), {
        "action": "cancel", ACTION_CHECKBOX_NAME: [appointment.pk], "confirmed": "yes", "reason": "x",
        "cancelled_by": "staff",
    })

    assert response.status_code == 403
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.SCHEDULED


def test_foreign_key_choices_are_the_users_clinics_rows(staff_user, clinic, other_clinic):
    mine, theirs = VisitTypeFactory(clinic=clinic), VisitTypeFactory(clinic=other_clinic)

    response = client_for_user(staff_user).get(admin_url(Appointment, "add"))

    choices = set(response.context["adminform"].form.fields["visit_type"].queryset)
    assert mine in choices
    assert theirs not in choices


def test_delete_confirmation_of_soft_deleted_model_is_not_blocked_by_related_rows(staff_user, clinic):
    appointment = AppointmentFactory(clinic=clinic)

    response = client_for_user(staff_user).get(admin_url(Patient, "delete", appointment.patient.pk))

    # A soft delete keeps the appointments pointing at the patient: nothing is protected.
    assert response.status_code == 200
    assert response.context["protected"] == []


def test_booking_at_lunch_is_a_form_error_naming_the_hours(clinic, desk):
    provider = ProviderFactory(clinic=clinic, first_name="James", last_name="Okafor", title="DO")
    day = next_weekday_at(12)

    response = _book(client_for_user(desk), provider=provider.pk, patient=PatientFactory(clinic=clinic).pk,
                     start_at_0=f"{day:%Y-%m-%d}", start_at_1="12:15:00", duration_minutes="30")

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["start_at"]
    assert error.startswith("James Okafor, DO does not see patients at 12:15 on ")
    assert error.endswith("(hours 09:00-12:00, 13:00-17:00).")
    assert not Appointment.objects.exists()


def test_booking_on_a_closure_is_a_form_error(clinic, desk):
    provider = ProviderFactory(clinic=clinic)
    day = next_weekday_at(10)
    ClinicClosureFactory(clinic=clinic, name="Staff training", start_date=day.date(), end_date=day.date())

    response = _book(client_for_user(desk), provider=provider.pk, patient=PatientFactory(clinic=clinic).pk,
                     start_at_0=f"{day:%Y-%m-%d}", start_at_1="10:00:00", duration_minutes="30")

    assert response.context["adminform"].form.errors["start_at"] == [
        f"The clinic is closed on {day.date()} (Staff training)."
    ]


def test_front_desk_adds_a_closure_audited(clinic, desk):
    url = admin_url(ClinicClosure, "add")
    client = client_for_user(desk)

    response = client.post(url, changeform_data(client.get(url), name="Inventory day", start_date="2030-02-05",
                                                end_date="2030-02-05", active="on"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    closure = ClinicClosure.objects.get()
    assert (closure.clinic, closure.source, closure.all_day) == (clinic, ClinicClosure.Source.MANUAL, True)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, resource_id=str(closure.pk)).exists()


def test_a_closure_with_one_time_is_a_form_error(clinic, desk):
    url = admin_url(ClinicClosure, "add")
    client = client_for_user(desk)

    response = client.post(url, changeform_data(client.get(url), name="Half day", start_date="2030-02-05",
                                                end_date="2030-02-05", start_time="13:00"))

    assert "end_time" in response.context["adminform"].form.errors
    assert not ClinicClosure.objects.exists()


def test_front_desk_records_provider_time_off(clinic, desk):
    provider = ProviderFactory(clinic=clinic)
    url = admin_url(ProviderTimeOff, "add")
    client = client_for_user(desk)

    response = client.post(url, changeform_data(client.get(url), provider=provider.pk, starts_at_0="2030-02-05",
                                                starts_at_1="08:00:00", ends_at_0="2030-02-07",
                                                ends_at_1="18:00:00", reason="Conference"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    away = ProviderTimeOff.objects.get()
    # Typed in the clinic's time zone (New York, UTC-5 in February).
    assert away.starts_at == dt.datetime(2030, 2, 5, 13, 0, tzinfo=dt.UTC)
