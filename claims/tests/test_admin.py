"""Billing staff's admin: claims, remittances, payments and the denial worklist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Claim, ClaimLine, ClaimPayment, Denial, Remittance, ServiceLinePayment
from claims.tests.factories import (
    AdjustmentFactory,
    ClaimFactory,
    ClaimLineFactory,
    ClaimPaymentFactory,
    DenialFactory,
)
from clinics.models import AuditEvent, Membership
from clinics.tests.admin_support import (
    admin_url,
    assert_pages_render,
    changeform_data,
    client_for_user,
    rendered_inputs,
    staff_of,
)
from clinics.tests.factories import MembershipFactory, PatientFactory, ProviderFactory
from contracts.tests.factories import PayerFactory
from scheduling.models import Appointment
from scheduling.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db


def build_billing_rows(clinic, *, tag):
    """One of each billing row in `clinic`, linked the way an 835 links them."""
    member = staff_of(clinic, Membership.Role.BILLER, username=f"member-{tag}")
    claim = ClaimFactory(clinic=clinic, patient_control_number=f"PCN-{tag}")
    line = ClaimLineFactory(claim=claim, line_number=1)
    payment = ClaimPaymentFactory(remittance__clinic=clinic, remittance__payer=claim.payer, claim=claim,
                                  patient_control_number=claim.patient_control_number)
    line_payment = ServiceLinePayment.objects.create(
        clinic=clinic, claim_payment=payment, claim_line=line, procedure_code="99213",
        charge_amount=Decimal("150.00"), paid_amount=Decimal("0.00"), service_date=dt.date(2026, 9, 1),
    )
    AdjustmentFactory(claim_payment=payment, service_line_payment=line_payment)
    denial = DenialFactory(claim=claim, claim_line=line, claim_payment=payment, assignee=member)
    return {"claims.claim": claim, "claims.claimline": line, "claims.remittance": payment.remittance,
            "claims.claimpayment": payment, "claims.denial": denial}

LABELS = ["claims.claim", "claims.claimline", "claims.remittance", "claims.claimpayment", "claims.denial"]


@pytest.fixture
def biller(clinic):
    return staff_of(clinic, Membership.Role.BILLER)


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("who", ["biller", "superuser"])
def test_pages_render_with_data(label, who, clinic, request):
    rows = build_billing_rows(clinic, tag="alpha")

    assert_pages_render(client_for_user(request.getfixturevalue(who)), rows[label])


@pytest.mark.parametrize("model", [Claim, Remittance, ClaimPayment, Denial])
def test_change_list_queries_do_not_grow_with_rows(model, clinic, biller):
    client = client_for_user(biller)
    build_billing_rows(clinic, tag="one")
    with CaptureQueriesContext(connection) as few:
        client.get(admin_url(model, "changelist"))
    build_billing_rows(clinic, tag="two")
    build_billing_rows(clinic, tag="three")

    with CaptureQueriesContext(connection) as many:
        client.get(admin_url(model, "changelist"))

    assert len(many) == len(few)


def _listed(client, model, **params):
    response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].queryset)


def test_claim_search_by_exact_claim_number(clinic, biller):
    wanted = ClaimFactory(clinic=clinic, patient_control_number="PCN-1001")
    ClaimFactory(clinic=clinic, patient_control_number="PCN-10011")

    assert _listed(client_for_user(biller), Claim, q="PCN-1001") == [wanted]


def test_claim_search_by_patient_name(clinic, biller):
    wanted = ClaimFactory(clinic=clinic)
    ClaimFactory(clinic=clinic)

    assert _listed(client_for_user(biller), Claim, q=wanted.patient.last_name) == [wanted]


def test_claim_filters_by_status_and_payer(clinic, biller):
    payer = PayerFactory(clinic=clinic)
    wanted = ClaimFactory(clinic=clinic, payer=payer, status=Claim.Status.DENIED)
    ClaimFactory(clinic=clinic, payer=payer, status=Claim.Status.PAID)
    ClaimFactory(clinic=clinic, status=Claim.Status.DENIED)

    assert _listed(client_for_user(biller), Claim, status__exact="DENIED", payer__id__exact=str(payer.pk)) == [wanted]


def test_claim_filter_by_service_date_range(clinic, biller):
    wanted = ClaimFactory(clinic=clinic, service_date_from=dt.date(2026, 3, 5), service_date_to=dt.date(2026, 3, 5))
    ClaimFactory(clinic=clinic, service_date_from=dt.date(2026, 5, 1), service_date_to=dt.date(2026, 5, 1))

    listed = _listed(client_for_user(biller), Claim, service_date_from_from="2026-03-01",
                     service_date_from_to="2026-03-31")

    assert listed == [wanted]


def test_claim_page_shows_payments_and_denials(clinic, biller):
    claim = ClaimFactory(clinic=clinic)
    ClaimPaymentFactory(remittance__clinic=clinic, claim=claim, paid_amount=Decimal("42.17"))
    DenialFactory(claim=claim, carc_code="197")

    response = client_for_user(biller).get(admin_url(Claim, "change", claim.pk))

    html = response.content.decode()
    assert "42.17" in html
    assert "197" in html


def test_claim_page_shows_the_amount_paid_in_dollars_and_cents(clinic, biller):
    claim = ClaimFactory(clinic=clinic)
    ClaimPaymentFactory(remittance__clinic=clinic, claim=claim, paid_amount=Decimal("100.00"))
    ClaimPaymentFactory(remittance__clinic=clinic, claim=claim, paid_amount=Decimal("73.00"))

    html = client_for_user(biller).get(admin_url(Claim, "change", claim.pk)).content.decode()

    assert "173.00" in html


def test_claim_page_lists_the_adjustments_of_its_payments(clinic, biller):
    rows = build_billing_rows(clinic, tag="adj")
    claim = rows["claims.claim"]
    payment = rows["claims.claimpayment"]
    AdjustmentFactory(claim_payment=payment, group_code="PR", reason_code="3", amount=Decimal("25.00"))

    html = client_for_user(biller).get(admin_url(Claim, "change", claim.pk)).content.decode()

    assert "CO-50: 150.00 (Contractual obligation, 99213)" in html
    assert "PR-3: 25.00 (Patient responsibility)" in html


def test_claim_page_shows_submission_time_in_the_clinics_time_zone(clinic, biller):
    claim = ClaimFactory(clinic=clinic, submitted_at=dt.datetime(2026, 11, 8, 14, 30, tzinfo=dt.UTC))

    page = client_for_user(biller).get(admin_url(Claim, "change", claim.pk))

    assert rendered_inputs(page)["submitted_at_1"] == "09:30:00"  # New York, EST


def test_saving_a_claim_unchanged_keeps_its_submission_time(clinic, biller):
    submitted = dt.datetime(2026, 11, 8, 14, 30, tzinfo=dt.UTC)
    claim = ClaimFactory(clinic=clinic, submitted_at=submitted)
    client = client_for_user(biller)
    url = admin_url(Claim, "change", claim.pk)

    response = client.post(url, changeform_data(client.get(url)))

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.submitted_at == submitted


def test_adding_a_claim_line_in_the_claim_form_is_audited(clinic, biller):
    claim = ClaimFactory(clinic=clinic)
    client = client_for_user(biller)
    url = admin_url(Claim, "change", claim.pk)
    data = changeform_data(client.get(url), **{
        "lines-TOTAL_FORMS": "1", "lines-0-line_number": "1", "lines-0-procedure_code": "99214",
        "lines-0-units": "1", "lines-0-charge": "180.00", "lines-0-modifiers": "[]",
        "lines-0-diagnosis_pointers": "[1]", "lines-0-claim": str(claim.pk),
    })

    response = client.post(url, data)

    assert response.status_code == 302
    line = ClaimLine.objects.get(claim=claim)
    assert (line.clinic, line.procedure_code) == (clinic, "99214")
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, resource_id=str(line.pk))
    assert event.actor_user == biller


def test_deleting_a_line_a_denial_points_to_is_a_form_error(clinic, staff_user):
    line = ClaimLineFactory(claim=ClaimFactory(clinic=clinic))
    DenialFactory(claim=line.claim, claim_line=line)
    client = client_for_user(staff_user)
    url = admin_url(Claim, "change", line.claim_id)

    response = client.post(url, changeform_data(client.get(url), **{"lines-0-DELETE": "on"}))

    assert response.status_code == 200
    [errors] = [f.non_form_errors() for f in response.context["inline_admin_formsets"] if f.formset.prefix == "lines"]
    assert "protected related objects" in str(errors)
    assert ClaimLine.objects.filter(pk=line.pk).exists()


def test_deleting_an_unreferenced_line_is_audited(clinic, staff_user):
    line = ClaimLineFactory(claim=ClaimFactory(clinic=clinic))
    client = client_for_user(staff_user)
    url = admin_url(Claim, "change", line.claim_id)

    response = client.post(url, changeform_data(client.get(url), **{"lines-0-DELETE": "on"}))

    assert response.status_code == 302
    assert not ClaimLine.objects.filter(pk=line.pk).exists()
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, resource_id=str(line.pk))
    assert event.actor_user == staff_user


def test_remittance_filter_by_payer(clinic, biller):
    from claims.tests.factories import RemittanceFactory

    wanted = RemittanceFactory(clinic=clinic)
    RemittanceFactory(clinic=clinic)

    assert _listed(client_for_user(biller), Remittance, payer__id__exact=str(wanted.payer_id)) == [wanted]


@pytest.mark.parametrize(("payment_amount", "shown"), [
    ("115.50", "115.50 (matches the payment)"),
    ("120.00", "115.50 (differs from the payment by 4.50)"),
])
def test_remittance_page_adds_up_its_claim_payments(payment_amount, shown, clinic, biller):
    from claims.tests.factories import RemittanceFactory

    remittance = RemittanceFactory(clinic=clinic, payment_amount=Decimal(payment_amount))
    ClaimPaymentFactory(remittance=remittance, paid_amount=Decimal("100.00"))
    ClaimPaymentFactory(remittance=remittance, paid_amount=Decimal("15.50"))

    html = client_for_user(biller).get(admin_url(Remittance, "change", remittance.pk)).content.decode()

    assert shown in html


def test_unmatched_payments_filter(clinic, biller):
    unmatched = ClaimPaymentFactory(remittance__clinic=clinic)
    ClaimPaymentFactory(remittance__clinic=clinic, claim=ClaimFactory(clinic=clinic))

    assert _listed(client_for_user(biller), ClaimPayment, matched="no") == [unmatched]


# --- the denial worklist -----------------------------------------------------------------


def test_worklist_search_by_claim_number(clinic, biller):
    wanted = DenialFactory(claim=ClaimFactory(clinic=clinic, patient_control_number="PCN-77"))
    DenialFactory(claim=ClaimFactory(clinic=clinic))

    assert _listed(client_for_user(biller), Denial, q="PCN-77") == [wanted]


@pytest.mark.parametrize(("param", "value"), [("category__exact", "coding"), ("carc_code", "16"),
                                              ("status__exact", "IN_APPEAL")])
def test_worklist_filters(param, value, clinic, biller):
    wanted = DenialFactory(claim=ClaimFactory(clinic=clinic), category="coding", carc_code="16",
                           status=Denial.Status.IN_APPEAL)
    DenialFactory(claim=ClaimFactory(clinic=clinic))

    assert _listed(client_for_user(biller), Denial, **{param: value}) == [wanted]


def test_worklist_filters_by_payer_and_assignee(clinic, biller):
    wanted = DenialFactory(claim=ClaimFactory(clinic=clinic), assignee=biller)
    DenialFactory(claim=ClaimFactory(clinic=clinic))

    client = client_for_user(biller)
    assert _listed(client, Denial, claim__payer__id__exact=str(wanted.claim.payer_id)) == [wanted]
    assert _listed(client, Denial, assignee__id__exact=str(biller.pk)) == [wanted]


def test_worklist_filters_passed_deadlines(clinic, biller):
    today = timezone.localdate()
    late = DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=today - dt.timedelta(days=2))
    DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=today + dt.timedelta(days=20))

    assert _listed(client_for_user(biller), Denial, deadline="overdue") == [late]


def test_worklist_shows_days_left_to_appeal(clinic, biller):
    today = timezone.localdate(timezone=clinic.tzinfo)
    DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=today + dt.timedelta(days=9))
    DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=today - dt.timedelta(days=3))

    html = client_for_user(biller).get(admin_url(Denial, "changelist")).content.decode()

    assert "9 days" in html
    assert "3 days late" in html


def test_worklist_shows_the_denial_reason_in_words(clinic, biller):
    DenialFactory(claim=ClaimFactory(clinic=clinic), group_code="CO", carc_code="197",
                  category=Denial.Category.AUTHORIZATION)

    html = client_for_user(biller).get(admin_url(Denial, "changelist")).content.decode()

    assert "CO-197<br>Prior authorization" in html


def test_assign_to_me(clinic, biller):
    denial = DenialFactory(claim=ClaimFactory(clinic=clinic))

    client_for_user(biller).post(admin_url(Denial, "changelist"), {
        "action": "assign_to_me", ACTION_CHECKBOX_NAME: [denial.pk],
    })

    denial.refresh_from_db()
    assert denial.assignee == biller
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, resource_id=str(denial.pk))
    assert (event.actor_user, event.details) == (biller, {"fields": ["assignee"]})


def test_bulk_assign_offers_the_clinics_billing_staff_only(clinic, other_clinic, biller):
    denial = DenialFactory(claim=ClaimFactory(clinic=clinic))
    colleague = staff_of(clinic, Membership.Role.BILLER, username="colleague")
    desk = staff_of(clinic, Membership.Role.FRONT_DESK)
    stranger = staff_of(other_clinic, Membership.Role.BILLER)

    response = client_for_user(biller).post(admin_url(Denial, "changelist"), {
        "action": "assign", ACTION_CHECKBOX_NAME: [denial.pk],
    })

    assert response.status_code == 200
    choices = set(response.context["form"].fields["assignee"].queryset)
    assert {biller, colleague} <= choices
    assert desk not in choices
    assert stranger not in choices


def test_bulk_assign_assigns_after_the_choice(clinic, biller):
    denials = [DenialFactory(claim=ClaimFactory(clinic=clinic)) for _ in range(2)]
    colleague = staff_of(clinic, Membership.Role.BILLER, username="colleague")

    response = client_for_user(biller).post(admin_url(Denial, "changelist"), {
        "action": "assign", ACTION_CHECKBOX_NAME: [d.pk for d in denials], "confirmed": "yes",
        "assignee": colleague.pk,
    })

    assert response.status_code == 302
    assert {d.assignee for d in Denial.objects.all()} == {colleague}


def test_bulk_assign_refuses_someone_of_another_clinic(clinic, other_clinic, biller):
    denial = DenialFactory(claim=ClaimFactory(clinic=clinic))
    stranger = staff_of(other_clinic, Membership.Role.BILLER)

    response = client_for_user(biller).post(admin_url(Denial, "changelist"), {
        "action": "assign", ACTION_CHECKBOX_NAME: [denial.pk], "confirmed": "yes", "assignee": stranger.pk,
    })

    assert "assignee" in response.context["form"].errors
    denial.refresh_from_db()
    assert denial.assignee is None


def test_write_off_asks_for_confirmation(clinic, biller):
    denial = DenialFactory(claim=ClaimFactory(clinic=clinic))

    response = client_for_user(biller).post(admin_url(Denial, "changelist"), {
        "action": "write_off", ACTION_CHECKBOX_NAME: [denial.pk],
    })

    assert response.status_code == 200
    assert response.context["danger"] is True
    denial.refresh_from_db()
    assert denial.status == Denial.Status.OPEN


def test_confirmed_write_off_leaves_denials_in_appeal_alone(clinic, biller):
    open_denial = DenialFactory(claim=ClaimFactory(clinic=clinic))
    in_appeal = DenialFactory(claim=ClaimFactory(clinic=clinic), status=Denial.Status.IN_APPEAL)

    client_for_user(biller).post(admin_url(Denial, "changelist"), {
        "action": "write_off", ACTION_CHECKBOX_NAME: [open_denial.pk, in_appeal.pk], "confirmed": "yes",
    })

    open_denial.refresh_from_db()
    in_appeal.refresh_from_db()
    assert (open_denial.status, in_appeal.status) == (Denial.Status.WRITTEN_OFF, Denial.Status.IN_APPEAL)
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE)
    assert (event.resource_id, event.actor_user) == (str(open_denial.pk), biller)


def test_denial_line_must_belong_to_its_claim(clinic, biller):
    denial = DenialFactory(claim=ClaimFactory(clinic=clinic))
    other_line = ClaimLineFactory(claim=ClaimFactory(clinic=clinic))
    client = client_for_user(biller)
    url = admin_url(Denial, "change", denial.pk)

    response = client.post(url, changeform_data(client.get(url), claim_line=other_line.pk))

    assert response.context["adminform"].form.errors["claim_line"] == ["Choose a line of this claim."]


# --- tenancy of forms and roles across clinics -----------------------------------------------


@pytest.fixture
def two_clinic_admin(clinic, other_clinic):
    user = staff_of(clinic, Membership.Role.ADMIN, username="two-clinic-admin")
    MembershipFactory(user=user, clinic=other_clinic, role=Membership.Role.ADMIN)
    return user


def test_a_role_applies_only_in_its_own_clinic(clinic, other_clinic):
    user = staff_of(clinic, Membership.Role.BILLER)
    MembershipFactory(user=user, clinic=other_clinic, role=Membership.Role.FRONT_DESK)
    claim_a, claim_b = ClaimFactory(clinic=clinic), ClaimFactory(clinic=other_clinic)
    visit_a, visit_b = AppointmentFactory(clinic=clinic), AppointmentFactory(clinic=other_clinic)
    client = client_for_user(user)

    claims = set(client.get(admin_url(Claim, "changelist")).context["cl"].queryset)
    appointments = set(client.get(admin_url(Appointment, "changelist")).context["cl"].queryset)

    assert (claim_a in claims, claim_b in claims) == (True, False)
    assert (visit_a in appointments, visit_b in appointments) == (False, True)


def test_foreign_key_of_another_clinic_is_rejected(staff_user, clinic, other_clinic):
    patient, provider = PatientFactory(clinic=clinic), ProviderFactory(clinic=clinic)
    foreign_payer = PayerFactory(clinic=other_clinic)
    client = client_for_user(staff_user)
    url = admin_url(Claim, "add")
    data = changeform_data(client.get(url), patient=patient.pk, billing_provider=provider.pk, payer=foreign_payer.pk,
                           patient_control_number="PCN-X", service_date_from="2026-09-01",
                           service_date_to="2026-09-01", total_charge="100.00")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "payer" in response.context["adminform"].form.errors
    assert not Claim.objects.filter(patient_control_number="PCN-X").exists()


def test_two_clinic_user_cannot_link_rows_of_different_clinics(two_clinic_admin, clinic, other_clinic):
    patient = PatientFactory(clinic=clinic)
    other_payer = PayerFactory(clinic=other_clinic)
    client = client_for_user(two_clinic_admin)
    url = admin_url(Claim, "add")
    data = changeform_data(client.get(url), clinic=clinic.pk, patient=patient.pk, payer=other_payer.pk,
                           patient_control_number="PCN-MIX", service_date_from="2026-09-01",
                           service_date_to="2026-09-01", total_charge="100.00")

    response = client.post(url, data)

    assert response.context["adminform"].form.errors["payer"] == ["Choose one from this object's clinic."]
    assert not Claim.objects.filter(patient_control_number="PCN-MIX").exists()


def test_assignee_must_work_for_the_clinic(two_clinic_admin, clinic, other_clinic):
    denial = DenialFactory(claim=ClaimFactory(clinic=clinic))
    outsider = staff_of(other_clinic, Membership.Role.BILLER)
    client = client_for_user(two_clinic_admin)
    url = admin_url(Denial, "change", denial.pk)

    response = client.post(url, changeform_data(client.get(url), assignee=outsider.pk))

    assert "assignee" in response.context["adminform"].form.errors
    denial.refresh_from_db()
    assert denial.assignee is None


def test_claim_codes_are_edited_as_comma_separated_text(clinic, biller):
    claim = ClaimFactory(clinic=clinic, diagnosis_codes=["E119"])
    client = client_for_user(biller)
    url = admin_url(Claim, "change", claim.pk)
    page = client.get(url)
    assert 'value="E119"' in page.content.decode()
    data = changeform_data(page, **{
        "diagnosis_codes": "E119, I10 ,Z0000",
        "lines-TOTAL_FORMS": "1", "lines-0-line_number": "1", "lines-0-procedure_code": "99214",
        "lines-0-units": "1", "lines-0-charge": "180.00", "lines-0-modifiers": "25, 59",
        "lines-0-diagnosis_pointers": "1, 2", "lines-0-claim": str(claim.pk),
    })

    response = client.post(url, data)

    assert response.status_code == 302
    claim.refresh_from_db()
    line = ClaimLine.objects.get(claim=claim)
    assert claim.diagnosis_codes == ["E119", "I10", "Z0000"]
    assert (line.modifiers, line.diagnosis_pointers) == (["25", "59"], [1, 2])


def test_diagnosis_pointers_must_be_numbers(clinic, biller):
    claim = ClaimFactory(clinic=clinic)
    client = client_for_user(biller)
    url = admin_url(Claim, "change", claim.pk)
    data = changeform_data(client.get(url), **{
        "lines-TOTAL_FORMS": "1", "lines-0-line_number": "1", "lines-0-procedure_code": "99214",
        "lines-0-units": "1", "lines-0-charge": "180.00", "lines-0-diagnosis_pointers": "A",
        "lines-0-claim": str(claim.pk),
    })

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Enter whole numbers separated by commas" in response.content.decode()
    assert not ClaimLine.objects.filter(claim=claim).exists()
