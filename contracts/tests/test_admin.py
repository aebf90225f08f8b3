"""Payers, plans and contracts with their fee schedules in the admin."""

from __future__ import annotations

import pytest

from clinics.models import AuditEvent, Membership
from clinics.tests.admin_support import (
    admin_url,
    assert_pages_render,
    changeform_data,
    client_for_user,
    staff_of,
)
from contracts.models import Contract, FeeScheduleLine, Payer, PayerPlan
from contracts.tests.factories import ContractFactory, FeeScheduleLineFactory, PayerFactory, PayerPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller(clinic):
    return staff_of(clinic, Membership.Role.BILLER)


@pytest.mark.parametrize("label", ["contracts.payer", "contracts.payerplan", "contracts.contract"])
@pytest.mark.parametrize("who", ["biller", "superuser"])
def test_pages_render_with_data(label, who, clinic, request):
    plan = PayerPlanFactory(clinic=clinic)
    contract = ContractFactory(clinic=clinic, payer=plan.payer)
    contract.plans.add(plan)
    FeeScheduleLineFactory(clinic=clinic, contract=contract)
    rows = {"contracts.payer": plan.payer, "contracts.payerplan": plan, "contracts.contract": contract}

    assert_pages_render(client_for_user(request.getfixturevalue(who)), rows[label])


def _listed(client, model, **params):
    response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].queryset)


def test_payer_search_by_x12_id(clinic, biller):
    wanted = PayerFactory(clinic=clinic, payer_id="87726")
    PayerFactory(clinic=clinic)

    assert _listed(client_for_user(biller), Payer, q="87726") == [wanted]


def test_payer_filter_by_type(clinic, biller):
    medicare = PayerFactory(clinic=clinic, payer_type=Payer.PayerType.MEDICARE)
    PayerFactory(clinic=clinic)

    assert _listed(client_for_user(biller), Payer, payer_type__exact="medicare") == [medicare]


def test_contract_filter_by_payer(clinic, biller):
    wanted = ContractFactory(clinic=clinic)
    ContractFactory(clinic=clinic)

    assert _listed(client_for_user(biller), Contract, payer__id__exact=str(wanted.payer_id)) == [wanted]


def test_plan_search_by_payer_name(clinic, biller):
    wanted = PayerPlanFactory(clinic=clinic, payer=PayerFactory(clinic=clinic, name="Aetna"))
    PayerPlanFactory(clinic=clinic)

    assert _listed(client_for_user(biller), PayerPlan, q="aetna") == [wanted]


def test_contract_with_fee_lines_is_created_and_audited(clinic, biller):
    payer = PayerFactory(clinic=clinic)
    client = client_for_user(biller)
    url = admin_url(Contract, "add")
    data = changeform_data(client.get(url), **{
        "name": "Aetna 2026", "payer": str(payer.pk), "line_of_business": "commercial",
        "effective_from": "2026-01-01", "fee_lines-TOTAL_FORMS": "2",
        "fee_lines-0-code": "99213", "fee_lines-0-allowed_amount": "92.50",
        "fee_lines-1-code": "99214", "fee_lines-1-percent_of_base": "120",
    })

    response = client.post(url, data)

    assert response.status_code == 302
    contract = Contract.objects.get(name="Aetna 2026")
    lines = FeeScheduleLine.objects.filter(contract=contract)
    assert {(line.code, line.clinic_id) for line in lines} == {("99213", clinic.pk), ("99214", clinic.pk)}
    created = set(AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, actor_user=biller)
                  .values_list("resource_id", flat=True))
    assert created == {str(contract.pk)} | {str(line.pk) for line in lines}


def test_fee_line_with_two_pricing_methods_is_a_form_error(clinic, biller):
    contract = ContractFactory(clinic=clinic)
    client = client_for_user(biller)
    url = admin_url(Contract, "change", contract.pk)
    data = changeform_data(client.get(url), **{
        "fee_lines-TOTAL_FORMS": "1", "fee_lines-0-code": "99213", "fee_lines-0-allowed_amount": "92.50",
        "fee_lines-0-percent_of_base": "100", "fee_lines-0-contract": str(contract.pk),
    })

    response = client.post(url, data)

    assert response.status_code == 200
    assert not FeeScheduleLine.objects.exists()


def test_fee_line_pricing_mistake_is_explained_in_words(clinic, biller):
    contract = ContractFactory(clinic=clinic)
    client = client_for_user(biller)
    url = admin_url(Contract, "change", contract.pk)
    data = changeform_data(client.get(url), **{
        "fee_lines-TOTAL_FORMS": "1", "fee_lines-0-code": "99213", "fee_lines-0-contract": str(contract.pk),
    })

    response = client.post(url, data)

    [fee_lines] = [inline.formset for inline in response.context["inline_admin_formsets"]
                   if inline.formset.prefix == "fee_lines"]
    assert fee_lines.forms[0].non_field_errors() == [
        "Give either an allowed amount or a percent of the base schedule, not both."
    ]


def test_contract_ending_before_it_starts_is_an_error_on_its_end_date(clinic, biller):
    contract = ContractFactory(clinic=clinic)
    client = client_for_user(biller)
    url = admin_url(Contract, "change", contract.pk)

    response = client.post(url, changeform_data(client.get(url), effective_from="2026-06-01",
                                                effective_to="2026-01-31"))

    assert response.context["adminform"].form.errors["effective_to"] == ["The contract cannot end before it starts."]


def test_contract_plans_must_be_the_payers(clinic, biller):
    contract = ContractFactory(clinic=clinic)
    foreign_plan = PayerPlanFactory(clinic=clinic)
    client = client_for_user(biller)
    url = admin_url(Contract, "change", contract.pk)

    response = client.post(url, changeform_data(client.get(url), plans=[str(foreign_plan.pk)]))

    assert response.context["adminform"].form.errors["plans"] == ["Choose plans of the contract's payer."]
    assert list(contract.plans.all()) == []


def test_plans_are_edited_inline_on_the_payer(clinic, biller):
    payer = PayerFactory(clinic=clinic)
    client = client_for_user(biller)
    url = admin_url(Payer, "change", payer.pk)
    data = changeform_data(client.get(url), **{
        "plans-TOTAL_FORMS": "1", "plans-0-name": "Gold PPO", "plans-0-plan_type": "PPO",
        "plans-0-payer": str(payer.pk),
    })

    response = client.post(url, data)

    assert response.status_code == 302
    plan = PayerPlan.objects.get(payer=payer)
    assert (plan.name, plan.clinic) == ("Gold PPO", clinic)
