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
    """One ST…SE transaction set. `segments` excludes ST and SE and holds each segment's
    text, its elements not yet split (the readers split each distinct text once);
    `first_number` is the file-wide number of the ST segment, so segment i of the list is
    number first_number + 1 + i."""

    set_id: str  # "837", "835"
    control_number: str
    implementation: str  # ST03 or the group's GS08
    first_number: int
    segments: list[str]
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


@dataclass(frozen=True, slots=True)
class Cut:
    """The segments of a file and where they were cut: `text` is the segments joined by
    `separator` (the terminator, or the terminator and its line break); `visible` says
    that no segment begins with a blank."""

    text: str
    separator: str
    segments: list[str]
    visible: bool


def split_segments(text: str, delimiters: Delimiters) -> Cut:
    """The text of every segment, without its terminator (elements not yet split; the
    segment id is the text before the first element separator)."""
    terminator = delimiters.segment
    if terminator in "\r\n":
        text = re.sub(r"[\r\n]+[ \t]*", terminator, text)
        visible = not _rare_blank_in(text)
    elif "\n" in text or "\r" in text:
        cut = _one_segment_a_line(text, terminator)
        if cut is not None:
            return cut
        # The other layouts by plain replacement where it serves, the rest by pattern.
        text = text.replace(terminator + "\r\n", terminator).replace(terminator + "\n", terminator)
        if "\n" in text or "\r" in text or terminator + " " in text or terminator + "\t" in text:
            text = re.sub(r"\s*" + re.escape(terminator) + r"\s*", terminator, text)
            visible = True
        else:
            visible = not _rare_blank_in(text)
    elif terminator + " " in text or terminator + "\t" in text:
        # One line, with blanks between the segments: as with line breaks, they go.
        text = re.sub(r"\s*" + re.escape(terminator) + r"\s*", terminator, text)
        visible = True
    else:
        visible = not _rare_blank_in(text)
    pieces = text.split(terminator)
    if pieces and not pieces[-1].strip():
        pieces.pop()
    return Cut(text, terminator, pieces, visible)


def _one_segment_a_line(text: str, terminator: str) -> Cut | None:
    """The segments of a file written one a line, each terminator followed by a line
    break ("\\n" or "\\r\\n"), no other line break and no indentation, cut in one pass; None
    for any other layout. The same segments as the general path, without copying the file."""
    line_break = "\r\n" if "\r" in text else "\n"
    separator = terminator + line_break
    pieces = text.split(separator)
    breaks = len(pieces) - 1
    if text.count(terminator) != breaks or text.count("\n") != breaks:
        return None
    if line_break == "\r\n" and text.count("\r") != breaks:
        return None
    if separator + " " in text or separator + "\t" in text:
        return None  # indented: the general path strips the blanks
    if not pieces[-1].strip():
        pieces.pop()
    return Cut(text, separator, pieces, not _rare_blank_in(text))


