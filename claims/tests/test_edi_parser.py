"""The X12 reader on every real file in the fixtures, and on broken copies of them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from claims.edi.envelope import read_document
from claims.edi.errors import EdiSyntaxError
from claims.edi.parser import parse

FIXTURES = Path(__file__).parent / "fixtures" / "x12"
ALL_FILES = sorted(FIXTURES.glob("83*/*"))


def fixture(name: str) -> bytes:
    return next(FIXTURES.glob(f"83*/{name}")).read_bytes()


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_real_file_parses_or_each_broken_unit_says_why(path: Path) -> None:
    parsed = parse(path.read_bytes())
    assert parsed.transactions
    for transaction in parsed.transactions:
        for problem in transaction.problems:
            assert problem.reason and problem.segment_number
        for claim in transaction.claims:
            assert claim.problem is None or (claim.problem.reason and claim.problem.segment_number)
        if transaction.remittance is not None:
            for payment in transaction.remittance.claims:
                assert payment.problem is None or payment.problem.segment_number


# The one real file whose claim payments and PLB do not add up to its BPR amount: the
# importer flags it (see test_edi_import.py).
UNBALANCED = {"oopfactory__4010_Example1_GripElements.txt": Decimal("-1.27")}


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("835/*")), ids=lambda p: p.name)
def test_every_clean_835_reconciles_to_its_bpr_amount(path: Path) -> None:
    for remittance in parse(path.read_bytes()).remittances():
        if all(payment.problem is None for payment in remittance.claims):
            assert remittance.reconciliation_difference() == UNBALANCED.get(path.name, 0)


def test_reconciliation_counts_provider_level_adjustments() -> None:
    remittance = parse(fixture("lfh__medicare-part-a.835")).remittances()[0]
    assert remittance.claims_paid == Decimal("149998.73")
    assert remittance.provider_adjustment_total == Decimal("-1.27")
    assert remittance.payment_amount == Decimal("150000.00")
    assert remittance.reconciliation_difference() == 0


def test_delimiters_are_read_from_the_isa() -> None:
    delimiters = read_document(fixture("imsweb__x12_valid_different_separators.txt")).delimiters
    assert (delimiters.element, delimiters.component, delimiters.segment) == ("~", "^", "_")


def test_pipe_separated_file_with_line_break_before_terminator() -> None:
    delimiters = read_document(fixture("tigershark__835-example.txt")).delimiters
    assert (delimiters.element, delimiters.component, delimiters.segment) == ("|", "^", "~")


def test_carriage_return_terminated_file_reads_its_claim() -> None:
    claims = parse(fixture("oopfactory__837P__5010_ST1309-XX.txt")).claims()
    assert [c.problem for c in claims] == [None]


def test_utf16_file_without_bom_is_decoded() -> None:
    document = read_document(fixture("oopfactory__837P__5010_UnicodeExample.txt"))
    assert document.interchanges[0].sender == "t393447"
    assert document.transactions()[0][2].set_id == "837"


def test_bom_and_indentation_are_ignored_and_every_interchange_is_read() -> None:
    parsed = parse(fixture("oopfactory__5010_FromNth_835_WithMultipleInterchanges.txt"))
    assert len(parsed.document.interchanges) == 3
    assert [t.ok for t in parsed.transactions] == [True, True, True]


def test_subscriber_and_dependent_patient_are_kept_apart() -> None:
    claim = parse(fixture("lfh__837_004010X098A1__patient-is-dependent.837")).claims()[0]
    assert claim.subscriber is not None and claim.patient is not None
    assert (claim.subscriber.first_name, claim.patient.first_name) == ("JANE", "TED")
    assert claim.patient.date_of_birth == dt.date(1973, 5, 1)


def test_other_payers_in_the_cob_loop_do_not_replace_the_claims_payer() -> None:
    claim = parse(fixture("lfh__837_005010X222A2__demo.cob.example3.B.837")).claims()[0]
    assert claim.payer is not None
    assert (claim.payer.last_name, claim.payer.identifier) == ("GREAT PRAIRIES HEALTH", "567890")
    assert [line.procedure_code for line in claim.lines] == ["99213", "90782", "J3301"]


def test_institutional_claim_reads_revenue_codes_units_and_statement_dates() -> None:
    claim = parse(fixture("lfh__837_005010X223A3__institutional-claim.837i")).claims()[0]
    assert claim.claim_type == "institutional"
    assert [(line.revenue_code, line.procedure_code, line.units) for line in claim.lines] == [
        ("0305", "85025", Decimal("1.000")),
        ("0730", "93005", Decimal("3.000")),
    ]
    assert claim.service_dates() == (dt.date(1996, 9, 11), dt.date(1996, 9, 11))
    assert claim.diagnosis_codes[0] == "3669"


def test_cas_triplets_at_line_level_are_each_an_adjustment() -> None:
    remittance = parse(fixture("lfh__secondary-payment.835")).remittances()[0]
    line = remittance.claims[1].lines[1]
    assert [(a.group_code, a.reason_code, a.amount) for a in line.adjustments] == [
        ("PR", "1", Decimal("150.00")),
        ("PR", "2", Decimal("70.00")),
        ("CO", "42", Decimal("85.00")),
    ]
    assert line.allowed_amount == Decimal("500.00")


def test_missing_bpr_date_falls_back_to_the_production_date_with_a_warning() -> None:
    parsed = parse(fixture("lfh__secondary-payment.835"))
    assert parsed.remittances()[0].payment_date == dt.date(2005, 4, 12)
    assert any(w.element == "BPR16" for w in parsed.transactions[0].warnings)


def test_a_bad_claim_is_reported_and_the_others_kept() -> None:
    text = fixture("oopfactory__837I__5010_Spec_3.1.2_TwoClaimsForTheSameProvider.txt").decode()
    first_clm = text.index("CLM*")
    end = text.index("*", first_clm + 4)
    broken = text[: end + 1] + "12X.00" + text[text.index("*", end + 1) :]
    claims = parse(broken).transactions[0].claims
    assert claims[0].problem is not None
    assert claims[0].problem.element == "CLM02" and "is not an amount" in claims[0].problem.reason
    assert claims[1].problem is None


def test_truncated_file_breaks_the_transaction_set() -> None:
    data = fixture("lfh__demo.837")
    parsed = parse(data[: len(data) // 2])
    assert not parsed.transactions[0].ok
    assert "no SE trailer" in str(parsed.transactions[0].problems)
    assert parsed.claims() == []


def test_wrong_segment_count_breaks_the_transaction_set_unless_lenient() -> None:
    text = fixture("lfh__demo.837").decode().replace("SE*41*", "SE*40*")
    strict = parse(text)
    assert [p.element for p in strict.transactions[0].problems] == ["SE01"]
    assert "SE01 says 40 segments but the transaction set has 41" in strict.transactions[0].problems[0].reason
    assert len(parse(text, lenient=True).claims()) == 1


def test_control_number_mismatch_is_reported() -> None:
    text = fixture("lfh__demo.837").decode().replace("IEA*1*000000907", "IEA*1*000000908")
    problems = parse(text).transactions[0].problems
    assert [p.element for p in problems] == ["IEA02"]


def test_bad_delimiters_reject_the_file_with_a_reason() -> None:
    text = fixture("lfh__demo.837").decode()
    with pytest.raises(EdiSyntaxError, match="element separator"):
        parse("ISAA" + text[4:])


def test_a_file_that_is_not_x12_is_rejected() -> None:
    with pytest.raises(EdiSyntaxError, match="does not begin with an ISA"):
        parse(b"name,amount\nx,1\n")


def test_other_transaction_sets_are_refused_by_name() -> None:
    text = fixture("lfh__demo.837").decode().replace("ST*837*", "ST*270*")
    assert "270 is not imported" in parse(text).transactions[0].problems[0].reason
