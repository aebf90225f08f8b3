"""The revenue dashboard: it renders, its figures on a small fixture, and another clinic's
data never counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from claims.metrics import revenue_metrics
from claims.models import Claim, Denial, ServiceLinePayment
from claims.tests.factories import ClaimFactory, ClaimPaymentFactory, DenialFactory
from clinics.models import Membership
from clinics.tests.admin_support import client_for_user, staff_of
from contracts.tests.factories import PayerFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 31)


def _adjudicated(clinic, payer, *, charge="100.00", paid="0.00", status=Claim.Status.PAID, day=dt.date(2026, 10, 1)):
    claim = ClaimFactory(
        clinic=clinic,
        payer=payer,
        total_charge=Decimal(charge),
        status=status,
        service_date_from=day,
        service_date_to=day,
    )
    payment = ClaimPaymentFactory(
        remittance__clinic=clinic, remittance__payer=payer, claim=claim, paid_amount=Decimal(paid)
    )
    return claim, payment


def _underpaid_line(clinic, payment, variance, *, contractual="0.00"):
    return ServiceLinePayment.objects.create(
        clinic=clinic,
        claim_payment=payment,
        procedure_code="99213",
        charge_amount=Decimal("100.00"),
        paid_amount=Decimal("50.00"),
        variance=Decimal(variance),
        underpaid=True,
        contractual_amount=Decimal(contractual),
    )


@pytest.fixture
def fixture(clinic, other_clinic):
    """Clinic A: payer Acme with 4 adjudicated claims, 1 denied (coding, $100 open); payer
    Zen with 1 adjudicated claim, denied twice (eligibility $40 written off, eligibility $60
    open). Clinic B has a large denial and underpayment that must never show."""
    acme = PayerFactory(clinic=clinic, name="Acme Health")
    zen = PayerFactory(clinic=clinic, name="Zen Mutual")
    claims = [_adjudicated(clinic, acme) for _ in range(4)]
    DenialFactory(claim=claims[0][0], category=Denial.Category.CODING, denied_amount=Decimal("100.00"))
    zen_claim, zen_payment = _adjudicated(clinic, zen)
    DenialFactory(
        claim=zen_claim,
        category=Denial.Category.ELIGIBILITY,
        denied_amount=Decimal("40.00"),
        status=Denial.Status.WRITTEN_OFF,
    )
    DenialFactory(claim=zen_claim, category=Denial.Category.ELIGIBILITY, denied_amount=Decimal("60.00"))
    _underpaid_line(clinic, claims[1][1], "12.50", contractual="30.00")
    _underpaid_line(clinic, zen_payment, "7.25")

    stranger = PayerFactory(clinic=other_clinic, name="Elsewhere Payer")
    far_claim, far_payment = _adjudicated(other_clinic, stranger, charge="5000.00", status=Claim.Status.SUBMITTED)
    DenialFactory(claim=far_claim, denied_amount=Decimal("5000.00"))
    _underpaid_line(other_clinic, far_payment, "999.00")
    return {"acme": acme, "zen": zen}


def test_denial_rate_by_payer(clinic, fixture):
    metrics = revenue_metrics(clinic_ids=[clinic.pk], today=TODAY)

    rates = {(b.label, b.value, b.note) for b in metrics.denial_rate_by_payer}
    assert rates == {
        ("Acme Health", Decimal("25.0"), "1 of 4 claims"),
        ("Zen Mutual", Decimal("100.0"), "1 of 1 claims"),
    }


def test_dollars_denied_in_total_open_and_by_category(clinic, fixture):
    metrics = revenue_metrics(clinic_ids=[clinic.pk], today=TODAY)

    assert (metrics.denied_total, metrics.denied_open, metrics.denial_count) == (
        Decimal("200.00"),
        Decimal("160.00"),
        3,
    )
    assert [(b.label, b.value) for b in metrics.denied_by_category] == [
        ("Coding", Decimal("100.00")),
        ("Eligibility / coverage", Decimal("100.00")),
    ]


def test_underpayment_totals_keep_contractual_apart(clinic, fixture):
    metrics = revenue_metrics(clinic_ids=[clinic.pk], today=TODAY)

    assert (metrics.underpaid_total, metrics.underpaid_lines, metrics.contractual_total) == (
        Decimal("19.75"),
        2,
        Decimal("30.00"),
    )
    assert [(b.label, b.value) for b in metrics.underpaid_by_payer] == [
        ("Acme Health", Decimal("12.50")),
        ("Zen Mutual", Decimal("7.25")),
    ]


def test_days_in_ar_is_outstanding_over_average_daily_charge(clinic, fixture):
    # $900 billed in the last 90 days ($10 a day); one claim of $300 waiting, $100 paid on it.
    _adjudicated(clinic, fixture["acme"], charge="300.00", paid="100.00", status=Claim.Status.PARTIALLY_PAID)
    ClaimFactory(
        clinic=clinic,
        payer=fixture["acme"],
        total_charge=Decimal("100.00"),
        status=Claim.Status.PAID,
        service_date_from=dt.date(2026, 10, 2),
        service_date_to=dt.date(2026, 10, 2),
    )
    # Billed long ago: outside the window, not counted in the daily average.
    ClaimFactory(
        clinic=clinic,
        total_charge=Decimal("800.00"),
        status=Claim.Status.PAID,
        service_date_from=dt.date(2025, 1, 2),
        service_date_to=dt.date(2025, 1, 2),
    )

    metrics = revenue_metrics(clinic_ids=[clinic.pk], today=TODAY)

    assert metrics.outstanding == Decimal("200.00")
    assert metrics.days_in_ar == Decimal("20.0")


def test_days_in_ar_is_empty_without_recent_charges(clinic):
    assert revenue_metrics(clinic_ids=[clinic.pk], today=TODAY).days_in_ar is None


def test_dashboard_page_renders_the_clinics_figures_only(clinic, fixture):
    biller = staff_of(clinic, Membership.Role.BILLER)

    response = client_for_user(biller).get(reverse("admin:claims_dashboard"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="denied-total">$200.00<' in html
    assert 'id="underpaid-total">$19.75<' in html
    assert "Acme Health" in html
    assert "Elsewhere Payer" not in html
    assert "5000.00" not in html


def test_dashboard_is_linked_from_the_sidebar(clinic):
    biller = staff_of(clinic, Membership.Role.BILLER)

    html = client_for_user(biller).get(reverse("admin:index")).content.decode()

    assert reverse("admin:claims_dashboard") in html


def test_dashboard_refuses_staff_without_access_to_denials(clinic):
    desk = staff_of(clinic, Membership.Role.FRONT_DESK)

    response = client_for_user(desk).get(reverse("admin:claims_dashboard"))

    assert response.status_code == 403
