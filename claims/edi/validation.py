"""Strict validation of X12 files against the implementation guides with pyx12 4.0, and the
999 acknowledgement (997 for 4010 files) it writes.

This is the slow, optional second opinion on a file that has already been imported by
`claims.edi` (our own reader decides what is imported; nothing here changes that). pyx12
reads a few thousand segments a second and gives up on some real files, so it runs as a
background task with a time limit, and every way it can fail becomes a result:

- `VALID`: pyx12 found nothing to say; the acknowledgement accepts.
- `ERRORS`: the findings, each with its segment, loop, element, code and message, and the
  acknowledgement that names them (IK3/IK4 in a 999, AK3/AK4 in a 997).
- `FAILED`: pyx12 could not validate the file (no map for its guide version, an ISA it
  cannot read, a crash, the time limit); `problem` says why.

Before pyx12 sees the text, a UTF-8 byte-order mark and the line breaks or indentation after
each segment terminator are removed (pyx12 reports each indented segment as an error of its
own); the segments themselves are passed as received.
"""

from __future__ import annotations

import bisect
import io
import json
import logging
import re
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from claims.edi.envelope import decode

Status = Literal["VALID", "ERRORS", "FAILED"]

logger = logging.getLogger(__name__)

# Findings kept per file: a real file can carry thousands, and the page and the API show them.
MAX_FINDINGS = 500
# AK901 / IK501 / AK501 codes, from the worst: rejected, partially accepted, accepted with errors.
_SEVERITY = {"R": 4, "M": 4, "W": 4, "X": 4, "P": 3, "E": 2, "A": 1}
_ACK_CODE = re.compile(r"(?:^|[~\n\r])\s*AK9\*([A-Z])")


@dataclass(frozen=True)
class Finding:
    """One thing pyx12 found wrong."""

    segment: str  # segment id: "CLM", "HI", "SE", "ISA"…
    position: int | None  # the segment's number in the file (ISA is 1), when pyx12 knows it
    loop: str  # implementation-guide loop: "2300 Claim Information"
    element: str  # "CLM05-01", empty for a finding about the whole segment
    code: str  # pyx12's error code (the 999 IK3/IK4 or TA1 code it maps to)
    message: str
    value: str = ""  # the offending value, when there is one

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ValidationResult:
    status: Status
    findings: list[Finding] = field(default_factory=list)
    finding_count: int = 0  # all of them, when more than MAX_FINDINGS were found
    acknowledgement: str = ""  # the 999 (or 997) pyx12 generated
    acknowledgement_code: str = ""  # AK901 of the acknowledgement: A, E, P or R (the worst group's)
    problem: str = ""  # why the validator failed
    segments: int = 0  # segments pyx12 read


class _OutOfTime(BaseException):
    """Raised from pyx12's per-segment callback to stop it. A BaseException on purpose:
    pyx12 swallows `Exception`s raised by callbacks."""


