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
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from claims.codes.categories import adjustment_category, denial_category, is_denial
from claims.edi.bulk import bulk_insert
from claims.edi.parser import ParsedFile
from claims.edi.parties import PayerDirectory, person_key
from claims.edi.values import ZERO
from claims.edi.x835 import ParsedClaimPayment, ParsedRemittance
from claims.models import (
    Adjustment,
    AdjustmentCategory,
    Claim,
    ClaimLine,
    ClaimPayment,
    Denial,
    EdiFile,
    MatchMethod,
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


class _Matcher:
    """Finds the claim of each payment of one remittance with a few queries."""

    def __init__(self, clinic: Clinic, payer: Payer, payments: list[ParsedClaimPayment]) -> None:
        claims = Claim.objects.filter(clinic=clinic)
        numbers = {p.patient_control_number for p in payments}
        self.by_number: dict[str, list[Claim]] = {}
        for claim in claims.filter(patient_control_number__in=numbers).select_related("payer"):
            self.by_number.setdefault(claim.patient_control_number, []).append(claim)
        ccns = {p.payer_claim_control_number for p in payments} - {""}
        self.by_ccn = {c.payer_claim_control_number: c for c in claims.filter(payer_claim_control_number__in=ccns)}
        self.payer = payer
        # Claims by charge are only looked at for payments the two keys above do not match:
        # loading them for every payment would read the clinic's claims and patients for nothing.
        charges = {p.charge for p in payments if self._by_keys(p) is None}
        self.by_charge: dict[Decimal, list[Claim]] = {}
        if charges:
            for claim in claims.filter(total_charge__in=charges).select_related("patient"):
                self.by_charge.setdefault(claim.total_charge, []).append(claim)

    def _by_keys(self, payment: ParsedClaimPayment) -> tuple[Claim, str] | None:
        candidates = self.by_number.get(payment.patient_control_number, [])
        same_payer = [c for c in candidates if c.payer_id == self.payer.pk]
        if same_payer:
            return _latest(same_payer), MatchMethod.PCN_AND_PAYER
        ccn = payment.payer_claim_control_number
        if ccn and ccn in self.by_ccn:
            return self.by_ccn[ccn], MatchMethod.PAYER_CLAIM_NUMBER
        return None

    def match(self, payment: ParsedClaimPayment) -> tuple[Claim | None, str]:
        found = self._by_keys(payment)
        if found is not None:
            return found
        start, end = payment.dates()
        wanted = person_key(payment.patient_last_name, payment.patient_first_name, None)[:2]
        for claim in self.by_charge.get(payment.charge, []):
            same_person = (claim.patient.last_name.casefold(), claim.patient.first_name.casefold()) == wanted or (
                payment.patient_identifier and claim.member_id == payment.patient_identifier
            )
            if (
                same_person
                and start is not None
                and claim.service_date_from == start
                and (end is None or claim.service_date_to == end)
            ):
                return claim, MatchMethod.PATIENT_DATES_CHARGE
        return None, ""


def _latest(claims: list[Claim]) -> Claim:
    return max(claims, key=lambda c: (c.created_at, str(c.pk)))


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


class _Writer:
    def __init__(self, clinic: Clinic, remittance: Remittance, payer: Payer, payments: list[ParsedClaimPayment]):
        self.clinic = clinic
        self.remittance = remittance
        self.payer = payer
        self.payments = payments
        self.matcher = _Matcher(clinic, payer, payments)
        self.prices = PriceBook(clinic=clinic, payer=payer)
        self.appeal_deadline = remittance.payment_date + dt.timedelta(days=payer.appeal_deadline_days)
        self.claim_payments: list[ClaimPayment] = []
        self.line_payments: list[ServiceLinePayment] = []
        self.adjustments: list[Adjustment] = []
        self.denials: list[Denial] = []
        self.claims_changed: dict[object, Claim] = {}
        self._ccn_filled: set[object] = set()
        self.claim_lines: dict[object, list[ClaimLine]] = {}

    def write(self, outcome: Outcome) -> None:
        matched = [self.matcher.match(p) for p in self.payments]
        claim_ids = {claim.pk for claim, _ in matched if claim is not None}
        for line in ClaimLine.objects.filter(claim_id__in=claim_ids).order_by("line_number"):
            self.claim_lines.setdefault(line.claim_id, []).append(line)
        for payment, (claim, method) in zip(self.payments, matched, strict=True):
            self._payment(payment, claim, method)
            extra = {"claim_id": str(claim.pk), "match": method} if claim is not None else {}
            outcome.add(
                "posted" if claim is not None else "unmatched",
                payment.patient_control_number,
                payment.segment_number,
                **extra,
            )
            if claim is None:
                outcome.unmatched += 1
        bulk_insert(ClaimPayment, self.claim_payments)
        bulk_insert(ServiceLinePayment, self.line_payments)
        bulk_insert(Adjustment, self.adjustments)
        bulk_insert(Denial, self.denials)
        if self.claims_changed:
            self._save_claims()

    def _save_claims(self) -> None:
        # One UPDATE per status and one for the payer's claim numbers: bulk_update's CASE
        # over thousands of rows costs more than the rest of the posting.
        by_status: dict[str, list[object]] = {}
        for claim in self.claims_changed.values():
            by_status.setdefault(claim.status, []).append(claim.pk)
        for status, ids in by_status.items():
            for start in range(0, len(ids), 2000):
                Claim.objects.filter(pk__in=ids[start : start + 2000]).update(status=status, updated_at=timezone.now())
        numbered = [
            c.pk for c in self.claims_changed.values() if c.payer_claim_control_number and c.pk in self._ccn_filled
        ]
        for start in range(0, len(numbered), 2000):
            number = ClaimPayment.objects.filter(claim=OuterRef("pk"), remittance=self.remittance).exclude(
                payer_claim_control_number=""
            )
            Claim.objects.filter(pk__in=numbered[start : start + 2000]).update(
                payer_claim_control_number=Subquery(number.values("payer_claim_control_number")[:1])
            )

    def _payment(self, parsed: ParsedClaimPayment, claim: Claim | None, method: str) -> None:
        payment = ClaimPayment(
            clinic=self.clinic,
            remittance=self.remittance,
            claim=claim,
            patient_control_number=parsed.patient_control_number,
            status_code=parsed.status_code,
            charge_amount=parsed.charge,
            paid_amount=parsed.paid,
            patient_responsibility=parsed.patient_responsibility,
            payer_claim_control_number=parsed.payer_claim_control_number,
            match_method=method,
            patient_last_name=parsed.patient_last_name[:100],
            patient_first_name=parsed.patient_first_name[:100],
            patient_identifier=parsed.patient_identifier[:80],
            statement_from=parsed.statement_from,
            statement_to=parsed.statement_to,
            claim_filing_indicator=parsed.filing_indicator,
            remark_codes=parsed.remark_codes,
        )
        self.claim_payments.append(payment)
        denied = False
        for adjustment in parsed.adjustments:
            denied |= self._adjustment(payment, None, adjustment, claim, None, parsed.remark_codes)
        unused = list(self.claim_lines.get(claim.pk, [])) if claim is not None else []
        for line in parsed.lines:
            denied |= self._line(payment, parsed, line, claim, unused)
        if claim is not None:
            self._status(claim, parsed, denied)

    def _line(
        self, payment: ClaimPayment, parsed: ParsedClaimPayment, line: Any, claim: Claim | None, unused: list[ClaimLine]
    ) -> bool:
        claim_line = _take_line(unused, line)
        line_payment = ServiceLinePayment(
            clinic=self.clinic,
            claim_payment=payment,
            claim_line=claim_line,
            procedure_code=line.procedure_code,
            modifiers=line.modifiers,
            charge_amount=line.charge,
            paid_amount=line.paid,
            units=line.units,
            service_date=line.service_date,
            revenue_code=line.revenue_code,
            allowed_amount=line.allowed_amount,
            remark_codes=line.remark_codes,
        )
        self.line_payments.append(line_payment)
        denied = False
        patient_share = ZERO
        for adjustment in line.adjustments:
            denied |= self._adjustment(
                payment, line_payment, adjustment, claim, claim_line, line.remark_codes or parsed.remark_codes
            )
            category = adjustment_category(adjustment.group_code, adjustment.reason_code)
            if category == AdjustmentCategory.CONTRACTUAL:
                line_payment.contractual_amount += adjustment.amount
            elif category == AdjustmentCategory.PATIENT_RESPONSIBILITY:
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
            self.denials.append(
                Denial(
                    clinic=self.clinic,
                    claim=claim,
                    claim_line=claim_line,
                    claim_payment=payment,
                    carc_code=reason.reason_code if reason else "",
                    rarc_codes=line.remark_codes,
                    group_code=reason.group_code if reason else "CO",
                    denied_amount=line.charge,
                    category=Denial.Category.OTHER,
                    appeal_deadline=self.appeal_deadline,
                )
            )
            denied = True
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
                    line_payment.expected_allowed = expected.allowed
                    line_payment.variance = variance(expected, paid=line.paid, patient_responsibility=patient_share)
                    line_payment.underpaid = is_underpaid(
                        expected, paid=line.paid, patient_responsibility=patient_share
                    )
        return denied

    def _adjustment(
        self,
        payment: ClaimPayment,
        line_payment: ServiceLinePayment | None,
        parsed: Any,
        claim: Claim | None,
        claim_line: ClaimLine | None,
        remarks: list[str],
    ) -> bool:
        category = adjustment_category(parsed.group_code, parsed.reason_code)
        self.adjustments.append(
            Adjustment(
                clinic=self.clinic,
                claim_payment=payment,
                service_line_payment=line_payment,
                group_code=parsed.group_code,
                reason_code=parsed.reason_code,
                amount=parsed.amount,
                quantity=parsed.quantity,
                category=category,
            )
        )
        if claim is None or parsed.amount <= 0 or not is_denial(parsed.group_code, parsed.reason_code):
            return False
        if payment.status_code == "22":
            return False  # a reversal takes back a payment; it denies nothing new
        self.denials.append(
            Denial(
                clinic=self.clinic,
                claim=claim,
                claim_line=claim_line,
                claim_payment=payment,
                carc_code=parsed.reason_code,
                rarc_codes=list(remarks),
                group_code=parsed.group_code,
                denied_amount=parsed.amount,
                category=denial_category(parsed.group_code, parsed.reason_code),
                appeal_deadline=self.appeal_deadline,
            )
        )
        return True

    def _status(self, claim: Claim, parsed: ParsedClaimPayment, denied: bool) -> None:
        if parsed.status_code == "22":
            status = Claim.Status.REVERSED
        elif claim.status == Claim.Status.REVERSED or (
            claim.pk in self.claims_changed and self.claims_changed[claim.pk].status == Claim.Status.REVERSED
        ):
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
            self._ccn_filled.add(claim.pk)
        self.claims_changed[claim.pk] = claim


def _take_line(unused: list[ClaimLine], line: Any) -> ClaimLine | None:
    """The billed line this paid line answers: same code, modifiers and date, first unused."""
    for strict in (True, False):
        for candidate in unused:
            if candidate.procedure_code != line.procedure_code:
                continue
            if strict and (
                candidate.modifiers != line.modifiers
                or (line.service_date is not None and candidate.service_date not in (None, line.service_date))
            ):
                continue
            unused.remove(candidate)
            return candidate
    return None


def post_linked_payment(*, payment: ClaimPayment, claim: Claim) -> None:
    """Post a payment a person linked by hand: its lines find their billed lines, its
    denying adjustments become denials, and the claim's status follows, as at import."""
    remittance = payment.remittance
    deadline = remittance.payment_date + dt.timedelta(days=remittance.payer.appeal_deadline_days)
    unused = list(ClaimLine.objects.filter(claim=claim).order_by("line_number"))
    line_payments = list(payment.lines.all())
    for line_payment in line_payments:
        line_payment.claim_line = _take_line(unused, line_payment)
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
                        claim_line=paid_line.claim_line if paid_line else None,
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
