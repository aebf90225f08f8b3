"""Importing 837 and 835 files: real files, idempotency, quarantine, matching, posting,
denials, reconciliation and underpayments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from claims.edi.generate import PAYER_ID, make_claims, render_835, render_837
from claims.edi.import837 import import_claims
from claims.edi.parser import parse
from claims.models import Adjustment, Claim, ClaimLine, ClaimPayment, Denial, EdiFile, Remittance, ServiceLinePayment
from claims.services import claim_payment_link, edi_file_import, edi_file_receive
from clinics.audit import Actor
from clinics.models import Clinic, Patient
from clinics.tests.factories import PatientFactory
from contracts.models import Payer
from contracts.tests.factories import ContractFactory, FeeScheduleLineFactory

FIXTURES = Path(__file__).parent / "fixtures" / "x12"
ACTOR = Actor.system("test")


def import_bytes(clinic: Clinic, content: bytes | str, name: str = "file.edi", lenient: bool = False) -> EdiFile:
    data = content.encode() if isinstance(content, str) else content
    edi_file, _ = edi_file_receive(
        clinic=clinic, name=name, content=data, source=EdiFile.Source.API, actor=ACTOR, lenient=lenient
    )
    return edi_file_import(clinic=clinic, edi_file=edi_file, actor=ACTOR)


def fixture(name: str) -> bytes:
    return next(FIXTURES.glob(f"83*/{name}")).read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(FIXTURES.glob("83*/*")), ids=lambda p: p.name)
def test_every_real_file_imports_or_is_rejected_with_a_reason(clinic: Clinic, path: Path) -> None:
    edi_file = import_bytes(clinic, path.read_bytes(), path.name)
    assert edi_file.status in (EdiFile.Status.IMPORTED, EdiFile.Status.PARTIAL, EdiFile.Status.REJECTED)
    if edi_file.status == EdiFile.Status.REJECTED:
        assert edi_file.problem
    for unit in edi_file.report.get("units", []):
        assert unit["status"] != "rejected" or unit["problem"]
    if edi_file.kind == "837":
        assert Claim.objects.filter(edi_file=edi_file).count() == edi_file.units_imported
    else:
        for remittance in Remittance.objects.filter(edi_file=edi_file):
            assert remittance.reconciliation_difference == (
                remittance.payment_amount - remittance.claims_paid + remittance.provider_adjustment_total
            )


@pytest.mark.django_db
def test_a_real_837_creates_claim_lines_patient_provider_and_payer(clinic: Clinic) -> None:
    edi_file = import_bytes(clinic, fixture("lfh__837_004010X098A1__patient-is-dependent.837"))
    claim = Claim.objects.get(edi_file=edi_file)
    assert claim.patient_control_number == "26463774"
    assert claim.total_charge == Decimal("100.00")
    assert [line.procedure_code for line in claim.lines.order_by("line_number")] == ["99213", "87072", "99214", "86663"]
    assert (claim.patient.first_name, claim.patient.last_name) == ("TED", "SMITH")
    assert claim.payer is not None and claim.payer.payer_id == "999996666"


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(clinic: Clinic) -> None:
    content = fixture("oopfactory__837I__4010_FromSwreed_Batch1.txt")
    first = import_bytes(clinic, content)
    counts = (Claim.objects.count(), Patient.objects.count(), Payer.objects.count())
    second = import_bytes(clinic, content)
    assert second.pk == first.pk
    assert (Claim.objects.count(), Patient.objects.count(), Payer.objects.count()) == counts


@pytest.mark.django_db
def test_a_claim_already_imported_from_another_file_is_skipped(clinic: Clinic) -> None:
    text = fixture("lfh__demo.837").decode()
    import_bytes(clinic, text)
    again = import_bytes(clinic, text.replace("000000907", "000000908"))
    assert (again.units_imported, again.units_skipped) == (0, 1)
    assert Claim.objects.count() == 1


@pytest.mark.django_db
def test_a_broken_claim_is_reported_with_its_segment_and_the_rest_kept(clinic: Clinic) -> None:
    text = render_837(make_claims(3))
    broken = text.replace("CLM*GEN0000001*", "CLM*GEN0000001*X", 1)
    edi_file = import_bytes(clinic, broken)
    assert edi_file.status == EdiFile.Status.PARTIAL
    rejected = [u for u in edi_file.report["units"] if u["status"] == "rejected"]
    assert [u["key"] for u in rejected] == ["GEN0000001"]
    assert "element CLM02" in rejected[0]["problem"]
    assert sorted(Claim.objects.values_list("patient_control_number", flat=True)) == ["GEN0000000", "GEN0000002"]


@pytest.mark.django_db
def test_a_claim_the_database_refuses_is_reported_and_the_rest_of_its_batch_kept(clinic: Clinic) -> None:
    claims = make_claims(3)
    claims[1].lines = claims[1].lines[:1] * 2  # two lines, so that one can take the other's number
    content = render_837(claims).encode()
    edi_file, _ = edi_file_receive(clinic=clinic, name="c.837", content=content, source=EdiFile.Source.API, actor=ACTOR)
    parsed = parse(content)
    # What the parser would have refused, to stand for a constraint nobody checked before
    # writing: the unique line number of a claim.
    refused = parsed.claims()[1]
    refused.lines[1].number = refused.lines[0].number

    outcome = import_claims(clinic=clinic, edi_file=edi_file, parsed=parsed)

    assert (outcome.imported, outcome.rejected) == (2, 1)
    problem = next(u["problem"] for u in outcome.units if u["status"] == "rejected")
    assert problem.startswith(f"segment {refused.segment_number} (CLM): the database refused the claim")
    kept = Claim.objects.filter(clinic=clinic)
    assert sorted(kept.values_list("patient_control_number", flat=True)) == [claims[0].pcn, claims[2].pcn]
    assert ClaimLine.objects.filter(claim__in=kept).count() == len(claims[0].lines) + len(claims[2].lines)
    assert not ClaimLine.objects.filter(claim__patient_control_number=claims[1].pcn).exists()


@pytest.mark.django_db
def test_a_patient_on_file_is_matched_by_name_and_date_of_birth_only(clinic: Clinic) -> None:
    claims = make_claims(2)
    claims[1].last, claims[1].first = claims[0].last, claims[0].first
    same = PatientFactory.create(
        clinic=clinic, last_name=claims[0].last.title(), first_name=claims[0].first.title(), date_of_birth=claims[0].dob
    )
    PatientFactory.create(
        clinic=clinic, last_name=claims[1].last, first_name=claims[1].first, date_of_birth=dt.date(1901, 1, 1)
    )

    import_bytes(clinic, render_837(claims))

    patients = dict(Claim.objects.values_list("patient_control_number", "patient_id"))
    assert patients[claims[0].pcn] == same.pk
    created = Patient.objects.get(pk=patients[claims[1].pcn])
    assert (created.last_name, created.date_of_birth) == (claims[1].last, claims[1].dob)
    assert Patient.objects.filter(clinic=clinic).count() == 3


@pytest.mark.django_db
def test_a_truncated_file_imports_nothing_and_says_why(clinic: Clinic) -> None:
    text = render_837(make_claims(3))
    edi_file = import_bytes(clinic, text[: len(text) // 2])
    assert edi_file.status == EdiFile.Status.REJECTED
    assert "the file may be cut short" in edi_file.problem
    assert Claim.objects.count() == 0


@pytest.mark.django_db
def test_not_x12_is_rejected_as_a_whole(clinic: Clinic) -> None:
    edi_file = import_bytes(clinic, b"hello")
    assert edi_file.status == EdiFile.Status.REJECTED
    assert "does not begin with an ISA" in edi_file.problem


@pytest.mark.django_db
def test_lenient_import_accepts_a_wrong_segment_count(clinic: Clinic) -> None:
    edi_file = import_bytes(clinic, fixture("imsweb__x223-test.txt"), lenient=True)
    assert edi_file.status == EdiFile.Status.IMPORTED
    assert edi_file.report["transactions"][0]["warnings"][0]["element"] == "SE01"


@pytest.mark.django_db
def test_unknown_codes_are_flagged_on_the_claim_not_rejected(clinic: Clinic) -> None:
    claims = make_claims(1)
    claims[0].diagnoses = ["E119", "Q9999X"]
    claims[0].lines[0].code = "J0000"
    import_bytes(clinic, render_837(claims))
    claim = Claim.objects.get()
    assert "Unknown ICD-10-CM code Q9999X." in claim.code_flags
    assert "Unknown HCPCS code J0000." in claim.code_flags
    assert "Unknown ICD-10-CM code E119." not in claim.code_flags


def _pair(clinic: Clinic, count: int = 20, **kwargs: Any) -> tuple[list[Any], EdiFile]:
    claims = make_claims(count)
    import_bytes(clinic, render_837(claims), "claims.837")
    return claims, import_bytes(clinic, render_835(claims, **kwargs), "remit.835")


@pytest.mark.django_db
def test_835_payments_match_their_837_claims_by_number_and_payer(clinic: Clinic) -> None:
    claims, remit = _pair(clinic)
    assert remit.status == EdiFile.Status.IMPORTED
    payments = ClaimPayment.objects.all()
    assert payments.count() == len(claims)
    assert all(p.claim is not None and p.claim.patient_control_number == p.patient_control_number for p in payments)
    assert set(payments.values_list("match_method", flat=True)) == {"pcn_payer"}


@pytest.mark.django_db
def test_remittance_reconciles_with_provider_level_adjustments(clinic: Clinic) -> None:
    _, remit = _pair(clinic, plb=Decimal("12.34"))
    remittance = Remittance.objects.get(edi_file=remit)
    assert remittance.provider_adjustment_total == Decimal("12.34")
    assert remittance.reconciled
    assert remittance.provider_adjustments.get().reason_code == "L6"


@pytest.mark.django_db
def test_a_remittance_that_does_not_reconcile_is_flagged(clinic: Clinic) -> None:
    claims = make_claims(5)
    import_bytes(clinic, render_837(claims))
    text = render_835(claims).replace("BPR*I*", "BPR*I*1", 1)
    remit = import_bytes(clinic, text)
    remittance = Remittance.objects.get(edi_file=remit)
    assert not remittance.reconciled
    assert "does not reconcile" in remit.report["reconciliation"][0]


@pytest.mark.django_db
def test_denials_get_categories_and_contractual_write_downs_are_not_denials(clinic: Clinic) -> None:
    claims, _ = _pair(clinic, count=40)
    expected = sum(1 for c in claims for line in c.lines for g, r, _ in line.adjustments if g == "CO" and r != "45")
    assert Denial.objects.count() == expected
    assert not Denial.objects.filter(carc_code="45").exists()
    assert set(Denial.objects.filter(carc_code="197").values_list("category", flat=True)) <= {"authorization"}
    assert Adjustment.objects.filter(reason_code="45").first().category == "contractual"  # type: ignore[union-attr]
    assert Adjustment.objects.filter(group_code="PR").first().category == "patient_responsibility"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_appeal_deadline_counts_the_payers_window_from_the_payment_date(clinic: Clinic) -> None:
    _pair(clinic)
    payer = Payer.objects.get(payer_id=PAYER_ID)
    denial = Denial.objects.select_related("claim_payment__remittance").first()
    assert denial is not None
    assert (denial.appeal_deadline - denial.claim_payment.remittance.payment_date).days == (  # type: ignore[union-attr,operator]
        payer.appeal_deadline_days
    )


@pytest.mark.django_db
def test_claim_statuses_follow_the_payments(clinic: Clinic) -> None:
    claims, _ = _pair(clinic, count=40)
    status = dict(Claim.objects.values_list("patient_control_number", "status"))
    for claim in claims:
        denied_lines = sum(1 for line in claim.lines if any(g == "CO" and r != "45" for g, r, _ in line.adjustments))
        if claim.status == "4":
            assert status[claim.pcn] == Claim.Status.DENIED
        elif denied_lines:
            assert status[claim.pcn] in (Claim.Status.PARTIALLY_PAID, Claim.Status.DENIED)
        else:
            assert status[claim.pcn] == Claim.Status.PAID


@pytest.mark.django_db
def test_a_reversal_then_a_new_payment_marks_the_claim_corrected(clinic: Clinic) -> None:
    claims, _ = _pair(clinic, count=3)
    first = claims[2]
    reversal = render_835([first], trace="TRC0002").replace(f"CLP*{first.pcn}*{first.status}*", f"CLP*{first.pcn}*22*")
    import_bytes(clinic, reversal)
    assert Claim.objects.get(patient_control_number=first.pcn).status == Claim.Status.REVERSED
    import_bytes(clinic, render_835([first], trace="TRC0003"))
    assert Claim.objects.get(patient_control_number=first.pcn).status == Claim.Status.CORRECTED


@pytest.mark.django_db
def test_a_reversal_and_a_new_payment_in_one_remittance_mark_the_claim_corrected(clinic: Clinic) -> None:
    claims = make_claims(2)
    import_bytes(clinic, render_837(claims))
    first = claims[0]
    text = render_835([first, first, claims[1]]).replace(f"CLP*{first.pcn}*{first.status}*", f"CLP*{first.pcn}*22*", 1)

    import_bytes(clinic, text)

    assert Claim.objects.get(patient_control_number=first.pcn).status == Claim.Status.CORRECTED
    assert ClaimPayment.objects.filter(patient_control_number=first.pcn, claim__isnull=False).count() == 2
    # The reversal denies nothing: only the new payment's denying adjustments are denials.
    denying = sum(1 for line in first.lines for g, r, _ in line.adjustments if g == "CO" and r != "45")
    assert Denial.objects.filter(claim__patient_control_number=first.pcn).count() == denying


@pytest.mark.django_db
def test_posting_fills_the_payers_claim_number_only_where_the_claim_has_none(clinic: Clinic) -> None:
    claims = make_claims(3)
    import_bytes(clinic, render_837(claims))
    Claim.objects.filter(patient_control_number=claims[0].pcn).update(payer_claim_control_number="KEPT")

    import_bytes(clinic, render_835(claims))

    numbers = dict(Claim.objects.values_list("patient_control_number", "payer_claim_control_number"))
    assert numbers == {claims[0].pcn: "KEPT", claims[1].pcn: "PAYER00000001", claims[2].pcn: "PAYER00000002"}
    assert Claim.objects.filter(status=Claim.Status.SUBMITTED).count() == 0


@pytest.mark.django_db
def test_a_known_trace_with_other_content_is_quarantined(clinic: Clinic) -> None:
    claims, _ = _pair(clinic, count=3)
    again = import_bytes(clinic, render_835(claims[:2]))  # same trace TRC0001, other content
    assert again.status == EdiFile.Status.QUARANTINED
    assert "TRC0001" in again.problem
    assert Remittance.objects.count() == 1


@pytest.mark.django_db
def test_unmatched_payments_wait_and_a_person_links_them(clinic: Clinic) -> None:
    claims = make_claims(2)
    remit = import_bytes(clinic, render_835(claims))
    assert remit.status == EdiFile.Status.IMPORTED
    payment = ClaimPayment.objects.get(patient_control_number=claims[0].pcn)
    assert payment.claim is None
    import_bytes(clinic, render_837(claims))
    claim = Claim.objects.get(patient_control_number=claims[0].pcn)
    claim_payment_link(clinic=clinic, payment=payment, claim=claim, actor=ACTOR)
    claim.refresh_from_db()
    assert payment.match_method == "manual"
    assert claim.status in (Claim.Status.PAID, Claim.Status.PARTIALLY_PAID, Claim.Status.DENIED)
    assert ServiceLinePayment.objects.filter(claim_payment=payment, claim_line__isnull=True).count() == 0


@pytest.mark.django_db
def test_matching_falls_back_to_patient_dates_and_charge(clinic: Clinic) -> None:
    claims = make_claims(1)
    import_bytes(clinic, render_837(claims))
    renamed = render_835(claims).replace(f"CLP*{claims[0].pcn}*", "CLP*OTHERNUMBER*")
    import_bytes(clinic, renamed)
    payment = ClaimPayment.objects.get()
    assert payment.claim is not None and payment.match_method == "patient_dates_charge"


@pytest.mark.django_db
def test_underpaid_lines_are_measured_against_the_contract(clinic: Clinic) -> None:
    claims = make_claims(1)
    claims[0].lines = claims[0].lines[:1]
    line = claims[0].lines[0]
    line.code, line.charge = "99213", Decimal("150.00")
    line.adjustments = [("CO", "45", line.charge - Decimal("60.00")), ("PR", "2", Decimal("10.00"))]
    line.paid = Decimal("50.00")
    claims[0].status = "1"
    import_bytes(clinic, render_837(claims))
    payer = Payer.objects.get(payer_id=PAYER_ID)
    contract = ContractFactory.create(clinic=clinic, payer=payer)
    FeeScheduleLineFactory.create(clinic=clinic, contract=contract, code=line.code, allowed_amount=Decimal("80.00"))
    import_bytes(clinic, render_835(claims))
    paid_line = ServiceLinePayment.objects.get()
    assert paid_line.expected_allowed == min(Decimal("80.00"), line.charge)
    assert paid_line.variance == paid_line.expected_allowed - Decimal("60.00")  # type: ignore[operator]
    assert paid_line.underpaid
    assert paid_line.contractual_amount == line.charge - Decimal("60.00")
