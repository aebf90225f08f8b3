"""Every admin change list, detail page, autocomplete source and filter, for a staff user of
clinic A with one row of every model in clinic A and in clinic B: B's rows never show.

The model list comes from the admin registry, so a newly registered admin is covered (and
fails `test_every_tenant_admin_has_a_row_in_the_matrix` until the matrix builds a row for it).
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse

from appeals.tests.factories import AppealFactory
from chat.tests.factories import WidgetConfigFactory
from claims.models import ServiceLinePayment
from claims.tests.factories import (
    AdjustmentFactory,
    ClaimFactory,
    ClaimLineFactory,
    ClaimPaymentFactory,
    DenialFactory,
    EdiFileFactory,
    RemittanceFactory,
)
from clinics.audit import Actor, audit_record
from clinics.consent import consent_give
from clinics.models import AuditEvent, Consent, Membership
from clinics.tests.admin_support import PLATFORM_APPS, admin_url, client_for_user, staff_of, tenant_admins
from clinics.tests.factories import ApiKeyFactory, MembershipFactory, PatientFactory, ProviderFactory, UserFactory
from contracts.tests.factories import ContractFactory, FeeScheduleLineFactory, PayerFactory, PayerPlanFactory
from fhir_sync.tests.factories import clinical_rows
from scheduling.tests.factories import (
    AppointmentFactory,
    ClinicClosureFactory,
    ConversationSessionFactory,
    HandoffRequestFactory,
    ProviderTimeOffFactory,
    VisitTypeFactory,
)

TENANT_LABELS = sorted(model._meta.label_lower for model, _ in tenant_admins())
TENANT_APPS = ("clinics", "scheduling", "contracts", "claims", "appeals")


def _autocomplete_sources():
    """(app_label, model_name, field_name) of every relation whose target admin can autocomplete."""
    sources = []
    for app_label in TENANT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.get_fields():
                if not (field.is_relation and field.concrete and (field.many_to_one or field.many_to_many)):
                    continue
                target = field.related_model
                if target._meta.app_label in PLATFORM_APPS or not admin.site.is_registered(target):
                    continue
                if admin.site.get_model_admin(target).search_fields:
                    sources.append((model._meta.app_label, model._meta.model_name, field.name))
    return sorted(sources)


AUTOCOMPLETE_SOURCES = _autocomplete_sources()


def build_clinic_rows(clinic, *, tag):
    """One row of each tenant model in `clinic`, keyed by model label; `tag` makes names unique
    and searchable ("Payer alpha", "PCN-alpha")."""

    rows = {"clinics.clinic": clinic}
    member = UserFactory(username=f"member-{tag}")
    rows["clinics.membership"] = MembershipFactory(user=member, clinic=clinic, role=Membership.Role.BILLER)
    rows["clinics.apikey"] = ApiKeyFactory(clinic=clinic, name=f"Key {tag}")
    provider = rows["clinics.provider"] = ProviderFactory(clinic=clinic, last_name=f"Doc{tag}")
    patient = rows["clinics.patient"] = PatientFactory(clinic=clinic, last_name=f"Pat{tag}")
    rows["clinics.consent"] = consent_give(
        actor=Actor.system(), clinic=clinic, kind=Consent.Kind.SMS, channel=Consent.Channel.SMS, patient=patient
    )
    rows["scheduling.visittype"] = VisitTypeFactory(clinic=clinic, name=f"Visit {tag}")
    rows["scheduling.appointment"] = AppointmentFactory(clinic=clinic, provider=provider, patient=patient)
    rows["scheduling.clinicclosure"] = ClinicClosureFactory(clinic=clinic, name=f"Closure {tag}")
    rows["scheduling.providertimeoff"] = ProviderTimeOffFactory(clinic=clinic, provider=provider, reason=f"Away {tag}")
    conversation = rows["scheduling.conversationsession"] = ConversationSessionFactory(
        clinic=clinic, patient=patient, appointment=rows["scheduling.appointment"]
    )
    rows["scheduling.handoffrequest"] = HandoffRequestFactory(clinic=clinic, conversation=conversation)
    payer = rows["contracts.payer"] = PayerFactory(clinic=clinic, name=f"Payer {tag}")
    rows["contracts.payerplan"] = PayerPlanFactory(clinic=clinic, payer=payer, name=f"Plan {tag}")
    contract = rows["contracts.contract"] = ContractFactory(clinic=clinic, payer=payer, name=f"Contract {tag}")
    FeeScheduleLineFactory(clinic=clinic, contract=contract)
    claim = rows["claims.claim"] = ClaimFactory(
        clinic=clinic, patient=patient, billing_provider=provider, payer=payer, patient_control_number=f"PCN-{tag}"
    )
    line = rows["claims.claimline"] = ClaimLineFactory(claim=claim, line_number=1)
    rows["claims.edifile"] = EdiFileFactory(
        clinic=clinic, name=f"claims-{tag}.837", validation_status="ERRORS", acknowledgement_code="R",
        acknowledgement=f"ISA*00*~ST*999*0001*005010X231~AK2*837*{tag}~IK5*R~AK9*R*1*1*0~SE*5*0001~",
    )
    remittance = rows["claims.remittance"] = RemittanceFactory(clinic=clinic, payer=payer, trace_number=f"TRN-{tag}")
    payment = rows["claims.claimpayment"] = ClaimPaymentFactory(
        remittance=remittance, claim=claim, patient_control_number=f"PCN-{tag}"
    )
    rows["claims.servicelinepayment"] = ServiceLinePayment.objects.create(
        clinic=clinic, claim_payment=payment, claim_line=line, procedure_code="99213",
        charge_amount=Decimal("150.00"), paid_amount=Decimal("0.00"), service_date=dt.date(2026, 9, 1),
    )
    AdjustmentFactory(claim_payment=payment)
    denial = rows["claims.denial"] = DenialFactory(
        claim=claim, claim_line=line, claim_payment=payment, assignee=member
    )
    rows["appeals.appeal"] = AppealFactory(denial=denial, author=member)
    rows.update(clinical_rows(clinic, patient=patient, tag=tag))
    rows["chat.widgetconfig"] = WidgetConfigFactory(clinic=clinic, allowed_origins=[f"https://{tag}.example"])
    rows["clinics.auditevent"] = audit_record(
        actor=Actor.system(), action=AuditEvent.Action.EXPORT, clinic=clinic, resource=claim,
    )
    return rows


@pytest.fixture
def world(clinic, other_clinic):
    return {"a": build_clinic_rows(clinic, tag="alpha"), "b": build_clinic_rows(other_clinic, tag="beta")}


@pytest.fixture
def staff_a(clinic):
    return staff_of(clinic, Membership.Role.ADMIN)


def _uuid_pks(rows):
    return {str(obj.pk) for obj in rows.values() if isinstance(obj.pk, uuid.UUID)}


def test_every_tenant_admin_has_a_row_in_the_matrix(world):
    assert set(TENANT_LABELS) <= set(world["a"])


@pytest.mark.parametrize("label", TENANT_LABELS)
def test_change_list_shows_own_clinic_rows_only(label, world, staff_a):
    model = apps.get_model(label)
    response = client_for_user(staff_a).get(admin_url(model, "changelist"))

    assert response.status_code == 200
    listed = set(response.context["cl"].queryset.values_list("pk", flat=True))
    assert world["a"][label].pk in listed
    assert world["b"][label].pk not in listed


@pytest.mark.parametrize("label", TENANT_LABELS)
def test_change_list_page_never_mentions_other_clinic_rows(label, world, staff_a):
    model = apps.get_model(label)
    html = client_for_user(staff_a).get(admin_url(model, "changelist")).content.decode()

    leaked = {pk for pk in _uuid_pks(world["b"]) if pk in html}
    assert leaked == set()


@pytest.mark.parametrize("label", TENANT_LABELS)
def test_filter_choices_never_list_other_clinic_rows(label, world, staff_a):
    model = apps.get_model(label)
    response = client_for_user(staff_a).get(admin_url(model, "changelist"))

    choices = {
        str(value)
        for spec in response.context["cl"].filter_specs
        for value, _ in getattr(spec, "lookup_choices", [])
    }
    assert choices & _uuid_pks(world["b"]) == set()


def test_payer_and_provider_filters_offer_own_clinic_choices(world, staff_a, clinic):
    from claims.models import Claim
    from scheduling.models import Appointment
    from scheduling.tests.factories import next_weekday_at

    # A second of each in clinic A, so the filters have a choice to offer.
    second_claim = ClaimFactory(clinic=clinic)
    second_appointment = AppointmentFactory(clinic=clinic, start_at=next_weekday_at(16))
    client = client_for_user(staff_a)
    claim_filters = client.get(admin_url(Claim, "changelist")).context["cl"].filter_specs
    appointment_filters = client.get(admin_url(Appointment, "changelist")).context["cl"].filter_specs

    payer_choices = next(s for s in claim_filters if getattr(s, "field_path", "") == "payer").lookup_choices
    provider_choices = next(s for s in appointment_filters if getattr(s, "field_path", "") == "provider").lookup_choices
    assert {pk for pk, _ in payer_choices} == {world["a"]["contracts.payer"].pk, second_claim.payer_id}
    assert {pk for pk, _ in provider_choices} == {world["a"]["clinics.provider"].pk, second_appointment.provider_id}


def test_filtering_by_another_clinics_payer_lists_nothing(world, staff_a):
    from claims.models import Claim

    url = admin_url(Claim, "changelist") + f"?payer__id__exact={world['b']['contracts.payer'].pk}"
    response = client_for_user(staff_a).get(url)

    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == []


@pytest.mark.parametrize("view", ["change", "history", "delete"])
@pytest.mark.parametrize("label", TENANT_LABELS)
def test_other_clinic_object_pages_are_not_found(label, view, world, staff_a):
    model = apps.get_model(label)
    client = client_for_user(staff_a)

    response = client.get(admin_url(model, view, world["b"][label].pk))

    if view == "delete" and "delete" not in admin.site.get_model_admin(model).operations:
        # Never deletable (audit events, API keys, clinics): refused whatever the id.
        assert response.status_code == 403
        return
    # Django's admin answers a missing object by sending the user to the index with a
    # "doesn't exist" message: exactly what it says for an id that was never there.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert any("doesn\u2019t exist" in str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize("label", TENANT_LABELS)
def test_other_clinic_object_cannot_be_changed_by_post(label, world, staff_a):
    model = apps.get_model(label)
    obj = world["b"][label]
    updated_at = getattr(obj, "updated_at", None)

    response = client_for_user(staff_a).post(admin_url(model, "change", obj.pk), {"name": "taken over"})

    assert response.status_code in {302, 403}
    assert response.status_code == 403 or response["Location"] == reverse("admin:index")
    obj.refresh_from_db()
    assert getattr(obj, "updated_at", None) == updated_at


@pytest.mark.parametrize(("app_label", "model_name", "field_name"), AUTOCOMPLETE_SOURCES)
def test_autocomplete_never_returns_other_clinic_rows(app_label, model_name, field_name, world, staff_a):
    url = reverse("admin:autocomplete")
    params = {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": ""}

    response = client_for_user(staff_a).get(url, params)

    assert response.status_code == 200
    returned = {item["id"] for item in response.json()["results"]}
    assert returned
    assert returned & _uuid_pks(world["b"]) == set()


def test_autocomplete_search_term_does_not_reach_other_clinic(world, staff_a):
    params = {"app_label": "claims", "model_name": "claim", "field_name": "payer", "term": "Payer beta"}

    response = client_for_user(staff_a).get(reverse("admin:autocomplete"), params)

    assert response.json()["results"] == []


@pytest.mark.parametrize("label", TENANT_LABELS)
def test_superuser_sees_both_clinics(label, world, superuser):
    model = apps.get_model(label)
    response = client_for_user(superuser).get(admin_url(model, "changelist"))

    listed = set(response.context["cl"].queryset.values_list("pk", flat=True))
    assert {world["a"][label].pk, world["b"][label].pk} <= listed


# The EDI pages of the claims admin (a file's result page, its 999, dismissing it) are views
# of their own rather than model-admin pages: another clinic's file is a plain 404 there.
@pytest.mark.parametrize("name", ["admin:claims_edi_file", "admin:claims_edi_ack"])
def test_other_clinic_edi_file_pages_are_not_found(name, world, staff_a):
    client = client_for_user(staff_a)

    theirs = client.get(reverse(name, args=[world["b"]["claims.edifile"].pk]))
    mine = client.get(reverse(name, args=[world["a"]["claims.edifile"].pk]))

    assert theirs.status_code == 404
    assert mine.status_code == 200  # the same page works for the clinic's own file


def test_other_clinic_quarantined_file_cannot_be_dismissed(world, staff_a):
    from claims.models import EdiFile

    theirs = world["b"]["claims.edifile"]
    EdiFile.objects.filter(pk=theirs.pk).update(status=EdiFile.Status.QUARANTINED)

    response = client_for_user(staff_a).post(reverse("admin:claims_edi_dismiss", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == EdiFile.Status.QUARANTINED


def test_superuser_opens_any_clinics_object(world, superuser):
    from claims.models import Claim

    response = client_for_user(superuser).get(admin_url(Claim, "change", world["b"]["claims.claim"].pk))

    assert response.status_code == 200


def test_staff_without_membership_gets_no_change_list(world):
    loner = UserFactory(username="loner")
    client = client_for_user(loner)

    statuses = {client.get(admin_url(apps.get_model(label), "changelist")).status_code for label in TENANT_LABELS}
    assert statuses == {403}
