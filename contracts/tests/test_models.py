"""Database invariants of payers, contracts and fee schedules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clinics.models import Clinic
from contracts.models import Contract, FeeScheduleLine, Payer
from contracts.tests.factories import ContractFactory, FeeScheduleLineFactory, PayerFactory, PayerPlanFactory

pytestmark = pytest.mark.django_db


def test_payer_id_is_unique_per_clinic(clinic: Clinic) -> None:
    PayerFactory.create(clinic=clinic, payer_id="60054")
    with pytest.raises(IntegrityError), transaction.atomic():
        PayerFactory.create(clinic=clinic, payer_id="60054")


def test_payer_id_is_unique_per_clinic_in_full_clean(clinic: Clinic) -> None:
    PayerFactory.create(clinic=clinic, payer_id="60054")
    with pytest.raises(ValidationError):
        PayerFactory.build(clinic=clinic, payer_id="60054").full_clean()


def test_same_payer_id_in_two_clinics_is_allowed(clinic: Clinic, other_clinic: Clinic) -> None:
    PayerFactory.create(clinic=clinic, payer_id="60054")
    PayerFactory.create(clinic=other_clinic, payer_id="60054")
    assert Payer.objects.filter(payer_id="60054").count() == 2


def test_payers_without_payer_id_do_not_collide(clinic: Clinic) -> None:
    PayerFactory.create(clinic=clinic, payer_id="")
    PayerFactory.create(clinic=clinic, payer_id="")
    assert Payer.objects.filter(clinic=clinic, payer_id="").count() == 2


def test_payer_defaults_for_filing_and_appeal_deadlines(clinic: Clinic) -> None:
    payer = PayerFactory.create(clinic=clinic)
    assert (payer.timely_filing_days, payer.appeal_deadline_days) == (365, 180)


def test_plan_name_is_unique_per_payer(clinic: Clinic) -> None:
    plan = PayerPlanFactory.create(clinic=clinic, name="Gold PPO")
    with pytest.raises(IntegrityError), transaction.atomic():
        PayerPlanFactory.create(clinic=clinic, payer=plan.payer, name="Gold PPO")


def test_contract_period_must_not_end_before_it_starts(clinic: Clinic) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractFactory.create(clinic=clinic, effective_from=dt.date(2026, 1, 1), effective_to=dt.date(2025, 12, 31))


def test_contract_may_be_open_ended(clinic: Clinic) -> None:
    assert ContractFactory.create(clinic=clinic, effective_to=None).effective_to is None


def test_contract_is_soft_deleted(clinic: Clinic) -> None:
    contract = ContractFactory.create(clinic=clinic)
    contract.soft_delete()
    assert (Contract.objects.filter(pk=contract.pk).exists(), Contract.all_objects.filter(pk=contract.pk).exists()) == (
        False,
        True,
    )


def test_fee_line_with_allowed_amount_only_is_valid(clinic: Clinic) -> None:
    line = FeeScheduleLineFactory.create(clinic=clinic, allowed_amount=Decimal("92.50"), percent_of_base=None)
    assert FeeScheduleLine.objects.get(pk=line.pk).allowed_amount == Decimal("92.50")


def test_fee_line_with_percent_of_base_only_is_valid(clinic: Clinic) -> None:
    line = FeeScheduleLineFactory.create(clinic=clinic, allowed_amount=None, percent_of_base=Decimal("125.00"))
    assert FeeScheduleLine.objects.get(pk=line.pk).percent_of_base == Decimal("125.00")


def test_fee_line_with_both_pricing_methods_is_refused(clinic: Clinic) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeScheduleLineFactory.create(clinic=clinic, allowed_amount=Decimal("92.50"), percent_of_base=Decimal("110"))


def test_fee_line_with_no_pricing_method_is_refused(clinic: Clinic) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeScheduleLineFactory.create(clinic=clinic, allowed_amount=None, percent_of_base=None)


def test_fee_line_pricing_rule_is_checked_by_full_clean(clinic: Clinic) -> None:
    line = FeeScheduleLineFactory.build(
        clinic=clinic, contract=ContractFactory.create(clinic=clinic), allowed_amount=None, percent_of_base=None
    )
    with pytest.raises(ValidationError):
        line.full_clean()


def test_fee_line_negative_amount_is_refused(clinic: Clinic) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeScheduleLineFactory.create(clinic=clinic, allowed_amount=Decimal("-1.00"))


def test_fee_line_code_and_modifier_are_unique_per_contract(clinic: Clinic) -> None:
    line = FeeScheduleLineFactory.create(clinic=clinic, code="99213", modifier="25")
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeScheduleLineFactory.create(clinic=clinic, contract=line.contract, code="99213", modifier="25")


def test_fee_line_same_code_with_another_modifier_is_allowed(clinic: Clinic) -> None:
    line = FeeScheduleLineFactory.create(clinic=clinic, code="99213", modifier="")
    FeeScheduleLineFactory.create(clinic=clinic, contract=line.contract, code="99213", modifier="25")
    assert line.contract.fee_lines.count() == 2


def test_fee_line_amount_is_decimal_to_the_cent(clinic: Clinic) -> None:
    line = FeeScheduleLineFactory.create(clinic=clinic, allowed_amount=Decimal("92.5"))
    stored = FeeScheduleLine.objects.get(pk=line.pk).allowed_amount
    assert (type(stored), str(stored)) == (Decimal, "92.50")
