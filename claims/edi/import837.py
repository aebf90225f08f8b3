"""Writing the claims of a parsed 837: in batches, each claim its own unit.

Every check a claim must pass is made in Python before anything is written, so a batch
goes in at once, its claims and lines built as plain rows (`insert_rows`: COPY on
PostgreSQL). If the database still refuses a batch (a race, a constraint
nobody foresaw), the batch is rolled back and retried claim by claim, each in its own
savepoint, and the one that fails is reported with the database's reason.

A claim already in the clinic with the same claim number (CLM01) and payer is skipped and
reported as such, unless it is a replacement or void (frequency 7 or 8), which is kept as
a new claim beside the original.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from claims.codes.lookups import CodeChecker
from claims.edi.bulk import insert_rows
from claims.edi.claim837 import ParsedClaim
from claims.edi.parser import ParsedFile
from claims.edi.parties import PatientDirectory, PayerDirectory, ProviderDirectory
from claims.edi.x837 import ICD10_QUALIFIERS
from claims.models import Claim, ClaimLine, EdiFile
from clinics.models import Clinic

BATCH = 1000


@dataclass
class Outcome:
    units: list[dict[str, Any]] = field(default_factory=list)
    imported: int = 0
    rejected: int = 0
    skipped: int = 0

    def add(self, status: str, key: str, segment: int | None, problem: str = "", **extra: Any) -> None:
        self.units.append(
            {"kind": "claim", "key": key, "status": status, "segment": segment, "problem": problem, **extra}
        )
        if status == "imported":
            self.imported += 1
        elif status == "rejected":
            self.rejected += 1
        else:
            self.skipped += 1


def import_claims(
    *, clinic: Clinic, edi_file: EdiFile, parsed: ParsedFile, progress: Callable[[int, int], None] | None = None
) -> Outcome:
    outcome = Outcome()
    claims: list[ParsedClaim] = []
    for transaction_ in parsed.transactions:
        if transaction_.ok:
            claims.extend(transaction_.claims)
        else:
            reason = "; ".join(str(p) for p in transaction_.problems)
            for claim in transaction_.claims:
                outcome.add("rejected", claim.patient_control_number, claim.segment_number, reason)
    good = []
    for claim in claims:
        if claim.problem is not None:
            outcome.add("rejected", claim.patient_control_number, claim.problem.segment_number, str(claim.problem))
        else:
            good.append(claim)
    total = len(good)
    for start in range(0, total, BATCH):
        _write_batch(clinic, edi_file, good[start : start + BATCH], outcome)
        if progress is not None:
            progress(min(start + BATCH, total), total)
    return outcome


# The columns of the rows `_build` makes (`insert_rows`); the clinic, file, status and
# submission time are the same for the whole file, every other column takes its default.
_CLAIM_COLUMNS = (
    "id",
    "created_at",
    "patient_id",
    "billing_provider_id",
    "rendering_provider_id",
    "payer_id",
    "patient_control_number",
    "claim_type",
    "frequency_code",
    "place_of_service",
    "service_date_from",
    "service_date_to",
    "total_charge",
    "prior_authorization_number",
    "diagnosis_codes",
    "member_id",
    "claim_filing_indicator",
    "code_flags",
    "payer_claim_control_number",
)
_LINE_COLUMNS = (
    "id",
    "claim_id",
    "line_number",
    "procedure_code",
    "modifiers",
    "diagnosis_pointers",
    "units",
    "charge",
    "service_date",
    "revenue_code",
)


@dataclass(slots=True)
class _Row:
    parsed: ParsedClaim
    claim: tuple[Any, ...]
    lines: list[tuple[Any, ...]]
    flags: list[str]

    @property
    def claim_id(self) -> uuid.UUID:
        return self.claim[0]  # type: ignore[no-any-return]


def _write_batch(clinic: Clinic, edi_file: EdiFile, batch: list[ParsedClaim], outcome: Outcome) -> None:
    payers = PayerDirectory(clinic)
    providers = ProviderDirectory(clinic)
    patients = PatientDirectory(clinic)
    payers.load([c.payer.identifier for c in batch if c.payer], [c.payer.last_name for c in batch if c.payer])
    providers.load([p.npi for c in batch for p in (c.billing_provider, c.rendering_provider) if p is not None])
    patients.load([c.the_patient for c in batch if c.the_patient is not None])
    checker = CodeChecker(
        icd10=[code for c in batch for q, code in c.diagnoses if q in ICD10_QUALIFIERS],
        hcpcs=[line.procedure_code for c in batch for line in c.lines],
    )
    today = timezone.localdate()
    same = {
        "clinic_id": clinic.pk,
        "edi_file_id": edi_file.pk,
        "status": Claim.Status.SUBMITTED,
        "submitted_at": edi_file.created_at,
    }
    rows: list[_Row] = []
    with transaction.atomic():
        existing = _existing(clinic, batch)
        for parsed in batch:
            row = _build(parsed, payers, providers, patients, checker, existing, today, edi_file.name, outcome)
            if row is not None:
                rows.append(row)
        providers.save_new()
        patients.save_new()
        try:
            with transaction.atomic():
                insert_rows(Claim, _CLAIM_COLUMNS, [row.claim for row in rows], same=same)
                insert_rows(
                    ClaimLine,
                    _LINE_COLUMNS,
                    [line for row in rows for line in row.lines],
                    same={"clinic_id": clinic.pk},
                )
        except (IntegrityError, DatabaseError):
            _write_one_by_one(rows, same, outcome)
            return
    for row in rows:
        outcome.add(
            "imported",
            row.parsed.patient_control_number,
            row.parsed.segment_number,
            claim_id=str(row.claim_id),
            flags=row.flags,
        )


def _write_one_by_one(rows: list[_Row], same: dict[str, Any], outcome: Outcome) -> None:
    for row in rows:
        parsed = row.parsed
        try:
            with transaction.atomic():
                insert_rows(Claim, _CLAIM_COLUMNS, [row.claim], same=same)
                insert_rows(ClaimLine, _LINE_COLUMNS, row.lines, same={"clinic_id": same["clinic_id"]})
        except (IntegrityError, DatabaseError) as error:
            outcome.add(
                "rejected",
                parsed.patient_control_number,
                parsed.segment_number,
                f"segment {parsed.segment_number} (CLM): the database refused the claim: {error}",
            )
        else:
            outcome.add(
                "imported",
                parsed.patient_control_number,
                parsed.segment_number,
                claim_id=str(row.claim_id),
                flags=row.flags,
            )


def _existing(clinic: Clinic, batch: list[ParsedClaim]) -> dict[tuple[str, str], str]:
    """(claim number, payer id) → the file it came from, for claims already in the clinic."""
    numbers = {c.patient_control_number for c in batch}
    found: dict[tuple[str, str], str] = {}
    query = Claim.all_objects.filter(clinic=clinic, patient_control_number__in=numbers).values_list(
        "patient_control_number", "payer__payer_id", "edi_file__name"
    )
    for number, payer_id, file_name in query:
        found[(number, payer_id or "")] = file_name or "entered by hand"
    return found


def _build(
    parsed: ParsedClaim,
    payers: PayerDirectory,
    providers: ProviderDirectory,
    patients: PatientDirectory,
    checker: CodeChecker,
    existing: dict[tuple[str, str], str],
    today: dt.date,
    file_name: str,
    outcome: Outcome,
) -> _Row | None:
    number = parsed.segment_number
    pcn = parsed.patient_control_number
    payer_party = parsed.payer
    payer_id = payer_party.identifier.strip()[:80] if payer_party else ""
    if (pcn, payer_id) in existing and parsed.frequency_code not in ("7", "8"):
        outcome.add("skipped", pcn, number, f"Claim {pcn} was already imported (from {existing[(pcn, payer_id)]}).")
        return None
    person = parsed.the_patient
    assert person is not None  # noqa: S101  (the parser rejects claims without one)
    if person.date_of_birth is not None and person.date_of_birth > today:
        outcome.add("rejected", pcn, number, f"segment {number} (CLM): the patient's date of birth is in the future.")
        return None
    patient = patients.get(person)
    if patient is None:
        outcome.add(
            "rejected",
            pcn,
            number,
            f"segment {number} (CLM): the patient {person.last_name} has no date of birth (DMG) and is not "
            "on file: a patient cannot be created without one.",
        )
        return None
    payer = payers.get(payer_id, payer_party.last_name) if payer_party else None
    flags = list(parsed.flags)
    billing, flag = providers.get(parsed.billing_provider)
    flags += [flag] if flag else []
    rendering, flag = providers.get(
        parsed.rendering_provider
        or next((line.rendering_provider for line in parsed.lines if line.rendering_provider), None)
    )
    flags += [flag] if flag else []
    icd10 = [code for qualifier, code in parsed.diagnoses if qualifier in ICD10_QUALIFIERS]
    flags += checker.flags(icd10, [line.procedure_code for line in parsed.lines])
    dates = parsed.service_dates()
    assert dates is not None  # noqa: S101  (the parser rejects claims without one)
    subscriber = parsed.subscriber
    claim_id = uuid.uuid4()
    claim = (
        claim_id,
        # Its own time, as a model instance would get: of two claims with the same number,
        # remittance matching takes the later one (a replacement later in the same file).
        timezone.now(),
        patient.pk,
        billing.pk if billing is not None else None,
        rendering.pk if rendering is not None else None,
        payer.pk if payer is not None else None,
        pcn,
        parsed.claim_type,
        parsed.frequency_code if parsed.frequency_code in ("1", "7", "8") else "1",
        parsed.facility_code,
        dates[0],
        dates[1],
        parsed.total_charge,
        parsed.prior_authorization_number,
        parsed.diagnosis_codes[:12],
        subscriber.identifier[:80] if subscriber else "",
        parsed.claim_filing_indicator[:2],
        flags,
        parsed.original_reference,
    )
    lines = [
        (
            uuid.uuid4(),
            claim_id,
            line.number,
            line.procedure_code,
            line.modifiers,
            line.diagnosis_pointers,
            line.units,
            line.charge,
            line.service_date,
            line.revenue_code,
        )
        for line in parsed.lines
    ]
    existing[(pcn, payer_id)] = file_name  # a second copy in the same file is a duplicate too
    return _Row(parsed, claim, lines, flags)
