"""FHIR OperationOutcome: how every problem with a delivery is answered.

Each issue names where (`expression`, FHIRPath such as `Bundle.entry[3].resource.subject`)
and what (`diagnostics`), with a FHIR issue `code` (invalid, required, structure, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Issue:
    code: str
    diagnostics: str
    expression: str = ""
    severity: str = "error"
    entry: int | None = None  # the bundle entry it belongs to, when it belongs to one

    def as_fhir(self) -> dict[str, Any]:
        issue: dict[str, Any] = {"severity": self.severity, "code": self.code, "diagnostics": self.diagnostics}
        if self.expression:
            issue["expression"] = [self.expression]
        return issue


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    return {"resourceType": "OperationOutcome", "issue": [issue.as_fhir() for issue in issues]}


def information(text: str) -> dict[str, Any]:
    return operation_outcome([Issue(code="informational", diagnostics=text, severity="information")])
