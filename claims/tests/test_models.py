"""Database invariants of claims, remittances and denials."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Claim, Denial, Remittance
from claims.tests.factories import ClaimFactory, ClaimLineFactory, DenialFactory, RemittanceFactory
from clinics.models import Clinic
from contracts.tests.factories import PayerFactory

pytestmark = pytest.mark.django_db


def test_claim_service_dates_may_span_days(clinic: Clinic) -> None:
    claim = ClaimFactory.create(
        clinic=clinic, service_date_from=dt.date(2026, 9, 1), service_date_to=dt.date(2026, 9, 3)
    )
    assert claim.service_date_to > claim.service_date_from


def test_claim_service_dates_out_of_order_are_refused(clinic: Clinic) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory.create(clinic=clinic, service_date_from=dt.date(2026, 9, 2), service_date_to=dt.date(2026, 9, 1))


def test_claim_service_dates_out_of_order_fail_full_clean(clinic: Clinic) -> None:
    claim = ClaimFactory.create(clinic=clinic)
    claim.service_date_to = claim.service_date_from - dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        claim.full_clean()


def test_claim_negative_total_charge_is_refused(clinic: Clinic) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory.create(clinic=clinic, total_charge=Decimal("-0.01"))


def test_claim_negative_total_charge_fails_full_clean(clinic: Clinic) -> None:
    claim = ClaimFactory.create(clinic=clinic)
    claim.total_charge = Decimal("-5.00")
    with pytest.raises(ValidationError) as caught:
        claim.full_clean()
    assert "total_charge" in caught.value.message_dict


def test_claim_zero_charge_is_allowed(clinic: Clinic) -> None:
    assert ClaimFactory.create(clinic=clinic, total_charge=Decimal("0.00")).total_charge == Decimal("0.00")


def test_claim_total_charge_is_decimal(clinic: Clinic) -> None:
    claim = ClaimFactory.create(clinic=clinic, total_charge=Decimal("150.1"))
    stored = Claim.objects.get(pk=claim.pk).total_charge
    assert (type(stored), str(stored)) == (Decimal, "150.10")


def test_claim_defaults_to_an_original_professional_claim(clinic: Clinic) -> None:
    claim = Claim()
    assert (claim.claim_type, claim.frequency_code, claim.status) == ("professional", "1", "DRAFT")


def test_claim_keeps_diagnosis_codes_in_order(clinic: Clinic) -> None:
    claim = ClaimFactory.create(clinic=clinic, diagnosis_codes=["M545", "E119", "I10"])
    assert Claim.objects.get(pk=claim.pk).diagnosis_codes == ["M545", "E119", "I10"]


def test_claim_is_soft_deleted(clinic: Clinic) -> None:
    claim = ClaimFactory.create(clinic=clinic)
    claim.soft_delete()
    assert (Claim.objects.filter(pk=claim.pk).exists(), Claim.all_objects.filter(pk=claim.pk).exists()) == (False, True)


def test_claim_line_numbers_are_unique_per_claim(clinic: Clinic) -> None:
    line = ClaimLineFactory.create(claim=ClaimFactory.create(clinic=clinic), line_number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLineFactory.create(claim=line.claim, line_number=1)


def test_claim_line_negative_charge_is_refused(clinic: Clinic) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLineFactory.create(claim=ClaimFactory.create(clinic=clinic), charge=Decimal("-1.00"))


def test_remittance_trace_is_unique_per_payer(clinic: Clinic) -> None:
    remittance = RemittanceFactory.create(clinic=clinic, trace_number="EFT123")
    with pytest.raises(IntegrityError), transaction.atomic():
        RemittanceFactory.create(clinic=clinic, payer=remittance.payer, trace_number="EFT123")


def test_same_trace_from_another_payer_is_allowed(clinic: Clinic) -> None:
    RemittanceFactory.create(clinic=clinic, trace_number="EFT123")
    RemittanceFactory.create(clinic=clinic, payer=PayerFactory.create(clinic=clinic), trace_number="EFT123")
    assert Remittance.objects.filter(trace_number="EFT123").count() == 2


def test_trace_of_a_soft_deleted_remittance_can_be_imported_again(clinic: Clinic) -> None:
    remittance = RemittanceFactory.create(clinic=clinic, trace_number="EFT123")
    remittance.soft_delete()
    RemittanceFactory.create(clinic=clinic, payer=remittance.payer, trace_number="EFT123")
    assert Remittance.all_objects.filter(trace_number="EFT123").count() == 2


def test_denial_negative_amount_is_refused(clinic: Clinic) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        DenialFactory.create(claim=ClaimFactory.create(clinic=clinic), denied_amount=Decimal("-10.00"))


def test_denial_defaults_to_open(clinic: Clinic) -> None:
    denial = DenialFactory.create(claim=ClaimFactory.create(clinic=clinic))
    assert Denial.objects.get(pk=denial.pk).status == Denial.Status.OPEN


def test_denial_rejects_an_unknown_group_code_in_full_clean(clinic: Clinic) -> None:
    denial = DenialFactory.create(claim=ClaimFactory.create(clinic=clinic))
    denial.group_code = "XX"
    with pytest.raises(ValidationError) as caught:
        denial.full_clean()
    assert list(caught.value.message_dict) == ["group_code"]
