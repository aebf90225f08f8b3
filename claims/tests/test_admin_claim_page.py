"""The claim page in one place (lines, payments, adjustments and remarks in words, denials,
variance) and the list of line payments against the contract."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from claims.models import Code, CodeSystem, ServiceLinePayment
from claims.tests.factories import AdjustmentFactory, ClaimFactory, ClaimLineFactory, ClaimPaymentFactory, DenialFactory
from clinics.models import Membership
from clinics.tests.admin_support import admin_url, client_for_user, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def biller(clinic):
    return staff_of(clinic, Membership.Role.BILLER)


def _line_payment(clinic, claim, line, **fields):
    payment = ClaimPaymentFactory(
        remittance__clinic=clinic,
        remittance__payer=claim.payer,
        claim=claim,
        patient_control_number=claim.patient_control_number,
        remark_codes=fields.pop("claim_remarks", []),
    )
    values = {
        "procedure_code": line.procedure_code,
        "charge_amount": Decimal("150.00"),
        "paid_amount": Decimal("80.00"),
        "service_date": dt.date(2026, 9, 1),
        **fields,
    }
    return ServiceLinePayment.objects.create(clinic=clinic, claim_payment=payment, claim_line=line, **values)


def _describe(system, code, text):
    Code.objects.update_or_create(system=system, code=code, defaults={"description": text})


def _summary_html(client, claim):
    response = client.get(admin_url(type(claim), "change", claim.pk))
    assert response.status_code == 200
    return response.content.decode()


def test_claim_page_describes_each_adjustment_reason(clinic, biller):
    _describe(CodeSystem.CARC, "97", "Benefit included in another service (test text).")
    claim = ClaimFactory(clinic=clinic)
    line_payment = _line_payment(clinic, claim, ClaimLineFactory(claim=claim, line_number=1))
    AdjustmentFactory(
        claim_payment=line_payment.claim_payment,
        service_line_payment=line_payment,
        reason_code="97",
        amount=Decimal("70.00"),
    )

    html = _summary_html(client_for_user(biller), claim)

    assert "CO-97 70.00 on 99213: Benefit included in another service (test text)." in html


def test_claim_page_describes_remark_codes(clinic, biller):
    _describe(CodeSystem.RARC, "N999", "A remark for this test.")
    claim = ClaimFactory(clinic=clinic)
    _line_payment(clinic, claim, ClaimLineFactory(claim=claim, line_number=1), remark_codes=["N999"])

    assert "Remark N999: A remark for this test." in _summary_html(client_for_user(biller), claim)


def test_claim_page_shows_the_denial_reason_in_words(clinic, biller):
    _describe(CodeSystem.CARC, "50", "Not deemed a medical necessity (test text).")
    claim = ClaimFactory(clinic=clinic)
    DenialFactory(claim=claim, carc_code="50", denied_amount=Decimal("150.00"))

    html = _summary_html(client_for_user(biller), claim)

    assert "CO-50 150.00</a>" in html
    assert "Not deemed a medical necessity (test text)." in html


def test_claim_page_shows_the_underpayment_variance(clinic, biller):
    claim = ClaimFactory(clinic=clinic)
    line = ClaimLineFactory(claim=claim, line_number=1)
    _line_payment(clinic, claim, line, expected_allowed=Decimal("100.00"), variance=Decimal("20.00"), underpaid=True)

    html = _summary_html(client_for_user(biller), claim)

    assert "underpaid 20.00" in html
    assert "Underpaid against the contract: 20.00" in html


# --- line payments against the contract ---------------------------------------------------


def test_underpaid_filter_lists_only_underpaid_lines(clinic, biller):
    claim = ClaimFactory(clinic=clinic)
    under = _line_payment(
        clinic, claim, ClaimLineFactory(claim=claim, line_number=1), variance=Decimal("20.00"), underpaid=True
    )
    _line_payment(clinic, claim, ClaimLineFactory(claim=claim, line_number=2), variance=Decimal("0.00"))

    response = client_for_user(biller).get(admin_url(ServiceLinePayment, "changelist"), {"underpaid": "yes"})

    assert list(response.context["cl"].queryset) == [under]


def test_underpaid_lines_filter_by_payer_and_search_by_claim(clinic, biller):
    first = ClaimFactory(clinic=clinic, patient_control_number="PCN-UNDER")
    second = ClaimFactory(clinic=clinic)
    wanted = _line_payment(clinic, first, ClaimLineFactory(claim=first, line_number=1), underpaid=True)
    _line_payment(clinic, second, ClaimLineFactory(claim=second, line_number=1), underpaid=True)
    client = client_for_user(biller)
    url = admin_url(ServiceLinePayment, "changelist")

    by_payer = client.get(url, {"claim_payment__remittance__payer__id__exact": str(first.payer_id)})
    by_claim = client.get(url, {"q": "PCN-UNDER"})

    assert list(by_payer.context["cl"].queryset) == [wanted]
    assert list(by_claim.context["cl"].queryset) == [wanted]


def test_line_payments_are_read_only(clinic, biller):
    claim = ClaimFactory(clinic=clinic)
    line_payment = _line_payment(clinic, claim, ClaimLineFactory(claim=claim, line_number=1))

    response = client_for_user(biller).post(
        admin_url(ServiceLinePayment, "change", line_payment.pk), {"paid_amount": "999.00"}
    )

    assert response.status_code == 403
    line_payment.refresh_from_db()
    assert line_payment.paid_amount == Decimal("80.00")
