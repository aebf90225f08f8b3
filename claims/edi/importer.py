"""Importing one stored X12 file: parse, then write claims (837) or post remittances (835),
and record what happened to every unit in the file's report.

The whole file is refused (REJECTED) when it is not X12, mixes 837 and 835, or carries
neither; an 835 whose trace number was already posted for the same payer, with other
content (the same bytes would have been the same file), is QUARANTINED for a person:
nothing of it is posted. Otherwise each unit stands alone and the file ends IMPORTED (every
unit taken), PARTIAL (some refused) or REJECTED (none taken).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from claims.edi.errors import EdiSyntaxError
from claims.edi.import835 import import_remittances, seen_traces
from claims.edi.import837 import import_claims
from claims.edi.parser import ParsedFile, parse
from claims.models import EdiFile

Progress = Callable[[int, int], None]


def run_import(*, edi_file: EdiFile, progress: Progress | None = None) -> EdiFile:
    """Import a RECEIVED file; fills in its status, counts and report (saved by the caller)."""
    # The parsed file stays alive until the end of the import, and posting it allocates a
    # few objects per claim, line and adjustment: the cyclic collector would walk the whole
    # parse over and over for nothing (about half the import's own time on a large file).
    # The import makes no garbage that needs it before the end. Turned back on whatever happens.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_import(edi_file=edi_file, progress=progress)
    finally:
        if collecting:
            gc.enable()


def _run_import(*, edi_file: EdiFile, progress: Progress | None) -> EdiFile:
    with edi_file.file.open("rb") as handle:
        content = handle.read()
    try:
        parsed = parse(content, lenient=edi_file.lenient)
    except EdiSyntaxError as error:
        return _refuse(edi_file, str(error.problem), {"problems": [error.problem.as_dict()]})
    edi_file.segment_count = parsed.segment_count
    kind = parsed.kind
    report: dict[str, Any] = {"transactions": _transactions(parsed)}
    if kind not in ("837", "835"):
        reason = (
            "The file mixes claims and remittances: send them as separate files."
            if kind == "mixed"
            else "The file holds neither 837 claims nor 835 remittances."
        )
        if kind and kind not in ("837", "835", "mixed"):
            reason = f"Transaction set {kind} is not imported: only 837 claims and 835 remittances are."
        return _refuse(edi_file, reason, report)
    edi_file.kind = kind
    if kind == "835":
        seen = seen_traces(edi_file.clinic, parsed)
        if seen:
            edi_file.status = EdiFile.Status.QUARANTINED
            edi_file.problem = " ".join(seen)
            edi_file.report = report
            return edi_file
        outcome835 = import_remittances(clinic=edi_file.clinic, edi_file=edi_file, parsed=parsed, progress=progress)
        report |= {"units": outcome835.units, "remittances": outcome835.remittances}
        edi_file.units_imported, edi_file.units_rejected = outcome835.imported, outcome835.rejected
        unreconciled = [r for r in outcome835.remittances if r.get("status") == "imported" and not r["reconciled"]]
        if unreconciled:
            report["reconciliation"] = [
                f"Remittance {r['trace']} does not reconcile: payment {r['payment_amount']}, claim payments "
                f"{r['claims_paid']}, provider adjustments {r['provider_adjustments']}, difference {r['difference']}."
                for r in unreconciled
            ]
    else:
        outcome837 = import_claims(clinic=edi_file.clinic, edi_file=edi_file, parsed=parsed, progress=progress)
        report["units"] = outcome837.units
        edi_file.units_imported, edi_file.units_rejected = outcome837.imported, outcome837.rejected
        edi_file.units_skipped = outcome837.skipped
    if edi_file.units_rejected == 0 and (edi_file.units_imported or edi_file.units_skipped):
        edi_file.status = EdiFile.Status.IMPORTED
    elif edi_file.units_imported:
        edi_file.status = EdiFile.Status.PARTIAL
    else:
        edi_file.status = EdiFile.Status.REJECTED if not edi_file.units_skipped else EdiFile.Status.IMPORTED
        if edi_file.status == EdiFile.Status.REJECTED:
            edi_file.problem = _first_problem(report) or "Nothing in the file could be imported."
    edi_file.report = report
    edi_file.imported_at = timezone.now()
    return edi_file


def _refuse(edi_file: EdiFile, reason: str, report: dict[str, Any]) -> EdiFile:
    edi_file.status = EdiFile.Status.REJECTED
    edi_file.problem = reason
    edi_file.report = report
    edi_file.imported_at = timezone.now()
    return edi_file


def _transactions(parsed: ParsedFile) -> list[dict[str, Any]]:
    return [
        {
            "set": t.set_id,
            "control_number": t.control_number,
            "implementation": t.implementation,
            "segment": t.segment_number,
            "status": "ok" if t.ok else "rejected",
            "problems": [p.as_dict() for p in t.problems],
            "warnings": [w.as_dict() for w in t.warnings],
        }
        for t in parsed.transactions
    ]


def _first_problem(report: dict[str, Any]) -> str:
    for transaction in report.get("transactions", []):
        for problem in transaction["problems"]:
            return str(problem["message"])
    for unit in report.get("units", []):
        if unit.get("problem"):
            return str(unit["problem"])
    for remittance in report.get("remittances", []):
        if remittance.get("problem"):
            return str(remittance["problem"])
    return ""
