"""Posting a parsed 835: remittances, claim payments matched to claims, line payments,
adjustments with their categories, provider-level adjustments, denials, claim statuses,
reconciliation and underpayment variance.

Matching a claim payment to its claim, in order:
1. claim number (CLP01) and payer;
2. the payer's claim control number (CLP07) against one the claim already carries;
3. patient (name or member id), dates of service and total charge.
A payment none of these finds is kept unmatched, for a person to link in the admin.

Claim status after posting: CLP02 = 22 reverses (REVERSED); a payment after a reversal
corrects (CORRECTED); CLP02 = 4, or nothing paid with a denial, is DENIED; paid with some
denial is PARTIALLY_PAID; paid otherwise is PAID.

Reconciliation: BPR02 = claim payments (CLP04) - provider adjustments (PLB). The
difference is stored on the remittance and reported; a file that does not reconcile is
flagged, not refused (the money did arrive).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from claims.codes.categories import adjustment_category, denial_category, is_denial
from claims.edi.bulk import insert_rows, update_rows
from claims.edi.match835 import BilledLine, MatchedClaim, Matcher, billed_lines, take_line
from claims.edi.parser import ParsedFile
from claims.edi.parties import PayerDirectory
from claims.edi.values import ZERO
from claims.edi.x835 import ParsedAdjustment, ParsedClaimPayment, ParsedRemittance, ParsedServicePayment
from claims.models import (
    Adjustment,
    AdjustmentCategory,
    Claim,
    ClaimPayment,
    Denial,
    EdiFile,
    ProviderAdjustment,
    Remittance,
    ServiceLinePayment,
)
from clinics.models import Clinic
from contracts.models import Payer
from contracts.pricing import PriceBook, is_underpaid, variance

METHODS = {"ACH": "ACH", "CHK": "CHK", "NON": "NON", "FWT": "FWT", "BOP": "BOP"}
PAID_STATUSES = {"1", "2", "3", "19", "20", "21"}


@dataclass
class Outcome:
    units: list[dict[str, Any]] = field(default_factory=list)
    remittances: list[dict[str, Any]] = field(default_factory=list)
    imported: int = 0
    rejected: int = 0
    unmatched: int = 0

    def add(self, status: str, key: str, segment: int | None, problem: str = "", **extra: Any) -> None:
        self.units.append(
            {"kind": "claim_payment", "key": key, "status": status, "segment": segment, "problem": problem, **extra}
        )
        if status == "rejected":
            self.rejected += 1
        else:
            self.imported += 1


def seen_traces(clinic: Clinic, parsed: ParsedFile) -> list[str]:
    """Trace numbers of this file already posted for the same payer: the file goes to quarantine."""
    found = []
    for remittance in parsed.remittances():
        query = Remittance.all_objects.filter(clinic=clinic, trace_number=remittance.trace_number)
        ids = {remittance.payer_identifier, remittance.originator_id} - {""}
        hits = query.filter(payer__payer_id__in=ids) if ids else query.filter(payer__name__iexact=remittance.payer_name)
        for hit in hits.select_related("edi_file"):
            origin = hit.edi_file.name if hit.edi_file else "entered by hand"
            found.append(
                f"Trace number {remittance.trace_number} of {remittance.payer_name or 'this payer'} was "
                f"already posted (from {origin}) with other content."
            )
    return found


def import_remittances(
    *, clinic: Clinic, edi_file: EdiFile, parsed: ParsedFile, progress: Callable[[int, int], None] | None = None
) -> Outcome:
    outcome = Outcome()
    payers = PayerDirectory(clinic)
    for transaction_ in parsed.transactions:
        if not transaction_.ok:
            reason = "; ".join(str(p) for p in transaction_.problems)
            outcome.remittances.append(
                {"transaction": transaction_.control_number, "status": "rejected", "problem": reason}
            )
            outcome.rejected += 1
    remittances = parsed.remittances()
    payers.load([r.payer_identifier for r in remittances], [r.payer_name for r in remittances])
    total = sum(len(r.claims) for r in remittances)
    done = 0
    traces: set[tuple[object, str]] = set()
    for parsed_remittance in remittances:
        payer = payers.get(parsed_remittance.payer_identifier, parsed_remittance.payer_name)
        if (payer.pk, parsed_remittance.trace_number) in traces:
            outcome.remittances.append(
                {
                    "trace": parsed_remittance.trace_number,
                    "status": "rejected",
                    "problem": f"segment {parsed_remittance.segment_number} (ST): trace number "
                    f"{parsed_remittance.trace_number} appears twice in this file for the same payer.",
                }
            )
            outcome.rejected += len(parsed_remittance.claims) or 1
            continue
        traces.add((payer.pk, parsed_remittance.trace_number))
        with transaction.atomic():
            _post(clinic, edi_file, parsed_remittance, payers, outcome)
        done += len(parsed_remittance.claims)
        if progress is not None:
            progress(done, total)
    return outcome


def _post(
    clinic: Clinic, edi_file: EdiFile, parsed: ParsedRemittance, payers: PayerDirectory, outcome: Outcome
) -> None:
    payer = payers.get(parsed.payer_identifier, parsed.payer_name)
    difference = parsed.reconciliation_difference()
    assert parsed.payment_date is not None  # noqa: S101  (the parser refuses a remittance without one)
    remittance = Remittance.objects.create(
        clinic=clinic,
        payer=payer,
        trace_number=parsed.trace_number,
        payment_method=METHODS.get(parsed.payment_method, "NON"),
        payment_amount=parsed.payment_amount,
        payment_date=parsed.payment_date,
        edi_file=edi_file,
        production_date=parsed.production_date,
        payee_name=parsed.payee_name[:200],
        payee_identifier=parsed.payee_identifier[:80],
        claims_paid=parsed.claims_paid,
        provider_adjustment_total=parsed.provider_adjustment_total,
        reconciliation_difference=difference,
    )
    ProviderAdjustment.objects.bulk_create(
        [
            ProviderAdjustment(
                clinic=clinic,
                remittance=remittance,
                provider_identifier=p.provider_identifier[:80],
                fiscal_period_date=p.fiscal_period_date,
                reason_code=p.reason_code,
                reference=p.reference,
                amount=p.amount,
            )
            for p in parsed.provider_adjustments
        ]
    )
    outcome.remittances.append(
        {
            "remittance_id": str(remittance.pk),
            "trace": parsed.trace_number,
            "status": "imported",
            "payment_amount": str(parsed.payment_amount),
            "claims_paid": str(parsed.claims_paid),
            "provider_adjustments": str(parsed.provider_adjustment_total),
            "difference": str(difference),
            "reconciled": difference == 0,
        }
    )
    good = []
    for payment in parsed.claims:
        if payment.problem is not None:
            outcome.add(
                "rejected", payment.patient_control_number, payment.problem.segment_number, str(payment.problem)
            )
        else:
            good.append(payment)
    writer = _Writer(clinic, remittance, payer, good)
    writer.write(outcome)


# The columns each posted row is written with (`insert_rows`), in the order `_Writer`
# builds its tuples. What every row of a table shares (the clinic; the remittance of the
# payments; the appeal deadline of the denials) is given once, and every other column
# takes its default (`created_at`: the time of the posting).
_PAYMENT_COLUMNS = (
    "id",
    "claim_id",
    "patient_control_number",
    "status_code",
    "charge_amount",
    "paid_amount",
    "patient_responsibility",
    "payer_claim_control_number",
    "match_method",
    "patient_last_name",
    "patient_first_name",
    "patient_identifier",
    "statement_from",
    "statement_to",
    "claim_filing_indicator",
    "remark_codes",
)
_LINE_COLUMNS = (
    "id",
    "claim_payment_id",
    "claim_line_id",
    "procedure_code",
    "modifiers",
    "charge_amount",
    "paid_amount",
    "units",
    "service_date",
    "revenue_code",
    "allowed_amount",
    "remark_codes",
    "expected_allowed",
    "variance",
    "contractual_amount",
    "underpaid",
)
_ADJUSTMENT_COLUMNS = (
    "id",
    "claim_payment_id",
    "service_line_payment_id",
    "group_code",
    "reason_code",
    "amount",
    "quantity",
    "category",
)
_DENIAL_COLUMNS = (
    "id",
    "claim_id",
    "claim_line_id",
    "claim_payment_id",
    "carc_code",
    "rarc_codes",
    "group_code",
    "denied_amount",
    "category",
)

_CONTRACTUAL = AdjustmentCategory.CONTRACTUAL
_PATIENT_RESPONSIBILITY = AdjustmentCategory.PATIENT_RESPONSIBILITY


class _Writer:
    """Posts the payments of one remittance: builds every row as a tuple, then writes each
    table at once, and the claims' new statuses in one UPDATE (two when the posting also
    fills in payer claim numbers)."""

    def __init__(self, clinic: Clinic, remittance: Remittance, payer: Payer, payments: list[ParsedClaimPayment]):
        self.clinic_id = clinic.pk
        self.remittance_id = remittance.pk
        self.payer = payer
        self.payments = payments
        self.matcher = Matcher(clinic, payer, payments)
        self.prices = PriceBook(clinic=clinic, payer=payer)
        self.appeal_deadline = remittance.payment_date + dt.timedelta(days=payer.appeal_deadline_days)
        self.payment_rows: list[tuple[Any, ...]] = []
        self.line_rows: list[tuple[Any, ...]] = []
        self.adjustment_rows: list[tuple[Any, ...]] = []
        self.denial_rows: list[tuple[Any, ...]] = []
        self.claims_changed: dict[object, MatchedClaim] = {}
        self.claim_lines: dict[object, list[BilledLine]] = {}

    def write(self, outcome: Outcome) -> None:
        matched = [self.matcher.match(p) for p in self.payments]
        self.claim_lines = billed_lines({claim.pk for claim, _ in matched if claim is not None})
        for payment, (claim, method) in zip(self.payments, matched, strict=True):
            self._payment(payment, claim, method)
            if claim is None:
                outcome.add("unmatched", payment.patient_control_number, payment.segment_number)
                outcome.unmatched += 1
            else:
                outcome.add(
                    "posted",
                    payment.patient_control_number,
                    payment.segment_number,
                    claim_id=str(claim.pk),
                    match=method,
                )
        clinic = {"clinic_id": self.clinic_id}
        insert_rows(
            ClaimPayment, _PAYMENT_COLUMNS, self.payment_rows, same=clinic | {"remittance_id": self.remittance_id}
        )
        insert_rows(ServiceLinePayment, _LINE_COLUMNS, self.line_rows, same=clinic)
        insert_rows(Adjustment, _ADJUSTMENT_COLUMNS, self.adjustment_rows, same=clinic)
        insert_rows(Denial, _DENIAL_COLUMNS, self.denial_rows, same=clinic | {"appeal_deadline": self.appeal_deadline})
        # Only the claims whose payer claim number this posting filled have it written: the
        # others keep whatever they hold.
        changed = self.claims_changed.values()
        update_rows(
            Claim,
            ("status", "payer_claim_control_number"),
            [(c.pk, c.status, c.payer_claim_control_number) for c in changed if c.number_filled],
        )
        update_rows(Claim, ("status",), [(c.pk, c.status) for c in changed if not c.number_filled])

    def _payment(self, parsed: ParsedClaimPayment, claim: MatchedClaim | None, method: str) -> None:
        payment_id = uuid.uuid4()
        claim_id = claim.pk if claim is not None else None
        self.payment_rows.append(
            (
                payment_id,
                claim_id,
                parsed.patient_control_number,
                parsed.status_code,
                parsed.charge,
                parsed.paid,
                parsed.patient_responsibility,
                parsed.payer_claim_control_number,
                method,
                parsed.patient_last_name[:100],
                parsed.patient_first_name[:100],
                parsed.patient_identifier[:80],
                parsed.statement_from,
                parsed.statement_to,
                parsed.filing_indicator,
                parsed.remark_codes,
            )
        )
        denied = False
        for adjustment in parsed.adjustments:
            category = adjustment_category(adjustment.group_code, adjustment.reason_code)
            denied |= self._adjustment(
                payment_id, None, adjustment, category, parsed, claim_id, None, parsed.remark_codes
            )
        unused = list(self.claim_lines.get(claim_id, ())) if claim is not None else []
        for line in parsed.lines:
            denied |= self._line(payment_id, parsed, line, claim, unused)
        if claim is not None:
            self._status(claim, parsed, denied)

    def _line(
        self,
        payment_id: uuid.UUID,
        parsed: ParsedClaimPayment,
        line: ParsedServicePayment,
        claim: MatchedClaim | None,
        unused: list[BilledLine],
    ) -> bool:
        billed = take_line(unused, line)
        claim_line_id = billed.pk if billed is not None else None
        claim_id = claim.pk if claim is not None else None
        line_id = uuid.uuid4()
        denied = False
        patient_share = contractual = ZERO
        for adjustment in line.adjustments:
            category = adjustment_category(adjustment.group_code, adjustment.reason_code)
            denied |= self._adjustment(
                payment_id,
                line_id,
                adjustment,
                category,
                parsed,
                claim_id,
                claim_line_id,
                line.remark_codes or parsed.remark_codes,
            )
            if category == _CONTRACTUAL:
                contractual += adjustment.amount
            elif category == _PATIENT_RESPONSIBILITY:
                patient_share += adjustment.amount
        if (
            claim is not None
            and line.charge > 0
            and line.paid == 0
            and not denied
            and patient_share == 0
            and parsed.status_code != "22"
        ):
            # Nothing paid and nothing asked of the patient: the line was denied, whatever code said so.
            reason = max(line.adjustments, key=lambda a: a.amount, default=None)
            self.denial_rows.append(
                (
                    uuid.uuid4(),
                    claim_id,
                    claim_line_id,
                    payment_id,
                    reason.reason_code if reason else "",
                    line.remark_codes,
                    reason.group_code if reason else "CO",
                    line.charge,
                    Denial.Category.OTHER,
                )
            )
            denied = True
        expected_allowed = line_variance = None
        underpaid = False
        if line.paid > 0 and parsed.status_code in PAID_STATUSES:
            on_date = line.service_date or (claim.service_date_from if claim else None) or parsed.statement_from
            if on_date is not None:
                expected = self.prices.expected(
                    code=line.procedure_code,
                    modifiers=line.modifiers,
                    units=line.units,
                    billed=line.charge,
                    on_date=on_date,
                )
                if expected is not None:
                    expected_allowed = expected.allowed
                    line_variance = variance(expected, paid=line.paid, patient_responsibility=patient_share)
                    underpaid = is_underpaid(expected, paid=line.paid, patient_responsibility=patient_share)
        self.line_rows.append(
            (
                line_id,
                payment_id,
                claim_line_id,
                line.procedure_code,
                line.modifiers,
                line.charge,
                line.paid,
                line.units,
                line.service_date,
                line.revenue_code,
                line.allowed_amount,
                line.remark_codes,
                expected_allowed,
                line_variance,
                contractual,
                underpaid,
            )
        )
        return denied

    def _adjustment(
        self,
        payment_id: uuid.UUID,
        line_id: uuid.UUID | None,
        parsed: ParsedAdjustment,
        category: str,
        payment: ParsedClaimPayment,
        claim_id: object,
        claim_line_id: object,
        remarks: list[str],
    ) -> bool:
        self.adjustment_rows.append(
            (
                uuid.uuid4(),
                payment_id,
                line_id,
                parsed.group_code,
                parsed.reason_code,
                parsed.amount,
                parsed.quantity,
                category,
            )
        )
        if claim_id is None or parsed.amount <= 0 or not is_denial(parsed.group_code, parsed.reason_code):
            return False
        if payment.status_code == "22":
            return False  # a reversal takes back a payment; it denies nothing new
        self.denial_rows.append(
            (
                uuid.uuid4(),
                claim_id,
                claim_line_id,
                payment_id,
                parsed.reason_code,
                list(remarks),
                parsed.group_code,
                parsed.amount,
                denial_category(parsed.group_code, parsed.reason_code),
            )
        )
        return True

    def _status(self, claim: MatchedClaim, parsed: ParsedClaimPayment, denied: bool) -> None:
        if parsed.status_code == "22":
            status = Claim.Status.REVERSED
        elif claim.status == Claim.Status.REVERSED:
            status = Claim.Status.CORRECTED
        elif parsed.status_code == "4" or (parsed.paid == 0 and denied):
            status = Claim.Status.DENIED
        elif parsed.status_code in PAID_STATUSES:
            status = Claim.Status.PARTIALLY_PAID if denied else Claim.Status.PAID
        else:
            return
        claim.status = status
        if parsed.payer_claim_control_number and not claim.payer_claim_control_number:
            claim.payer_claim_control_number = parsed.payer_claim_control_number
            claim.number_filled = True
        self.claims_changed[claim.pk] = claim


def post_linked_payment(*, payment: ClaimPayment, claim: Claim) -> None:
    """Post a payment a person linked by hand: its lines find their billed lines, its
    denying adjustments become denials, and the claim's status follows, as at import."""
    remittance = payment.remittance
    deadline = remittance.payment_date + dt.timedelta(days=remittance.payer.appeal_deadline_days)
    unused = billed_lines([claim.pk]).get(claim.pk, [])
    line_payments = list(payment.lines.all())
    for line_payment in line_payments:
        billed = take_line(unused, line_payment)
        line_payment.claim_line_id = billed.pk if billed is not None else None
    ServiceLinePayment.objects.bulk_update(line_payments, ["claim_line"])
    lines = {lp.pk: lp for lp in line_payments}
    denials = []
    if payment.status_code != "22":
        for adjustment in payment.adjustments.all():
            if adjustment.amount > 0 and is_denial(adjustment.group_code, adjustment.reason_code):
                paid_line = (
                    lines.get(adjustment.service_line_payment_id) if adjustment.service_line_payment_id else None
                )
                denials.append(
                    Denial(
                        clinic=payment.clinic,
                        claim=claim,
                        claim_payment=payment,
                        claim_line_id=paid_line.claim_line_id if paid_line else None,
                        carc_code=adjustment.reason_code,
                        rarc_codes=(paid_line.remark_codes if paid_line else []) or payment.remark_codes,
                        group_code=adjustment.group_code,
                        denied_amount=adjustment.amount,
                        category=denial_category(adjustment.group_code, adjustment.reason_code),
                        appeal_deadline=deadline,
                    )
                )
    Denial.objects.bulk_create(denials)
    if payment.status_code == "22":
        claim.status = Claim.Status.REVERSED
    elif claim.status == Claim.Status.REVERSED:
        claim.status = Claim.Status.CORRECTED
    elif payment.status_code == "4" or (payment.paid_amount == 0 and denials):
        claim.status = Claim.Status.DENIED
    elif payment.status_code in PAID_STATUSES:
        claim.status = Claim.Status.PARTIALLY_PAID if denials else Claim.Status.PAID
    if payment.payer_claim_control_number and not claim.payer_claim_control_number:
        claim.payer_claim_control_number = payment.payer_claim_control_number
    claim.save(update_fields=["status", "payer_claim_control_number", "updated_at"])
