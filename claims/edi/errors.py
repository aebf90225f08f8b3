"""What can go wrong in an X12 file, said so a person can find it: which segment (its
number counted from the start of the file, 1-based), which element, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EdiProblem:
    """One reason a file, an envelope or a claim was not taken."""

    reason: str
    segment_number: int | None = None
    segment_id: str = ""
    element: str = ""  # "CLM02", "SE01"…

    def __str__(self) -> str:
        where = []
        if self.segment_number is not None:
            where.append(f"segment {self.segment_number}" + (f" ({self.segment_id})" if self.segment_id else ""))
        if self.element:
            where.append(f"element {self.element}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def as_dict(self) -> dict[str, object]:
        return {
            "segment": self.segment_number,
            "segment_id": self.segment_id,
            "element": self.element,
            "reason": self.reason,
            "message": str(self),
        }


class EdiSyntaxError(Exception):
    """The whole file cannot be read as X12 (no ISA, unreadable delimiters, not text)."""

    def __init__(self, problem: EdiProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class SegmentError(Exception):
    """Raised inside a claim or remittance parser; caught at the unit boundary and turned
    into that unit's `EdiProblem`."""

    def __init__(self, reason: str, segment_number: int | None = None, segment_id: str = "", element: str = ""):
        super().__init__(reason)
        self.problem = EdiProblem(reason, segment_number, segment_id, element)