# The characters `str.strip` removes other than space, tab and line breaks (test_edi_parser
# holds the list to Python's): a segment may begin with one only if the file holds one.
RARE_BLANKS = (
    "\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def _rare_blank_in(text: str) -> bool:
    return any(blank in text for blank in RARE_BLANKS)


def _find_isa(text: str) -> int:
    start = text.find("ISA")
    if start < 0 or text[:start].strip():
        raise EdiSyntaxError(EdiProblem("This is not an X12 file: it does not begin with an ISA segment."))
    return start


def read_document(data: bytes | str) -> EdiDocument:
    """Split a file into interchanges, groups and transaction sets, checking the envelopes."""
    try:
        text = decode(data) if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:  # UTF-16 cut short, or not UTF-8 after a UTF-8 BOM
        raise EdiSyntaxError(
            EdiProblem(f"The file cannot be read as {error.encoding} text: {error.reason} at byte {error.start}.")
        ) from None
    start = _find_isa(text.lstrip("\ufeff"))
    text = text.lstrip("\ufeff")
    delimiters, _ = read_delimiters(text, start)
    cut = split_segments(text[start:], delimiters)
    return _envelopes(cut.segments, _envelope_indices(cut, delimiters.element), delimiters)


_ENVELOPE_TAGS = frozenset(("ISA", "GS", "ST", "SE", "GE", "IEA"))
# Transaction bodies are padded with empty elements when they are split, so the readers
# index an element that the sender left off (trailing empty elements are omitted in X12)
# without a length check on every access. Padding covers the highest position any reader
# indexes directly (BPR16, CAS19).
PADDING = [""] * 20


def _envelope_indices(cut: Cut, element: str) -> list[int]:
    """The positions in `segments` of the envelope segments (ISA, GS, ST, SE, GE, IEA):
    only they are split here, the transaction bodies are handed on as they are.

    When no segment begins with a blank, an envelope segment is a separator followed by
    its id in the text: a handful of searches of the text find them, rather than a look at
    every segment; the few segments so found are located in the list by their text."""
    segments = cut.segments
    if not cut.visible:
        return [i for i, piece in enumerate(segments) if piece.split(element, 1)[0].strip() in _ENVELOPE_TAGS]
    found = [0] if segments and segments[0].split(element, 1)[0].strip() in _ENVELOPE_TAGS else []
    text, separator = cut.text, cut.separator
    starts = []
    skip = len(separator)
    for tag in _ENVELOPE_TAGS:
        needle = separator + tag
        at = text.find(needle)
        while at >= 0:
            starts.append(at + skip)
            at = text.find(needle, at + skip)
    index = 0
    for start in sorted(starts):
        end = text.find(separator, start)
        piece = text[start:end] if end >= 0 else text[start:]
        if piece.split(element, 1)[0].strip() in _ENVELOPE_TAGS:  # not "STC", "SES"…
            # Occurrences of the separator cannot overlap: each one is where `text` was cut.
            index = segments.index(piece, index + 1)
            found.append(index)
    return found


def _envelopes(segments: list[str], envelope_indices: list[int], delimiters: Delimiters) -> EdiDocument:
    doc = EdiDocument(delimiters=delimiters, interchanges=[], segment_count=len(segments))
    interchange: Interchange | None = None
    group: Group | None = None
    transaction: Transaction | None = None
    body_start = 0  # the first segment of the open transaction's body
    total = len(segments)
    element = delimiters.element

    def close_transaction_missing(index: int) -> None:
        nonlocal transaction
        if transaction is not None:
            transaction.problems.append(
                EdiProblem(
                    f"Transaction set {transaction.control_number} has no SE trailer: the file may be cut short.",
                    transaction.first_number,
                    "ST",
                )
            )
            transaction.segments = segments[body_start:index]
            transaction = None

    after = 0  # the segment after the last envelope segment
    for index in [*envelope_indices, total]:
        if transaction is None:
            # Between envelopes and outside any transaction set: nothing belongs here.
            for stray in range(after, index):
                tag = segments[stray].split(element, 1)[0].strip()
                if tag:
                    doc.problems.append(EdiProblem(f"Segment {tag} is outside any transaction set.", stray + 1, tag))
        if index == total:
            break
        after = index + 1
        seg = segments[index].split(element)
        tag = seg[0].strip()
        number = index + 1
        if tag == "ISA":
            close_transaction_missing(index)
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
            close_transaction_missing(index)
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
            close_transaction_missing(index)
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
            body_start = index + 1
        elif tag == "SE":
            if transaction is None:
                doc.problems.append(EdiProblem("An SE segment without its ST.", number, "SE"))
            else:
                transaction.segments = segments[body_start:index]
                count = len(transaction.segments) + 2
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
        elif tag == "GE":
            close_transaction_missing(index)
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
            close_transaction_missing(index)
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
    close_transaction_missing(total)
    if not doc.interchanges:
        raise EdiSyntaxError(EdiProblem("The file has no interchange."))
    return doc


def _el(seg: Segment, position: int) -> str:
    return seg[position] if len(seg) > position else ""
