"""Reading an X12 file into its envelopes: interchanges (ISA/IEA), functional groups
(GS/GE) and transaction sets (ST/SE), each transaction with its segments.

Delimiters come from the ISA, never from a guess: the element separator is the byte after
"ISA", the sub-element separator is ISA16, the segment terminator is the character after
ISA16 (when that is a line break and a non-alphanumeric character follows it, as in
files written "\\n~GS…", that character is), and the repetition separator is ISA11 in
5010. The ISA is read by counting separators, so an ISA that is not fixed-width still
reads. Line breaks and indentation around terminators are dropped. UTF-8 (with or without
BOM), UTF-16 and Latin-1 text are accepted.

The envelope checks (ISA13 = IEA02, GS06 = GE02, ST02 = SE02, SE01 = segments in the
set, GE01 and IEA01 counts) turn into problems on the unit they concern: a transaction
set that fails its own checks is broken, and so is every set inside an interchange or
group whose trailer is missing or does not match (the file may be cut short).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from claims.edi.errors import EdiProblem, EdiSyntaxError

Segment = list[str]


@dataclass(frozen=True, slots=True)
class Delimiters:
    element: str
    component: str
    segment: str
    repetition: str = ""


@dataclass(slots=True)
class Transaction:
    """One ST…SE transaction set. `segments` excludes ST and SE; `first_number` is the
    file-wide number of the ST segment, so segment i of the list is number first_number + 1 + i."""

    set_id: str  # "837", "835"
    control_number: str
    implementation: str  # ST03 or the group's GS08
    first_number: int
    segments: list[Segment]
    problems: list[EdiProblem] = field(default_factory=list)

    def number_of(self, index: int) -> int:
        return self.first_number + 1 + index


@dataclass(slots=True)
class Group:
    functional_id: str  # GS01: HC (837), HP (835)
    sender: str
    receiver: str
    control_number: str
    version: str  # GS08
    date: str
    transactions: list[Transaction] = field(default_factory=list)
    problems: list[EdiProblem] = field(default_factory=list)


@dataclass(slots=True)
class Interchange:
    sender: str
    receiver: str
    control_number: str
    date: str
    usage: str  # ISA15: P production, T test
    version: str  # ISA12
    groups: list[Group] = field(default_factory=list)
    problems: list[EdiProblem] = field(default_factory=list)


@dataclass(slots=True)
class EdiDocument:
    delimiters: Delimiters
    interchanges: list[Interchange]
    segment_count: int
    problems: list[EdiProblem] = field(default_factory=list)  # outside any interchange

    def transactions(self) -> list[tuple[Interchange, Group, Transaction]]:
        return [(i, g, t) for i in self.interchanges for g in i.groups for t in g.transactions]

    def broken(self, transaction: Transaction) -> list[EdiProblem]:
        """Problems that stop this transaction set: its own and its envelopes'."""
        for interchange in self.interchanges:
            for group in interchange.groups:
                if any(t is transaction for t in group.transactions):
                    return [*interchange.problems, *group.problems, *transaction.problems]
        return list(transaction.problems)


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM or not), UTF-16 (BOM or not), else Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if len(data) >= 4 and data[1] == 0 and data[3] == 0:
        return data.decode("utf-16-le")
    if len(data) >= 4 and data[0] == 0 and data[2] == 0:
        return data.decode("utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_delimiters(text: str, start: int) -> tuple[Delimiters, int]:
    """The delimiters of the ISA at `start`, and the index just after its terminator."""
    if len(text) < start + 4:
        raise EdiSyntaxError(EdiProblem("The file ends inside the ISA segment.", 1, "ISA"))
    element = text[start + 3]
    if element.isalnum() or element.isspace():
        raise EdiSyntaxError(
            EdiProblem(
                f"The element separator after ISA must be a punctuation character, found {element!r}.",
                1,
                "ISA",
                "ISA00",
            )
        )
    position = start + 3  # the separator before ISA01
    for _ in range(15):
        position = text.find(element, position + 1)
        if position < 0:
            raise EdiSyntaxError(
                EdiProblem("The ISA segment has fewer than 16 elements: the delimiters cannot be read.", 1, "ISA")
            )
    # `position` is now the separator before ISA16.
    if position + 2 >= len(text):
        raise EdiSyntaxError(EdiProblem("The file ends inside the ISA segment.", 1, "ISA", "ISA16"))
    component = text[position + 1]
    terminator_at = position + 2
    terminator = text[terminator_at]
    if terminator in "\r\n":
        # "…*:\n~GS": a line break, then the real terminator.
        probe = terminator_at
        while probe < len(text) and text[probe] in "\r\n \t":
            probe += 1
        if probe < len(text) and not text[probe].isalnum():
            terminator, terminator_at = text[probe], probe
    if terminator.isalnum() or terminator in (element, component):
        raise EdiSyntaxError(
            EdiProblem(
                f"The segment terminator after ISA16 is {terminator!r}: it must differ from the data and the other "
                "separators.",
                1,
                "ISA",
                "ISA16",
            )
        )
    if component.isalnum() or component == element:
        raise EdiSyntaxError(
            EdiProblem(
                f"The sub-element separator ISA16 is {component!r}: it must be a punctuation character.",
                1,
                "ISA",
                "ISA16",
            )
        )
    isa = text[start:terminator_at].split(element)
    repetition = ""
    if len(isa) > 12 and isa[12].strip() >= "00501" and len(isa[11]) == 1 and not isa[11].isalnum():
        repetition = isa[11]
    return Delimiters(element, component, terminator, repetition), terminator_at + 1


def split_segments(text: str, delimiters: Delimiters) -> list[Segment]:
    """Every segment as its list of elements (element 0 is the segment id)."""
    terminator = delimiters.segment
    if terminator in "\r\n":
        text = re.sub(r"[\r\n]+[ \t]*", terminator, text)
    elif "\n" in text or "\r" in text:
        # The common layouts (one segment a line) by plain replacement, the rest by pattern.
        text = text.replace(terminator + "\r\n", terminator).replace(terminator + "\n", terminator)
        if "\n" in text or "\r" in text or terminator + " " in text or terminator + "\t" in text:
            text = re.sub(r"\s*" + re.escape(terminator) + r"\s*", terminator, text)
    element = delimiters.element
    pieces = text.split(terminator)
    if pieces and not pieces[-1].strip():
        pieces.pop()
    return [piece.split(element) for piece in pieces]


def _find_isa(text: str) -> int:
    start = text.find("ISA")
    if start < 0 or text[:start].strip():
        raise EdiSyntaxError(EdiProblem("This is not an X12 file: it does not begin with an ISA segment."))
    return start


def read_document(data: bytes | str) -> EdiDocument:
    """Split a file into interchanges, groups and transaction sets, checking the envelopes."""
    text = decode(data) if isinstance(data, bytes) else data
    start = _find_isa(text.lstrip("\ufeff"))
    text = text.lstrip("\ufeff")
    delimiters, _ = read_delimiters(text, start)
    segments = split_segments(text[start:], delimiters)
    return _envelopes(segments, delimiters)


_ENVELOPE_TAGS = frozenset(("ISA", "GS", "ST", "SE", "GE", "IEA"))
# Transaction bodies are padded with empty elements, so the readers index an element that
# the sender left off (trailing empty elements are omitted in X12) without a length check
# on every access. Padding covers the highest position any reader indexes directly (BPR16,
# CAS19).
_PADDING = [""] * 20


def _envelopes(segments: list[Segment], delimiters: Delimiters) -> EdiDocument:
    doc = EdiDocument(delimiters=delimiters, interchanges=[], segment_count=len(segments))
    interchange: Interchange | None = None
    group: Group | None = None
    transaction: Transaction | None = None
    body: list[Segment] = []
    index = 0
    total = len(segments)

    def close_transaction_missing(number: int) -> None:
        nonlocal transaction
        if transaction is not None:
            transaction.problems.append(
                EdiProblem(
                    f"Transaction set {transaction.control_number} has no SE trailer: the file may be cut short.",
                    transaction.first_number,
                    "ST",
                )
            )
            transaction.segments = body[:]
            transaction = None

    while index < total:
        seg = segments[index]
        tag = seg[0].strip()
        if transaction is not None and tag not in _ENVELOPE_TAGS:
            body.append(seg + _PADDING)
            index += 1
            continue
        number = index + 1
        if tag == "ISA":
            close_transaction_missing(number)
            if len(seg) < 17:
                doc.problems.append(EdiProblem("The ISA segment has fewer than 16 elements.", number, "ISA"))
            interchange = Interchange(
                sender=_el(seg, 6).strip(),
                receiver=_el(seg, 8).strip(),
                control_number=_el(seg, 13).strip(),
                date=_el(seg, 9).strip(),
                usage=_el(seg, 15).strip(),
                version=_el(seg, 12).strip(),
            )
            interchange.problems.append(
                EdiProblem(
                    "The interchange that starts here has no IEA trailer: the file may be cut short.", number, "ISA"
                )
            )
            doc.interchanges.append(interchange)
            group = None
        elif tag == "GS":
            close_transaction_missing(number)
            if interchange is None:
                doc.problems.append(EdiProblem("A GS segment outside any ISA interchange.", number, "GS"))
                interchange = Interchange("", "", "", "", "", "")
                doc.interchanges.append(interchange)
            group = Group(
                functional_id=_el(seg, 1),
                sender=_el(seg, 2),
                receiver=_el(seg, 3),
                control_number=_el(seg, 6),
                version=_el(seg, 8),
                date=_el(seg, 4),
            )
            group.problems.append(
                EdiProblem(
                    "The functional group that starts here has no GE trailer: the file may be cut short.", number, "GS"
                )
            )
            interchange.groups.append(group)
        elif tag == "ST":
            close_transaction_missing(number)
            if group is None:
                doc.problems.append(EdiProblem("An ST segment outside any GS group.", number, "ST"))
                group = Group("", "", "", "", "", "")
                if interchange is None:
                    interchange = Interchange("", "", "", "", "", "")
                    doc.interchanges.append(interchange)
                interchange.groups.append(group)
            transaction = Transaction(
                set_id=_el(seg, 1),
                control_number=_el(seg, 2),
                implementation=_el(seg, 3) or group.version,
                first_number=number,
                segments=[],
            )
            group.transactions.append(transaction)
            body = []
        elif tag == "SE":
            if transaction is None:
                doc.problems.append(EdiProblem("An SE segment without its ST.", number, "SE"))
            else:
                transaction.segments = body
                count = len(body) + 2
                if _el(seg, 2) != transaction.control_number:
                    transaction.problems.append(
                        EdiProblem(
                            f"SE02 {_el(seg, 2)!r} does not match ST02 {transaction.control_number!r}.",
                            number,
                            "SE",
                            "SE02",
                        )
                    )
                if _el(seg, 1) != str(count):
                    transaction.problems.append(
                        EdiProblem(
                            f"SE01 says {_el(seg, 1) or 'nothing'} segments but the transaction set has {count}.",
                            number,
                            "SE",
                            "SE01",
                        )
                    )
                transaction = None
                body = []
        elif tag == "GE":
            close_transaction_missing(number)
            if group is None:
                doc.problems.append(EdiProblem("A GE segment without its GS.", number, "GE"))
            else:
                group.problems.clear()
                if _el(seg, 2) != group.control_number:
                    group.problems.append(
                        EdiProblem(
                            f"GE02 {_el(seg, 2)!r} does not match GS06 {group.control_number!r}.", number, "GE", "GE02"
                        )
                    )
                if _el(seg, 1) != str(len(group.transactions)):
                    group.problems.append(
                        EdiProblem(
                            f"GE01 says {_el(seg, 1) or 'nothing'} transaction sets but the group has "
                            f"{len(group.transactions)}.",
                            number,
                            "GE",
                            "GE01",
                        )
                    )
                group = None
        elif tag == "IEA":
            close_transaction_missing(number)
            if interchange is None:
                doc.problems.append(EdiProblem("An IEA segment without its ISA.", number, "IEA"))
            else:
                interchange.problems.clear()
                if _el(seg, 2).strip() != interchange.control_number:
                    interchange.problems.append(
                        EdiProblem(
                            f"IEA02 {_el(seg, 2)!r} does not match ISA13 {interchange.control_number!r}.",
                            number,
                            "IEA",
                            "IEA02",
                        )
                    )
                if _el(seg, 1).strip() != str(len(interchange.groups)):
                    interchange.problems.append(
                        EdiProblem(
                            f"IEA01 says {_el(seg, 1) or 'nothing'} groups but the interchange has "
                            f"{len(interchange.groups)}.",
                            number,
                            "IEA",
                            "IEA01",
                        )
                    )
                interchange = None
                group = None
        elif tag:
            doc.problems.append(EdiProblem(f"Segment {tag} is outside any transaction set.", number, tag))
        index += 1
    close_transaction_missing(total)
    if not doc.interchanges:
        raise EdiSyntaxError(EdiProblem("The file has no interchange."))
    return doc


def _el(seg: Segment, position: int) -> str:
    return seg[position] if len(seg) > position else ""
