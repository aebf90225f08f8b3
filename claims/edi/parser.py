"""One entry point: bytes in, the file's transaction sets out, each parsed into claims
(837) or a remittance (835), with every problem placed on the unit it breaks.

Units and what breaks them:
- the file: not X12, unreadable ISA delimiters (`EdiSyntaxError`);
- a transaction set: its own envelope checks or those of its group or interchange, an
  unsupported kind (not 837/835, or 837D), a bad 835 header;
- a claim (837 CLM) or claim payment (835 CLP): any bad value in its segments.

`lenient=True` lets through count and control-number mismatches in the trailers (SE01,
SE02, GE01, GE02, IEA01, IEA02): de-identified and hand-edited files carry them. A missing
trailer still breaks the unit (the file may be cut short).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

from claims.edi.claim837 import ParsedClaim
from claims.edi.envelope import Delimiters, EdiDocument, Group, Interchange, Transaction, read_document
from claims.edi.errors import EdiProblem, SegmentError
from claims.edi.x835 import ParsedRemittance, parse_835
from claims.edi.x837 import parse_837

_MISMATCH_ELEMENTS = {"SE01", "SE02", "GE01", "GE02", "IEA01", "IEA02"}


@dataclass(slots=True)
class ParsedTransaction:
    set_id: str
    control_number: str
    implementation: str
    segment_number: int
    interchange: Interchange
    group: Group
    problems: list[EdiProblem] = field(default_factory=list)
    warnings: list[EdiProblem] = field(default_factory=list)
    claims: list[ParsedClaim] = field(default_factory=list)
    remittance: ParsedRemittance | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(slots=True)
class ParsedFile:
    document: EdiDocument
    transactions: list[ParsedTransaction]

    @property
    def kind(self) -> str:
        kinds = {t.set_id for t in self.transactions}
        return kinds.pop() if len(kinds) == 1 else ("mixed" if kinds else "")

    @property
    def segment_count(self) -> int:
        return self.document.segment_count

    def claims(self) -> list[ParsedClaim]:
        return [c for t in self.transactions if t.ok for c in t.claims]

    def remittances(self) -> list[ParsedRemittance]:
        return [t.remittance for t in self.transactions if t.ok and t.remittance is not None]


def parse(data: bytes | str, *, lenient: bool = False) -> ParsedFile:
    """Parse a whole file. Raises `EdiSyntaxError` only when it is not readable X12."""
    # Parsing allocates a few small objects per segment and frees none of them until the
    # end: the cyclic collector would walk them over and over for nothing (a third of the
    # time on a large file). Turned back on whatever happens.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(data, lenient=lenient)
    finally:
        if collecting:
            gc.enable()


def _parse(data: bytes | str, *, lenient: bool) -> ParsedFile:
    document = read_document(data)
    delimiters = document.delimiters
    parsed = []
    for interchange, group, transaction in document.transactions():
        result = ParsedTransaction(
            set_id=transaction.set_id,
            control_number=transaction.control_number,
            implementation=transaction.implementation,
            segment_number=transaction.first_number,
            interchange=interchange,
            group=group,
        )
        for problem in [*document.problems, *interchange.problems, *group.problems, *transaction.problems]:
            if lenient and problem.element in _MISMATCH_ELEMENTS:
                result.warnings.append(problem)
            else:
                result.problems.append(problem)
        if not result.problems:
            _parse_body(result, transaction, delimiters, group)
        parsed.append(result)
    return ParsedFile(document=document, transactions=parsed)


def _parse_body(result: ParsedTransaction, transaction: Transaction, delimiters: Delimiters, group: Group) -> None:
    try:
        if transaction.set_id == "837":
            result.claims = parse_837(transaction, delimiters, group.version)
            if not result.claims:
                result.problems.append(
                    EdiProblem("The transaction set has no claims (CLM).", transaction.first_number, "ST")
                )
        elif transaction.set_id == "835":
            result.remittance = parse_835(transaction, delimiters)
            result.warnings.extend(result.remittance.warnings)
        else:
            result.problems.append(
                EdiProblem(
                    f"Transaction set {transaction.set_id or '(none)'} is not imported: only 837 claims and 835 "
                    "remittances are.",
                    transaction.first_number,
                    "ST",
                    "ST01",
                )
            )
    except SegmentError as error:
        result.problems.append(error.problem)
