"""The audit trail is append-only, carries the request context, and never holds PHI values."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client

from clinics.audit import Actor, audit_record
from clinics.models import AuditEvent, AuditImmutableError, Clinic
from clinics.services import patient_create, patient_update
from clinics.tests.factories import PatientFactory, UserFactory
from nuvae.lib import context
from nuvae.lib.context import RequestContext

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")


@pytest.fixture
def event(clinic: Clinic) -> AuditEvent:
    return audit_record(
        actor=Actor.system(), action=AuditEvent.Action.EXPORT, clinic=clinic, resource_type="claims.Claim",
        resource_id="c-1",
    )


@pytest.fixture
def bound_context() -> Any:
    token = context.bind(RequestContext(request_id="req-abc-123", ip="203.0.113.9", user_agent="FrontDesk/2.1"))
    yield
    context.unbind(token)


def _stored(event: AuditEvent) -> AuditEvent:
    return AuditEvent.objects.get(pk=event.pk)


# --- the model layer refuses changes ---------------------------------------------------------


def test_saving_an_existing_event_raises(event: AuditEvent) -> None:
    event.action = AuditEvent.Action.DELETE
    with pytest.raises(AuditImmutableError):
        event.save()
    assert _stored(event).action == AuditEvent.Action.EXPORT


def test_saving_an_existing_event_with_update_fields_raises(event: AuditEvent) -> None:
    event.resource_id = "c-2"
    with pytest.raises(AuditImmutableError):
        event.save(update_fields=["resource_id"])
    assert _stored(event).resource_id == "c-1"


def test_queryset_update_raises(event: AuditEvent) -> None:
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action="X")
    assert _stored(event).action == AuditEvent.Action.EXPORT


def test_manager_update_raises(event: AuditEvent) -> None:
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.update(severity=AuditEvent.Severity.CRITICAL)
    assert _stored(event).severity == AuditEvent.Severity.INFO


def test_bulk_update_raises(event: AuditEvent) -> None:
    event.action = AuditEvent.Action.DELETE
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.bulk_update([event], ["action"])
    assert _stored(event).action == AuditEvent.Action.EXPORT


def test_instance_delete_raises(event: AuditEvent) -> None:
    with pytest.raises(AuditImmutableError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_delete_raises(event: AuditEvent) -> None:
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_all_events_delete_raises(event: AuditEvent) -> None:
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1


def test_clinic_with_history_cannot_be_deleted(event: AuditEvent, clinic: Clinic) -> None:
    with pytest.raises(ProtectedError), transaction.atomic():
        clinic.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# --- and on PostgreSQL so does the database ---------------------------------------------------


@postgres_only
def test_trigger_refuses_raw_sql_update(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE clinics_auditevent SET action = 'X'")
    assert _stored(event).action == AuditEvent.Action.EXPORT


@postgres_only
def test_trigger_refuses_raw_sql_delete(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM clinics_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@postgres_only
def test_trigger_still_allows_inserts(clinic: Clinic) -> None:
    audit_record(actor=Actor.system(), action=AuditEvent.Action.IMPORT, clinic=clinic)
    audit_record(actor=Actor.system(), action=AuditEvent.Action.IMPORT, clinic=clinic)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 2


# --- what a record carries --------------------------------------------------------------------


@pytest.mark.usefixtures("bound_context")
def test_audit_record_captures_request_id_from_context(clinic: Clinic) -> None:
    event = audit_record(actor=Actor.system(), action=AuditEvent.Action.EXPORT, clinic=clinic)
    assert _stored(event).request_id == "req-abc-123"


@pytest.mark.usefixtures("bound_context")
def test_audit_record_captures_ip_from_context(clinic: Clinic) -> None:
    event = audit_record(actor=Actor.system(), action=AuditEvent.Action.EXPORT, clinic=clinic)
    assert _stored(event).ip == "203.0.113.9"


@pytest.mark.usefixtures("bound_context")
def test_audit_record_captures_user_agent_from_context(clinic: Clinic) -> None:
    event = audit_record(actor=Actor.system(), action=AuditEvent.Action.EXPORT, clinic=clinic)
    assert _stored(event).user_agent == "FrontDesk/2.1"


def test_audit_record_drops_a_bound_ip_that_is_not_an_address(clinic: Clinic) -> None:
    token = context.bind(RequestContext(request_id="task-1", ip="unknown"))
    try:
        event = audit_record(actor=Actor.system(), action=AuditEvent.Action.IMPORT, clinic=clinic)
    finally:
        context.unbind(token)
    assert (_stored(event).ip, _stored(event).request_id) == (None, "task-1")


def test_audit_record_outside_a_request_leaves_context_fields_empty(clinic: Clinic) -> None:
    event = _stored(audit_record(actor=Actor.system(), action=AuditEvent.Action.EXPORT, clinic=clinic))
    assert (event.request_id, event.ip, event.user_agent) == ("", None, "")


def test_audit_record_names_the_resource_by_label_and_pk(clinic: Clinic) -> None:
    patient = PatientFactory.create(clinic=clinic)
    event = audit_record(actor=Actor.system(), action=AuditEvent.Action.VIEW, clinic=clinic, resource=patient)
    assert (event.resource_type, event.resource_id) == ("clinics.Patient", str(patient.pk))


def test_audit_record_for_a_user_keeps_user_and_label(clinic: Clinic) -> None:
    user = UserFactory.create(username="billing-bob")
    event = _stored(audit_record(actor=Actor.for_user(user), action=AuditEvent.Action.EXPORT, clinic=clinic))
    assert (event.actor_type, event.actor_user_id, event.actor_label) == ("user", user.pk, "billing-bob")


def test_audit_record_defaults_to_info_severity(event: AuditEvent) -> None:
    assert _stored(event).severity == AuditEvent.Severity.INFO


def test_patient_update_records_field_names_only(clinic: Clinic) -> None:
    patient = PatientFactory.create(clinic=clinic, first_name="Old", phone="+12025550101")
    patient_update(
        actor=Actor.system(), patient=patient, data={"first_name": "Zenobia", "phone": "+12025550187"}
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, resource_id=str(patient.pk))
    assert event.details == {"fields": ["first_name", "phone"]}


def test_patient_update_details_contain_no_phi_values(clinic: Clinic) -> None:
    patient = PatientFactory.create(clinic=clinic, first_name="Old", last_name="Name", phone="+12025550101")
    patient_update(
        actor=Actor.system(), patient=patient,
        data={"first_name": "Zenobia", "last_name": "Quartermaine", "phone": "+12025550187"},
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, resource_id=str(patient.pk))
    serialized = json.dumps(event.details)
    for value in ("Zenobia", "Quartermaine", "2025550187", "Old", "2025550101"):
        assert value not in serialized


def test_patient_create_details_contain_no_phi_values(clinic: Clinic) -> None:
    patient = patient_create(
        actor=Actor.system(), clinic=clinic, first_name="Zenobia", last_name="Quartermaine",
        date_of_birth=dt.date(1980, 2, 29), phone="+12025550187",
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, resource_id=str(patient.pk))
    serialized = json.dumps(event.details)
    for value in ("Zenobia", "Quartermaine", "1980", "2025550187"):
        assert value not in serialized


# --- staff logins -------------------------------------------------------------------------------


def test_successful_login_is_audited() -> None:
    user = UserFactory.create(username="front-desk-fay")
    Client().force_login(user)
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert (event.actor_user_id, event.resource_id) == (user.pk, str(user.pk))


def test_failed_login_is_audited_without_the_password() -> None:
    UserFactory.create(username="front-desk-fay")
    assert authenticate(username="front-desk-fay", password="hunter2-wrong") is None
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.details == {"username": "front-desk-fay"}
    assert event.severity == AuditEvent.Severity.WARNING
    assert "hunter2" not in json.dumps(event.details)


def test_failed_admin_login_carries_the_request_id_and_client() -> None:
    UserFactory.create(username="front-desk-fay")
    response = Client(REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Browser/9").post(
        "/admin/login/", {"username": "front-desk-fay", "password": "wrong"}, HTTP_X_REQUEST_ID="login-req-1"
    )
    assert response["X-Request-ID"] == "login-req-1"
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert (event.request_id, event.ip, event.user_agent) == ("login-req-1", "198.51.100.23", "Browser/9")
