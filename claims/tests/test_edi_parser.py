"""The X12 reader on every real file in the fixtures, and on broken copies of them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from claims.edi import claim837, x835
from claims.edi.envelope import RARE_BLANKS, read_document
from claims.edi.errors import EdiSyntaxError
from claims.edi.generate import make_claims, render_835, render_837
from claims.edi.parser import ParsedFile, parse

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


def test_utf16_file_cut_at_an_odd_byte_is_rejected_with_a_reason() -> None:
    data = fixture("oopfactory__837P__5010_UnicodeExample.txt")
    with pytest.raises(EdiSyntaxError, match="cannot be read as utf-16-le text: truncated data"):
        parse(data[:-1])


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


# The reader's shortcuts: each distinct segment text is read once, objects are built
# without the dataclass call, envelopes are found by searching the text.

GENERATED = make_claims(40)
GENERATED_837 = render_837(GENERATED)
GENERATED_835 = render_835(GENERATED)


def test_builders_make_what_the_dataclass_calls_make() -> None:
    party = ("IL", "DOE", "JANE", "Q", "MI", "M123")
    assert claim837.new_party(*party) == claim837.Party(*party)
    assert claim837.new_line(3, 17) == claim837.ParsedLine(3, 17)
    payer = claim837.Party("PR", "PLAN")
    built = claim837.new_claim(9, "professional", None, None, payer, None, None, "18", "CI", "P")
    assert built == claim837.ParsedClaim(
        9,
        "professional",
        payer=payer,
        relationship="18",
        claim_filing_indicator="CI",
        payer_responsibility="P",
    )
    assert x835._new_adjustment("CO", "45", Decimal("1.00"), None, 5) == x835.ParsedAdjustment(
        "CO", "45", Decimal("1.00"), None, 5
    )
    service = (8, "HC", "99213", ["25"], Decimal("150.00"), Decimal("96.00"), "", Decimal("1.000"))
    assert x835._new_service(*service) == x835.ParsedServicePayment(*service)
    assert x835._new_payment(12) == x835.ParsedClaimPayment(12)


def _objects(value: object, seen: set[int]) -> list[Any]:
    if id(value) in seen:
        return []
    seen.add(id(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found: list[Any] = [value]
        for item in dataclasses.fields(value):
            found += _objects(getattr(value, item.name), seen)
        return found
    if isinstance(value, (list, tuple)):
        return [o for item in value for o in _objects(item, seen)]
    if isinstance(value, dict):
        return [o for item in value.values() for o in _objects(item, seen)]
    return []


@pytest.mark.parametrize(
    "data", [GENERATED_837, GENERATED_835, fixture("lfh__secondary-payment.835")], ids=["837", "835", "real-835"]
)
def test_every_parsed_object_is_a_whole_dataclass(data: str | bytes) -> None:
    parsed = parse(data)
    objects = [o for t in parsed.transactions for o in _objects([t.claims, t.remittance], set())]
    assert len(objects) > 10
    for obj in objects:
        assert dataclasses.replace(obj) == obj  # reads every field: none left unset


def test_repeated_segments_give_each_line_and_adjustment_its_own_values() -> None:
    claims = parse(GENERATED_837).claims()
    lines = [line for claim in claims for line in claim.lines if line.procedure_code == "99213"]
    assert len(lines) > 2 and len({line.segment_number for line in lines}) == len(lines)
    lines[0].diagnosis_pointers.append(9)
    lines[0].modifiers.append("25")
    assert lines[1].diagnosis_pointers == [1] and lines[1].modifiers == []
    first, second = next((a, b) for a in claims for b in claims if a is not b and a.diagnoses == b.diagnoses)
    codes = list(second.diagnoses)
    first.diagnoses.append(("ABF", "R51"))
    assert second.diagnoses == codes

    payments = parse(GENERATED_835).remittances()[0].claims
    write_downs = [a for p in payments for line in p.lines for a in line.adjustments if a.reason_code == "45"]
    assert len(write_downs) > 2
    assert len({a.segment_number for a in write_downs}) == len(write_downs)


def test_a_bad_segment_repeated_in_every_claim_is_reported_at_each() -> None:
    text = re.sub(r"DTP\*472\*D8\*[0-9]{8}", "DTP*472*D8*20261399", render_837(make_claims(3)))
    segments = text.split("~\n")
    first_dates = [segments.index(s, i) + 1 for i, s in enumerate(segments) if s.startswith("CLM*")]
    first_dates = [
        next(n + 1 for n in range(clm, len(segments)) if segments[n].startswith("DTP*")) for clm in first_dates
    ]
    problems = [claim.problem for claim in parse(text).transactions[0].claims]
    assert [(p.segment_number, p.element) for p in problems if p] == [(n, "DTP03") for n in first_dates]
    assert all("'20261399' is not a date" in p.reason for p in problems if p)


def _layouts(text: str) -> dict[str, str]:
    return {
        "one a line": text,
        "crlf": text.replace("~\n", "~\r\n"),
        "one line": text.replace("~\n", "~"),
        "blank after terminator": text.replace("~\n", "~ "),
        "indented": text.replace("~\n", "~\n  "),
        "line break before terminator": text.replace("~\n", "\n~"),
        "line breaks as terminators": text.replace("~\n", "\n"),
    }


def _summary(parsed: ParsedFile) -> list[tuple[Any, ...]]:
    return [(t.set_id, t.problems, t.warnings, t.claims, t.remittance) for t in parsed.transactions]


@pytest.mark.parametrize("text", [GENERATED_837, GENERATED_835], ids=["837", "835"])
def test_every_layout_of_a_file_reads_alike(text: str) -> None:
    expected = _summary(parse(text))
    assert expected[0][3] or expected[0][4]
    for name, variant in _layouts(text).items():
        assert _summary(parse(variant)) == expected, name


def test_envelope_segments_are_found_behind_blanks_and_not_in_lookalikes() -> None:
    text = fixture("lfh__demo.837").decode()
    assert "~\nSE*41*" in text
    expected = _summary(parse(text))
    for variant in (
        text.replace("~\nSE*41*", "~\n\x0cSE*41*"),  # a blank that the layout clean-up leaves
        text.replace("~\nSE*41*", "~\nSE \xa0*41*"),  # blanks after the id
        text.replace("\n", "").replace("~SE*41*", "~\u2003SE*41*"),  # on one line, a wider blank
    ):
        assert _summary(parse(variant)) == expected
    # A segment whose id only begins like an envelope's stays in the transaction set.
    lookalike = parse(text.replace("~\nSE*41*", "~\nSEX*1~\nSE*42*"))
    assert lookalike.transactions[0].problems == [] and len(lookalike.claims()) == 1


def test_the_rare_blanks_are_all_the_blanks_strip_removes_but_space_tab_and_line_breaks() -> None:
    blanks = {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}
    assert set(RARE_BLANKS) == blanks - set(" \t\r\n")
