"""Writes through the admin are audited with the staff user as actor; the audit log itself
cannot be written through the admin; staff logins are recorded, passwords never."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from clinics.audit import Actor, audit_record
from clinics.models import AuditEvent, Patient
from clinics.tests.admin_support import admin_url, changeform_data, client_for_user
from clinics.tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


def _events(action, resource):
    return list(AuditEvent.objects.filter(action=action, resource_id=str(resource.pk)))


def test_admin_create_writes_create_event_with_the_staff_user(staff_user, clinic):
    client = client_for_user(staff_user)
    url = admin_url(Patient, "add")
    data = changeform_data(client.get(url), first_name="Ada", last_name="Quill", date_of_birth="1980-04-02",
                           phone="+12025550188", mrn="MRN-ADA")

    response = client.post(url, data)

    assert response.status_code == 302
    patient = Patient.objects.get(mrn="MRN-ADA")
    [event] = _events(AuditEvent.Action.CREATE, patient)
    assert (event.actor_type, event.actor_user, event.clinic) == (AuditEvent.ActorType.USER, staff_user, clinic)
    assert event.resource_type == "clinics.Patient"


def test_admin_update_records_changed_field_names_not_values(staff_user, clinic):
    patient = PatientFactory(clinic=clinic, phone="+12025550101")
    client = client_for_user(staff_user)
    url = admin_url(Patient, "change", patient.pk)

    client.post(url, changeform_data(client.get(url), phone="+12025550199"))

    [event] = _events(AuditEvent.Action.UPDATE, patient)
    assert event.actor_user == staff_user
    assert event.details == {"fields": ["phone"]}
    assert "5550199" not in str(event.details)


def test_admin_delete_soft_deletes_and_writes_delete_event(staff_user, clinic):
    patient = PatientFactory(clinic=clinic)
    client = client_for_user(staff_user)

    response = client.post(admin_url(Patient, "delete", patient.pk), {"post": "yes"})

    assert response.status_code == 302
    assert Patient.all_objects.get(pk=patient.pk).deleted_at is not None
    [event] = _events(AuditEvent.Action.DELETE, patient)
    assert event.actor_user == staff_user
    assert event.details == {"soft": True}


def test_bulk_delete_action_audits_each_row(staff_user, clinic):
    patients = PatientFactory.create_batch(2, clinic=clinic)
    client = client_for_user(staff_user)

    client.post(admin_url(Patient, "changelist"), {
        "action": "delete_selected", ACTION_CHECKBOX_NAME: [p.pk for p in patients], "post": "yes",
    })

    assert Patient.objects.filter(pk__in=[p.pk for p in patients]).count() == 0
    deleted = AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, actor_user=staff_user)
    assert sorted(e.resource_id for e in deleted) == sorted(str(p.pk) for p in patients)


@pytest.fixture
def event(clinic):
    return audit_record(actor=Actor.system(), action=AuditEvent.Action.EXPORT, clinic=clinic, resource=clinic)


@pytest.mark.parametrize("who", ["staff_user", "superuser"])
def test_audit_log_add_page_is_refused(who, request, event):
    client = client_for_user(request.getfixturevalue(who))

    assert client.get(admin_url(AuditEvent, "add")).status_code == 403
    assert client.post(admin_url(AuditEvent, "add"), {"action": "LOGIN"}).status_code == 403


@pytest.mark.parametrize("who", ["staff_user", "superuser"])
def test_audit_log_change_is_refused(who, request, event):
    client = client_for_user(request.getfixturevalue(who))

    response = client.post(admin_url(AuditEvent, "change", event.pk), {"action": "LOGIN", "severity": "info"})

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action == AuditEvent.Action.EXPORT


@pytest.mark.parametrize("who", ["staff_user", "superuser"])
def test_audit_log_delete_is_refused(who, request, event):
    client = client_for_user(request.getfixturevalue(who))

    assert client.get(admin_url(AuditEvent, "delete", event.pk)).status_code == 403
    assert client.post(admin_url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_log_detail_is_read_only(staff_user, event):
    response = client_for_user(staff_user).get(admin_url(AuditEvent, "change", event.pk))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["adminform"].form.fields == {}


def test_audit_log_offers_no_bulk_actions(superuser, event):
    response = client_for_user(superuser).get(admin_url(AuditEvent, "changelist"))

    assert response.context["action_form"] is None


def test_audit_log_is_searchable_by_request_id(staff_user, clinic, event):
    tagged = AuditEvent.objects.create(
        clinic=clinic, actor_type=AuditEvent.ActorType.SYSTEM, action=AuditEvent.Action.EXPORT, request_id="req-42"
    )

    response = client_for_user(staff_user).get(admin_url(AuditEvent, "changelist"), {"q": "req-42"})

    assert [e.pk for e in response.context["cl"].queryset] == [tagged.pk]


def test_audit_log_filters_by_severity(staff_user, clinic, event):
    warning = audit_record(actor=Actor.system(), action=AuditEvent.Action.UPDATE, clinic=clinic, resource=clinic,
                           severity=AuditEvent.Severity.WARNING)

    response = client_for_user(staff_user).get(admin_url(AuditEvent, "changelist"), {"severity__exact": "warning"})

    assert [e.pk for e in response.context["cl"].queryset] == [warning.pk]


def test_admin_login_records_login_event():
    user = UserFactory(username="frontdesk")
    client = Client()

    response = client.post(reverse("admin:login"), {"username": "frontdesk", "password": "correct-horse-battery"})

    assert response.status_code == 302
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN)
    assert (event.actor_type, event.actor_user, event.resource_id) == (AuditEvent.ActorType.USER, user, str(user.pk))


def test_admin_login_failure_records_username_but_never_the_password():
    UserFactory(username="frontdesk")
    client = Client()

    response = client.post(reverse("admin:login"), {"username": "frontdesk", "password": "Wrong-Secret-123"})

    assert response.status_code == 200
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.details == {"username": "frontdesk"}
    assert event.severity == AuditEvent.Severity.WARNING
    assert event.actor_user is None
    stored = " ".join(str(v) for v in AuditEvent.objects.values_list().get(pk=event.pk))
    assert "Wrong-Secret-123" not in stored
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists()


def test_audit_log_shows_times_in_the_clinics_time_zone(staff_user, clinic):
    event = audit_record(actor=Actor.system(), action=AuditEvent.Action.EXPORT, clinic=clinic, resource=clinic)
    event.refresh_from_db()
    local = event.occurred_at.astimezone(clinic.tzinfo)
    client = client_for_user(staff_user)

    html = client.get(admin_url(AuditEvent, "change", event.pk)).content.decode()

    assert date_format(local, "DATETIME_FORMAT") in html


def test_audit_log_links_each_event_to_its_record(staff_user, clinic):
    patient = PatientFactory(clinic=clinic)
    audit_record(actor=Actor.system(), action=AuditEvent.Action.EXPORT, clinic=clinic, resource=patient)

    html = client_for_user(staff_user).get(admin_url(AuditEvent, "changelist")).content.decode()

    link = admin_url(Patient, "change", patient.pk)
    assert f'<a href="{link}" title="{patient.pk}">Patient {str(patient.pk)[:8]}</a>' in html
