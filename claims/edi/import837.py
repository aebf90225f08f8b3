"""Writing the claims of a parsed 837: in batches, each claim its own unit.

Every check a claim must pass is made in Python before anything is written, so a batch
goes in with `bulk_create`. If the database still refuses a batch (a race, a constraint
nobody foresaw), the batch is rolled back and retried claim by claim, each in its own
savepoint, and the one that fails is reported with the database's reason.

A claim already in the clinic with the same claim number (CLM01) and payer is skipped and
reported as such, unless it is a replacement or void (frequency 7 or 8), which is kept as
a new claim beside the original.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from claims.codes.lookups import CodeChecker
from claims.edi.bulk import bulk_insert
from claims.edi.parser import ParsedFile
from claims.edi.parties import PatientDirectory, PayerDirectory, ProviderDirectory
from claims.edi.x837 import ICD10_QUALIFIERS, ParsedClaim
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


def _write_batch(clinic: Clinic, edi_file: EdiFile, batch: list[ParsedClaim], outcome: Outcome) -> None:
    payers = PayerDirectory(clinic)
    providers = ProviderDirectory(clinic)
    patients = PatientDirectory(clinic)
    payers.load([c.payer.identifier for c in batch if c.payer], [c.payer.last_name for c in batch if c.payer])
    providers.load([p.npi for c in batch for p in (c.billing_provider, c.rendering_provider) if p is not None])
    patients.load([c.the_patient.last_name for c in batch if c.the_patient is not None])
    checker = CodeChecker(
        icd10=[code for c in batch for q, code in c.diagnoses if q in ICD10_QUALIFIERS],
        hcpcs=[line.procedure_code for c in batch for line in c.lines],
    )
    today = timezone.localdate()
    rows: list[tuple[ParsedClaim, Claim, list[ClaimLine]]] = []
    with transaction.atomic():
        existing = _existing(clinic, batch)
        for parsed in batch:
            row = _build(clinic, edi_file, parsed, payers, providers, patients, checker, existing, today, outcome)
            if row is not None:
                rows.append(row)
        providers.save_new()
        patients.save_new()
        for _, claim, _lines in rows:
            claim.patient_id = claim.patient.pk
        try:
            with transaction.atomic():
                bulk_insert(Claim, [claim for _, claim, _ in rows])
                bulk_insert(ClaimLine, [line for _, _, lines in rows for line in lines])
        except (IntegrityError, DatabaseError):
            _write_one_by_one(rows, outcome)
            return
    for parsed, claim, _ in rows:
        outcome.add(
            "imported",
            parsed.patient_control_number,
            parsed.segment_number,
            claim_id=str(claim.pk),
            flags=claim.code_flags,
        )


def _write_one_by_one(rows: list[tuple[ParsedClaim, Claim, list[ClaimLine]]], outcome: Outcome) -> None:
    for parsed, claim, lines in rows:
        try:
            with transaction.atomic():
                claim.save(force_insert=True)
                ClaimLine.objects.bulk_create(lines)
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
                claim_id=str(claim.pk),
                flags=claim.code_flags,
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
    clinic: Clinic,
    edi_file: EdiFile,
    parsed: ParsedClaim,
    payers: PayerDirectory,
    providers: ProviderDirectory,
    patients: PatientDirectory,
    checker: CodeChecker,
    existing: dict[tuple[str, str], str],
    today: dt.date,
    outcome: Outcome,
) -> tuple[ParsedClaim, Claim, list[ClaimLine]] | None:
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
    claim = Claim(
        clinic=clinic,
        patient=patient,
        billing_provider=billing,
        rendering_provider=rendering,
        payer=payer,
        patient_control_number=pcn,
        claim_type=parsed.claim_type,
        frequency_code=parsed.frequency_code if parsed.frequency_code in ("1", "7", "8") else "1",
        place_of_service=parsed.facility_code,
        service_date_from=dates[0],
        service_date_to=dates[1],
        total_charge=parsed.total_charge,
        status=Claim.Status.SUBMITTED,
        prior_authorization_number=parsed.prior_authorization_number,
        diagnosis_codes=parsed.diagnosis_codes[:12],
        submitted_at=edi_file.created_at,
        member_id=(subscriber.identifier[:80] if subscriber else ""),
        claim_filing_indicator=parsed.claim_filing_indicator[:2],
        edi_file=edi_file,
        code_flags=flags,
        payer_claim_control_number=parsed.original_reference,
    )
    lines = [
        ClaimLine(
            clinic=clinic,
            claim=claim,
            line_number=line.number,
            procedure_code=line.procedure_code,
            modifiers=line.modifiers,
            diagnosis_pointers=line.diagnosis_pointers,
            units=line.units,
            charge=line.charge,
            service_date=line.service_date,
            revenue_code=line.revenue_code,
        )
        for line in parsed.lines
    ]
    existing[(pcn, payer_id)] = edi_file.name  # a second copy in the same file is a duplicate too
    return parsed, claim, lines