class _Loops:
    """Which loop each segment is in, kept as the segment numbers where the loop changes
    (a few per claim) rather than one entry per segment."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.starts: list[int] = []
        self.labels: list[str] = []
        self.segments = 0

    def __call__(self, seg: Any, src: Any, node: Any, valid: bool) -> None:
        self.segments = src.get_cur_line()
        if time.monotonic() >= self.deadline:
            raise _OutOfTime
        parent = node.get_parent() if node is not None else None
        label = _loop_label(parent)
        if not self.labels or self.labels[-1] != label:
            self.starts.append(self.segments)
            self.labels.append(label)

    def at(self, position: int | None) -> str:
        if position is None or not self.starts:
            return ""
        index = bisect.bisect_right(self.starts, position) - 1
        return self.labels[index] if index >= 0 else ""


def _loop_label(loop: Any) -> str:
    loop_id = getattr(loop, "id", None) or ""
    name = getattr(loop, "name", None) or ""
    if loop_id in {"ISA_LOOP", "GS_LOOP", "ST_LOOP"}:
        return loop_id
    return f"{loop_id} {name}".strip() if name and name != loop_id else loop_id


def normalise(data: bytes) -> str:
    """The text pyx12 is given: decoded, from the ISA on, without line breaks or indentation
    between segments."""
    text = decode(data).lstrip("\ufeff \t\r\n")
    if not text.startswith("ISA") or len(text) < 106:
        return text
    # ISA is fixed-width: its 106th character is the segment terminator (which may itself be
    # a line break: then the breaks and spaces after it go, the terminator stays).
    terminator = text[105]
    return re.sub(re.escape(terminator) + r"[ \t\r\n]+", terminator, text)


def validate(data: bytes, *, time_limit: float) -> ValidationResult:
    """Validate an X12 file with pyx12; never raises for anything pyx12 does."""
    import pyx12.errors
    import pyx12.params
    import pyx12.x12file
    import pyx12.x12n_document

    try:
        text = normalise(data)
    except UnicodeDecodeError as error:
        return ValidationResult("FAILED", problem=f"the file is not readable text: {error}")
    try:
        pyx12.x12file.X12Reader(io.StringIO(text))
    except pyx12.errors.X12Error as error:
        # pyx12 quotes the whole first line after " for ": the reason is enough.
        reason = str(error).split(" for ISA", 1)[0]
        return ValidationResult("FAILED", problem=_one_line(f"pyx12 cannot read the interchange header: {reason}"))
    acknowledgement, findings_json = io.StringIO(), io.StringIO()
    loops = _Loops(deadline=time.monotonic() + time_limit)
    try:
        valid = pyx12.x12n_document.x12n_document(
            pyx12.params.ParamsBase(),
            io.StringIO(text),
            acknowledgement,
            None,
            None,
            fd_json=findings_json,
            callback=loops,
        )
    except _OutOfTime:
        return ValidationResult(
            "FAILED",
            problem=f"stopped at the time limit of {time_limit:g} s, after {loops.segments} segment"
            + ("" if loops.segments == 1 else "s"),
            segments=loops.segments,
        )
    except pyx12.errors.EngineError as error:
        return ValidationResult("FAILED", problem=_engine_problem(str(error)), segments=loops.segments)
    except Exception as error:
        # pyx12 has crashed on real files (its readers assume things payers do not always
        # do): the import stands, and the reason is recorded for a person.
        # Only the type is logged: pyx12's messages quote the file's content.
        logger.warning("pyx12 crashed on a file: %s", type(error).__name__)
        return ValidationResult(
            "FAILED", problem=_one_line(f"pyx12 crashed: {type(error).__name__}: {error}"), segments=loops.segments
        )
    findings = list(_findings(findings_json.getvalue(), loops))
    ack = acknowledgement.getvalue()
    if not findings_json.getvalue() and not ack and not valid:
        return ValidationResult("FAILED", problem="pyx12 read nothing it could validate", segments=loops.segments)
    status: Status = "VALID" if valid and not findings else "ERRORS"
    return ValidationResult(
        status,
        findings=findings[:MAX_FINDINGS],
        finding_count=len(findings),
        acknowledgement=ack,
        acknowledgement_code=acknowledgement_code(ack),
        segments=loops.segments,
    )


def _engine_problem(message: str) -> str:
    if message.startswith("Map not found"):
        guide = re.search(r"vriic=([0-9A-Z]+)(?:,|$)", message)
        if guide is None:
            return "pyx12 found no implementation guide version (GS08) to validate against"
        version = re.search(r"icvn=([0-9]+)", message)
        where = f" in an interchange of version {version.group(1)}" if version else ""
        return f"pyx12 4.0 has no map for the implementation guide {guide.group(1)}{where}"
    return _one_line(f"pyx12 stopped: {message}")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def acknowledgement_code(ack: str) -> str:
    """The worst AK901 of the acknowledgement's groups."""
    codes = _ACK_CODE.findall(ack)
    return max(codes, key=lambda c: _SEVERITY.get(c, 0)) if codes else ""


def _findings(raw: str, loops: _Loops) -> Any:
    if not raw:
        return
    document = json.loads(raw)
    for interchange in document.get("interchanges", []):
        yield from _errors(interchange, "ISA", interchange.get("cur_line"), "ISA_LOOP")
        for group in interchange.get("groups", []):
            yield from _errors(group, "GS", group.get("cur_line"), "GS_LOOP")
            for transaction in group.get("transactions", []):
                yield from _errors(transaction, "ST", transaction.get("cur_line"), "ST_LOOP")
                for segment in transaction.get("segments", []):
                    position = segment.get("cur_line")
                    seg_id = segment.get("seg_id") or ""
                    loop = loops.at(position)
                    yield from _errors(segment, seg_id, position, loop)
                    for element in segment.get("elements", []):
                        name = _element_name(seg_id, element)
                        yield from _errors(element, seg_id, position, loop, element=name)


def _errors(node: dict[str, Any], segment: str, position: Any, loop: str, *, element: str = "") -> Any:
    for error in node.get("errors", []):
        yield Finding(
            segment=segment,
            position=position if isinstance(position, int) else None,
            loop=loop,
            element=element,
            code=str(error.get("err_cde") or ""),
            message=str(error.get("err_str") or ""),
            value=str(error.get("err_val") or ""),
        )


def _element_name(seg_id: str, element: dict[str, Any]) -> str:
    position = element.get("ele_pos")
    if not isinstance(position, int):
        return seg_id
    name = f"{seg_id}{position:02d}"
    sub = element.get("subele_pos")
    return f"{name}-{sub:02d}" if isinstance(sub, int) else name
