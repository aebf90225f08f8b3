"""/api/v1/claims/ and /api/v1/denials/: read-only lists with filters, and details."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimPayment, Denial, GroupCode, ServiceLinePayment
from claims.tests.factories import (
    AdjustmentFactory,
    ClaimFactory,
    ClaimLineFactory,
    ClaimPaymentFactory,
    DenialFactory,
    RemittanceFactory,
)
from clinics.tests.api_support import error_fields
from clinics.tests.api_support import result_ids as ids
from clinics.tests.factories import PatientFactory, ProviderFactory, UserFactory
from contracts.tests.factories import PayerFactory

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"
DENIALS = "/api/v1/denials/"


# --- claims: list and filters -------------------------------------------------------------


def test_claim_list_shows_money_as_decimal_strings(api, clinic):
    claim = ClaimFactory(clinic=clinic, total_charge=Decimal("1234.50"))

    row = api.get(CLAIMS).json()["results"][0]

    assert row["id"] == str(claim.pk)
    assert row["total_charge"] == "1234.50"
    assert row["payer_name"] == claim.payer.name
    assert row["patient"] == str(claim.patient_id)
    assert row["diagnosis_codes"] == ["E119", "I10"]


def test_claim_list_hides_soft_deleted_claims(api, clinic):
    kept = ClaimFactory(clinic=clinic)
    ClaimFactory(clinic=clinic).soft_delete()

    assert ids(api.get(CLAIMS)) == [str(kept.pk)]


def test_claim_list_costs_the_same_queries_for_one_claim_or_many(api, clinic):
    ClaimFactory(clinic=clinic)
    api.get(CLAIMS)  # warm the key cache
    with CaptureQueriesContext(connection) as one:
        api.get(CLAIMS)
    ClaimFactory.create_batch(4, clinic=clinic)
    with CaptureQueriesContext(connection) as five:
        api.get(CLAIMS)

    assert len(five) == len(one)


def test_claim_filter_by_several_statuses(api, clinic):
    denied = ClaimFactory(clinic=clinic, status=Claim.Status.DENIED)
    paid = ClaimFactory(clinic=clinic, status=Claim.Status.PAID)
    ClaimFactory(clinic=clinic, status=Claim.Status.SUBMITTED)

    assert set(ids(api.get(CLAIMS, {"status": ["DENIED", "PAID"]}))) == {str(denied.pk), str(paid.pk)}


def test_claim_filter_by_payer(api, clinic):
    payer = PayerFactory(clinic=clinic)
    claim = ClaimFactory(clinic=clinic, payer=payer)
    ClaimFactory(clinic=clinic)

    assert ids(api.get(CLAIMS, {"payer": str(payer.pk)})) == [str(claim.pk)]


def test_claim_filter_by_patient(api, clinic):
    patient = PatientFactory(clinic=clinic)
    claim = ClaimFactory(clinic=clinic, patient=patient)
    ClaimFactory(clinic=clinic)

    assert ids(api.get(CLAIMS, {"patient": str(patient.pk)})) == [str(claim.pk)]


def test_claim_filter_by_provider_matches_billing_or_rendering(api, clinic):
    provider = ProviderFactory(clinic=clinic)
    billed = ClaimFactory(clinic=clinic, billing_provider=provider, rendering_provider=ProviderFactory(clinic=clinic))
    rendered = ClaimFactory(clinic=clinic, rendering_provider=provider)
    ClaimFactory(clinic=clinic)

    assert set(ids(api.get(CLAIMS, {"provider": str(provider.pk)}))) == {str(billed.pk), str(rendered.pk)}


def test_claim_filter_by_service_date_range_includes_overlapping_claims(api, clinic):
    spanning = ClaimFactory(clinic=clinic, service_date_from=dt.date(2026, 8, 28), service_date_to=dt.date(2026, 9, 2))
    inside = ClaimFactory(clinic=clinic, service_date_from=dt.date(2026, 9, 5), service_date_to=dt.date(2026, 9, 5))
    ClaimFactory(clinic=clinic, service_date_from=dt.date(2026, 8, 1), service_date_to=dt.date(2026, 8, 31))
    ClaimFactory(clinic=clinic, service_date_from=dt.date(2026, 10, 1), service_date_to=dt.date(2026, 10, 1))

    response = api.get(CLAIMS, {"service_date_after": "2026-09-01", "service_date_before": "2026-09-30"})

    assert set(ids(response)) == {str(spanning.pk), str(inside.pk)}


def test_claim_filter_by_claim_type_and_control_number(api, clinic):
    claim = ClaimFactory(clinic=clinic, claim_type=Claim.ClaimType.INSTITUTIONAL, patient_control_number="PCN-42")
    ClaimFactory(clinic=clinic, claim_type=Claim.ClaimType.INSTITUTIONAL)
    ClaimFactory(clinic=clinic, patient_control_number="PCN-43")

    response = api.get(CLAIMS, {"claim_type": "institutional", "patient_control_number": "PCN-42"})

    assert ids(response) == [str(claim.pk)]


def test_claim_filter_with_a_malformed_date_is_a_field_error(api):
    response = api.get(CLAIMS, {"service_date_after": "September"})

    assert response.status_code == 400
    assert error_fields(response) == ["service_date_after"]


# --- claims: detail ------------------------------------------------------------------------


@pytest.fixture
def paid_claim(clinic):
    """A claim with two lines, one 835 payment with a claim-level and a line-level
    adjustment, and a denial of its second line."""
    claim = ClaimFactory(clinic=clinic, total_charge=Decimal("250.00"))
    line1 = ClaimLineFactory(claim=claim, line_number=1, procedure_code="99213", charge=Decimal("150.00"))
    line2 = ClaimLineFactory(claim=claim, line_number=2, procedure_code="93000", charge=Decimal("100.00"))
    remittance = RemittanceFactory(clinic=clinic, payer=claim.payer, trace_number="EFT123")
    payment = ClaimPaymentFactory(
        remittance=remittance, claim=claim, patient_control_number=claim.patient_control_number,
        status_code=ClaimPayment.StatusCode.PRIMARY, charge_amount=Decimal("250.00"), paid_amount=Decimal("90.00"),
        patient_responsibility=Decimal("20.00"),
    )
    AdjustmentFactory(claim_payment=payment, group_code=GroupCode.PR, reason_code="1", amount=Decimal("20.00"))
    line_payment = ServiceLinePayment.objects.create(
        clinic=clinic, claim_payment=payment, claim_line=line2, procedure_code="93000",
        charge_amount=Decimal("100.00"), paid_amount=Decimal("0.00"),
    )
    AdjustmentFactory(
        claim_payment=payment, service_line_payment=line_payment, group_code=GroupCode.CO, reason_code="97",
        amount=Decimal("100.00"),
    )
    denial = DenialFactory(claim=claim, claim_line=line2, claim_payment=payment, carc_code="97",
                           denied_amount=Decimal("100.00"))
    return {"claim": claim, "lines": [line1, line2], "payment": payment, "denial": denial}


def test_claim_detail_lists_lines_in_order(api, paid_claim):
    body = api.get(f"{CLAIMS}{paid_claim['claim'].pk}/").json()

    assert [(line["line_number"], line["procedure_code"], line["charge"]) for line in body["lines"]] == [
        (1, "99213", "150.00"), (2, "93000", "100.00"),
    ]


def test_claim_detail_shows_payments_with_claim_and_line_adjustments(api, paid_claim):
    body = api.get(f"{CLAIMS}{paid_claim['claim'].pk}/").json()

    [payment] = body["payments"]
    assert payment["id"] == str(paid_claim["payment"].pk)
    assert (payment["paid_amount"], payment["patient_responsibility"]) == ("90.00", "20.00")
    assert payment["status_code"] == "1"
    assert payment["remittance"]["trace_number"] == "EFT123"
    assert [(a["group_code"], a["reason_code"], a["amount"]) for a in payment["adjustments"]] == [("PR", "1", "20.00")]
    [line] = payment["lines"]
    assert line["claim_line"] == str(paid_claim["lines"][1].pk)
    assert [(a["group_code"], a["reason_code"], a["amount"]) for a in line["adjustments"]] == [("CO", "97", "100.00")]


def test_claim_detail_shows_denials(api, paid_claim):
    body = api.get(f"{CLAIMS}{paid_claim['claim'].pk}/").json()

    [denial] = body["denials"]
    assert denial["id"] == str(paid_claim["denial"].pk)
    assert (denial["carc_code"], denial["rarc_codes"], denial["denied_amount"]) == ("97", ["N115"], "100.00")
    assert denial["claim_line"] == str(paid_claim["lines"][1].pk)


def test_claim_detail_costs_the_same_queries_for_one_payment_or_many(api, clinic, paid_claim):
    claim, url = paid_claim["claim"], f"{CLAIMS}{paid_claim['claim'].pk}/"
    api.get(url)  # warm the key cache
    with CaptureQueriesContext(connection) as one:
        api.get(url)
    for _ in range(3):
        payment = ClaimPaymentFactory(remittance=RemittanceFactory(clinic=clinic, payer=claim.payer), claim=claim)
        AdjustmentFactory(claim_payment=payment)
        DenialFactory(claim=claim)
    with CaptureQueriesContext(connection) as four:
        body = api.get(url).json()

    assert len(body["payments"]) == 4
    assert len(four) == len(one)


def test_claim_detail_leaves_out_payments_of_deleted_remittances_and_deleted_denials(api, paid_claim):
    paid_claim["payment"].remittance.soft_delete()
    paid_claim["denial"].soft_delete()

    body = api.get(f"{CLAIMS}{paid_claim['claim'].pk}/").json()

    assert (body["payments"], body["denials"]) == ([], [])


def test_claim_detail_of_a_deleted_claim_is_404(api, clinic):
    claim = ClaimFactory(clinic=clinic)
    claim.soft_delete()

    assert api.get(f"{CLAIMS}{claim.pk}/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_claims_are_read_only(api, clinic, method):
    claim = ClaimFactory(clinic=clinic)
    url = CLAIMS if method == "post" else f"{CLAIMS}{claim.pk}/"

    assert getattr(api, method)(url, {}, format="json").status_code == 405


# --- denials ------------------------------------------------------------------------------


def test_denial_list_is_ordered_by_deadline_undated_last_then_largest_amount(api, clinic):
    undated = DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=None)
    later = DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=dt.date(2027, 5, 1))
    soon_small = DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=dt.date(2027, 1, 15),
                               denied_amount=Decimal("10.00"))
    soon_large = DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=dt.date(2027, 1, 15),
                               denied_amount=Decimal("900.00"))

    assert ids(api.get(DENIALS)) == [str(d.pk) for d in (soon_large, soon_small, later, undated)]


def test_denial_list_pages_through_the_worklist_with_a_cursor(api, clinic):
    denials = [
        DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=deadline)
        for deadline in (dt.date(2027, 1, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1), None, None)
    ]
    seen: list[str] = []
    url: str | None = f"{DENIALS}?page_size=2"
    while url:
        page = api.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]

    assert sorted(seen) == sorted(str(d.pk) for d in denials)
    assert len(seen) == 5


def test_denial_detail_shows_codes_amount_claim_and_payer(api, clinic):
    denial = DenialFactory(claim=ClaimFactory(clinic=clinic, patient_control_number="PCN-9"), carc_code="197",
                           rarc_codes=["N54"], denied_amount=Decimal("75.25"), category=Denial.Category.AUTHORIZATION)

    body = api.get(f"{DENIALS}{denial.pk}/").json()

    assert (body["carc_code"], body["rarc_codes"], body["denied_amount"]) == ("197", ["N54"], "75.25")
    assert (body["claim"], body["patient_control_number"]) == (str(denial.claim_id), "PCN-9")
    assert body["payer"] == str(denial.claim.payer_id)
    assert (body["category"], body["status"], body["appeal_deadline"]) == ("authorization", "OPEN", "2027-03-01")


def test_denial_filter_by_status_and_category(api, clinic):
    wanted = DenialFactory(claim=ClaimFactory(clinic=clinic), status=Denial.Status.OPEN,
                           category=Denial.Category.CODING)
    DenialFactory(claim=ClaimFactory(clinic=clinic), status=Denial.Status.IN_APPEAL, category=Denial.Category.CODING)
    DenialFactory(claim=ClaimFactory(clinic=clinic), status=Denial.Status.OPEN, category=Denial.Category.DUPLICATE)

    assert ids(api.get(DENIALS, {"status": "OPEN", "category": "coding"})) == [str(wanted.pk)]


def test_denial_filter_by_carc_code(api, clinic):
    wanted = DenialFactory(claim=ClaimFactory(clinic=clinic), carc_code="16")
    DenialFactory(claim=ClaimFactory(clinic=clinic), carc_code="50")

    assert ids(api.get(DENIALS, {"carc_code": "16"})) == [str(wanted.pk)]


def test_denial_filter_by_payer_of_the_claim(api, clinic):
    payer = PayerFactory(clinic=clinic)
    wanted = DenialFactory(claim=ClaimFactory(clinic=clinic, payer=payer))
    DenialFactory(claim=ClaimFactory(clinic=clinic))

    assert ids(api.get(DENIALS, {"payer": str(payer.pk)})) == [str(wanted.pk)]


def test_denial_filter_by_assignee(api, clinic):
    biller = UserFactory(username="biller")
    wanted = DenialFactory(claim=ClaimFactory(clinic=clinic), assignee=biller)
    DenialFactory(claim=ClaimFactory(clinic=clinic))

    assert ids(api.get(DENIALS, {"assignee": biller.pk})) == [str(wanted.pk)]


def test_denial_filter_by_appeal_deadline_window_is_inclusive(api, clinic):
    first = DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=dt.date(2027, 1, 1))
    last = DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=dt.date(2027, 1, 31))
    DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=dt.date(2027, 2, 1))
    DenialFactory(claim=ClaimFactory(clinic=clinic), appeal_deadline=None)

    response = api.get(DENIALS, {"appeal_deadline_after": "2027-01-01", "appeal_deadline_before": "2027-01-31"})

    assert ids(response) == [str(first.pk), str(last.pk)]


def test_denial_list_hides_denials_of_deleted_claims_and_deleted_denials(api, clinic):
    kept = DenialFactory(claim=ClaimFactory(clinic=clinic))
    DenialFactory(claim=ClaimFactory(clinic=clinic)).soft_delete()
    orphan = DenialFactory(claim=ClaimFactory(clinic=clinic))
    orphan.claim.soft_delete()

    assert ids(api.get(DENIALS)) == [str(kept.pk)]
    assert api.get(f"{DENIALS}{orphan.pk}/").status_code == 404


def test_denial_filter_with_an_unknown_status_is_a_field_error(api):
    response = api.get(DENIALS, {"status": "LOST"})

    assert response.status_code == 400
    assert error_fields(response) == ["status"]
