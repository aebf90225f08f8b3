"""Writes the planned claims, then the remittances that answer them (claim and line
payments, CAS adjustments), their denials and a few appeals."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from appeals.models import Appeal
from claims.models import Adjustment, Claim, ClaimLine, ClaimPayment, Denial, Remittance, ServiceLinePayment
from demo.seed.claim_plan import ZERO, ClaimPlan, plan_claims
from demo.seed.context import ClinicData, Seed
from demo.seed.data import DENIAL_REASONS
from demo.seed.payers import PriceList

APPEAL_ARGUMENTS = {
    "50": "The enclosed visit note documents the symptoms, findings and history that made this service "
          "medically necessary under the plan's coverage policy.",
    "16": "The claim has been corrected: the rendering provider's NPI and the diagnosis pointers are now "
          "complete. A corrected claim form is enclosed.",
    "197": "This service does not require prior authorization under the member's plan; the plan's current "
           "authorization list is enclosed.",
}


def ensure_billing(seed: Seed, data: ClinicData) -> None:
    plans = plan_claims(data, PriceList(data))
    existing = set(Claim.all_objects.filter(clinic=data.clinic).values_list("patient_control_number", flat=True))
    for plan in plans:
        if plan.pcn not in existing:
            _create_claim(seed, data, plan)

    batches: dict[tuple[str, Any], list[ClaimPlan]] = defaultdict(list)
    for plan in plans:
        if plan.payment_date is not None:
            batches[(plan.payer_key, plan.payment_date)].append(plan)
    traces = set(Remittance.all_objects.filter(clinic=data.clinic).values_list("trace_number", flat=True))
    missing = {key: batch for key, batch in batches.items() if _trace(data, *key) not in traces}
    if not missing:
        return
    claims = {
        c.patient_control_number: c
        for c in Claim.objects.filter(clinic=data.clinic, patient_control_number__in=[
            p.pcn for batch in missing.values() for p in batch
        ]).prefetch_related("lines")
    }
    for (payer_key, paid_on), batch in sorted(missing.items(), key=lambda item: (item[0][1], item[0][0])):
        _create_remittance(seed, data, payer_key, paid_on, batch, claims)


def _trace(data: ClinicData, payer_key: str, paid_on: Any) -> str:
    return f"{data.payers[payer_key].payer_id[:5]}{paid_on:%Y%m%d}{data.spec.code}"


def _create_claim(seed: Seed, data: ClinicData, plan: ClaimPlan) -> None:
    appointment = plan.appointment
    submitted_at = None
    if plan.status != Claim.Status.DRAFT:
        submitted_at = datetime.combine(plan.service_date + timedelta(days=1), time(9, 30), tzinfo=data.clinic.tzinfo)
    claim = seed.save(Claim(
        clinic=data.clinic, patient=appointment.patient, billing_provider=appointment.provider,
        rendering_provider=appointment.provider, payer=data.payers[plan.payer_key], plan=plan.plan,
        patient_control_number=plan.pcn, place_of_service="11", service_date_from=plan.service_date,
        service_date_to=plan.service_date, total_charge=plan.total_charge, status=plan.status,
        diagnosis_codes=plan.diagnoses, submitted_at=submitted_at,
        payer_claim_control_number=plan.payer_ccn if plan.payment_date else "",
    ))
    for line in plan.lines:
        seed.save(ClaimLine(
            clinic=data.clinic, claim=claim, line_number=line.number, procedure_code=line.code,
            diagnosis_pointers=line.pointers, units=Decimal(1), charge=line.charge, service_date=plan.service_date,
        ))


def _create_remittance(
    seed: Seed, data: ClinicData, payer_key: str, paid_on: Any, batch: list[ClaimPlan], claims: dict[str, Claim]
) -> None:
    payer = data.payers[payer_key]
    amount = sum((plan.total_paid for plan in batch), ZERO)
    method = Remittance.PaymentMethod.CHECK if payer.payer_type == "medicaid" else Remittance.PaymentMethod.ACH
    remittance = seed.save(Remittance(
        clinic=data.clinic, payer=payer, trace_number=_trace(data, payer_key, paid_on), payment_amount=amount,
        payment_method=method if amount > ZERO else Remittance.PaymentMethod.NONE, payment_date=paid_on,
    ))
    for plan in batch:
        _create_payment(seed, data, remittance, plan, claims[plan.pcn])


def _create_payment(seed: Seed, data: ClinicData, remittance: Remittance, plan: ClaimPlan, claim: Claim) -> None:
    denied_whole = plan.denial is not None and plan.denial.line_number is None
    payment = seed.save(ClaimPayment(
        clinic=data.clinic, remittance=remittance, claim=claim, patient_control_number=plan.pcn,
        status_code=ClaimPayment.StatusCode.DENIED if denied_whole else ClaimPayment.StatusCode.PRIMARY,
        charge_amount=plan.total_charge, paid_amount=plan.total_paid,
        patient_responsibility=sum((line.patient_responsibility for line in plan.lines), ZERO),
        payer_claim_control_number=plan.payer_ccn,
    ))
    claim_lines = {line.line_number: line for line in claim.lines.all()}
    for line in plan.lines:
        line_payment = seed.save(ServiceLinePayment(
            clinic=data.clinic, claim_payment=payment, claim_line=claim_lines[line.number],
            procedure_code=line.code, charge_amount=line.charge, paid_amount=line.paid, units=Decimal(1),
            service_date=plan.service_date,
        ))
        for group, reason, amount in line.adjustments:
            seed.save(Adjustment(
                clinic=data.clinic, claim_payment=payment, service_line_payment=line_payment, group_code=group,
                reason_code=reason, amount=amount, quantity=Decimal(1),
            ))
    if plan.denial is not None:
        _create_denial(seed, data, plan, claim, payment, claim_lines)


def _create_denial(
    seed: Seed, data: ClinicData, plan: ClaimPlan, claim: Claim, payment: ClaimPayment, claim_lines: dict[int, Any]
) -> None:
    denial_plan = plan.denial
    assert denial_plan is not None and plan.payment_date is not None  # noqa: S101  (callers check)
    category, rarcs, _, _ = DENIAL_REASONS[denial_plan.carc]
    line = claim_lines[denial_plan.line_number] if denial_plan.line_number else None
    biller = data.users.get("biller")
    denial = seed.save(Denial(
        clinic=data.clinic, claim=claim, claim_line=line, claim_payment=payment, carc_code=denial_plan.carc,
        rarc_codes=list(rarcs), group_code="CO", denied_amount=line.charge if line else plan.total_charge,
        category=category, status=denial_plan.status,
        appeal_deadline=plan.payment_date + timedelta(days=data.payers[plan.payer_key].appeal_deadline_days),
        assignee=biller if denial_plan.appeal_status else None,
    ))
    if denial_plan.appeal_status:
        _create_appeal(seed, data, plan, denial, denial_plan.appeal_status, biller)


def _create_appeal(seed: Seed, data: ClinicData, plan: ClaimPlan, denial: Denial, status: str, author: Any) -> None:
    assert plan.payment_date is not None  # noqa: S101  (only remitted claims are denied)
    payer = data.payers[plan.payer_key]
    letter = (
        f"{payer.name}\n{payer.appeal_address_line1}\n{payer.appeal_city}, {payer.appeal_state} "
        f"{payer.appeal_postal_code}\n\nRe: claim {plan.pcn}, payer claim number {plan.payer_ccn}, "
        f"denied CO-{denial.carc_code} on the remittance of {plan.payment_date:%B %d, %Y}.\n\n"
        f"We ask for a redetermination of this claim. {APPEAL_ARGUMENTS[denial.carc_code]}\n\n"
        f"Sincerely,\nBilling office, {data.clinic.name}"
    )
    submitted_at = None
    if status in {"SUBMITTED", "WON"}:
        submitted_at = datetime.combine(plan.payment_date + timedelta(days=1), time(11), tzinfo=data.clinic.tzinfo)
    seed.save(Appeal(
        clinic=data.clinic, denial=denial, source=Appeal.Source.EDI_835, level=Appeal.Level.FIRST,
        letter_text=letter, status=status, author=author, submitted_at=submitted_at,
        outcome="Overturned on redetermination; claim reprocessed for payment." if status == "WON" else "",
        outcome_at=submitted_at + timedelta(days=2) if status == "WON" and submitted_at else None,
    ))
