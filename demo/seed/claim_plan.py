"""What the demo bills and how payers answer, computed before anything is written.

One claim per completed demo appointment. Its payer follows from the patient (65 and
over: Medicare), its lines from the visit type, and its fate from a random draw seeded
with the claim number: still open, paid (contractual CO-45 plus patient responsibility
PR-1/2/3), one line denied, or the whole claim denied. The amounts always reconcile:
for every line, charge = paid + adjustments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from claims.models import Claim, Denial
from clinics.models import Patient
from contracts.models import PayerPlan
from demo.seed.context import ClinicData
from demo.seed.data import ANCILLARY, CHARGES, DENIAL_REASONS, REASON_DIAGNOSES
from demo.seed.payers import PriceList, money
from scheduling.models import Appointment

ZERO = Decimal("0.00")
PAYMENT_WEEKDAY = 3  # payers in the demo pay on Thursdays
APPEAL_STATUSES = ("WON", "SUBMITTED", "DRAFT")  # given to the oldest appealable denials, in order


@dataclass
class LinePlan:
    number: int
    code: str
    charge: Decimal
    pointers: list[int]
    paid: Decimal = ZERO
    adjustments: list[tuple[str, str, Decimal]] = field(default_factory=list)  # group, CARC, amount

    @property
    def patient_responsibility(self) -> Decimal:
        return sum((amount for group, _, amount in self.adjustments if group == "PR"), ZERO)


@dataclass
class DenialPlan:
    carc: str
    line_number: int | None  # None: the whole claim
    status: str = Denial.Status.OPEN
    appeal_status: str | None = None


@dataclass
class ClaimPlan:
    pcn: str
    appointment: Appointment
    payer_key: str
    plan: PayerPlan
    service_date: date
    diagnoses: list[str]
    lines: list[LinePlan]
    status: str = Claim.Status.SUBMITTED
    payment_date: date | None = None
    payer_ccn: str = ""
    denial: DenialPlan | None = None

    @property
    def total_charge(self) -> Decimal:
        return sum((line.charge for line in self.lines), ZERO)

    @property
    def total_paid(self) -> Decimal:
        return sum((line.paid for line in self.lines), ZERO)


def payer_key_for(data: ClinicData, patient: Patient) -> str:
    born = patient.date_of_birth
    age = data.anchor.year - born.year - ((data.anchor.month, data.anchor.day) < (born.month, born.day))
    if age >= 65:
        return "medicare"
    roll = random.Random(f"{data.spec.slug}:coverage:{patient.mrn}").random()  # noqa: S311
    return "medicaid" if roll < 0.2 else "commercial_a" if roll < 0.6 else "commercial_b"


def plan_claims(data: ClinicData, prices: PriceList) -> list[ClaimPlan]:
    completed = (
        Appointment.objects.filter(
            clinic=data.clinic, status=Appointment.Status.COMPLETED, external_id__startswith="DEMO-"
        )
        .select_related("patient", "visit_type")
        .order_by("start_at", "external_id")
    )
    plans = [_plan_claim(data, prices, appointment) for appointment in completed]
    _plan_appeals(plans)
    return plans


def _plan_claim(data: ClinicData, prices: PriceList, appointment: Appointment) -> ClaimPlan:
    start = appointment.start_at.astimezone(data.clinic.tzinfo)
    provider_index = appointment.external_id.rsplit("-", 2)[-2]
    pcn = f"{data.spec.code}{provider_index}{start:%y%m%d%H%M}"
    offset = (start.date() - data.anchor).days
    rng = random.Random(f"{data.spec.slug}:claim:{offset}:{provider_index}:{start:%H%M}")  # noqa: S311
    payer_key = payer_key_for(data, appointment.patient)
    coverage = random.Random(f"{data.spec.slug}:plan:{appointment.patient.mrn}")  # noqa: S311
    diagnoses = list(REASON_DIAGNOSES.get(appointment.reason, ("Z0000",)))
    codes = _procedure_codes(rng, appointment.visit_type.name if appointment.visit_type else "", payer_key, diagnoses)
    lines = [
        LinePlan(number=i + 1, code=code, charge=CHARGES[code], pointers=list(range(1, min(len(diagnoses), 4) + 1)))
        for i, code in enumerate(codes)
    ]
    claim = ClaimPlan(
        pcn=pcn, appointment=appointment, payer_key=payer_key, plan=coverage.choice(data.plans[payer_key]),
        service_date=start.date(), diagnoses=diagnoses, lines=lines,
        payer_ccn="".join(rng.choice("0123456789") for _ in range(14)),
    )
    _plan_outcome(data, prices, rng, claim)
    return claim


def _procedure_codes(rng: random.Random, visit: str, payer_key: str, diagnoses: list[str]) -> list[str]:
    if visit == "New patient":
        codes = [rng.choices(["99203", "99204", "99205"], weights=[40, 45, 15])[0]]
        if rng.random() < 0.2:
            codes.append("93000")
    elif visit == "Annual physical":
        codes = ["G0439" if payer_key == "medicare" else "99396", "36415"]
        if rng.random() < 0.5:
            codes.append("81002")
    elif visit == "Sick visit":
        codes = [rng.choices(["99212", "99213"], weights=[40, 60])[0]]
        if "J029" in diagnoses:
            codes.append("87880")
        elif "N390" in diagnoses:
            codes.append("81002")
    else:
        codes = [rng.choices(["99212", "99213", "99214", "99215"], weights=[5, 55, 35, 5])[0]]
        if rng.random() < 0.3:
            codes.append("36415")
    return codes


def _plan_outcome(data: ClinicData, prices: PriceList, rng: random.Random, claim: ClaimPlan) -> None:
    days_to_pay = rng.randint(5, 12)
    paid_on = claim.service_date + timedelta(days=days_to_pay)
    paid_on += timedelta(days=(PAYMENT_WEEKDAY - paid_on.weekday()) % 7)
    if paid_on >= data.anchor:
        # Not answered yet: yesterday's visits are still drafts, the rest are with the payer.
        age = (data.anchor - claim.service_date).days
        claim.status = Claim.Status.DRAFT if age <= 1 else Claim.Status.ACCEPTED if age > 4 else Claim.Status.SUBMITTED
        return
    claim.payment_date = paid_on
    contract = data.contracts[claim.payer_key]
    copay = next(p.copay for p in data.spec.payers if p.key == claim.payer_key)
    roll = rng.random()
    carc = rng.choices(list(DENIAL_REASONS), weights=[r[2] for r in DENIAL_REASONS.values()])[0]
    if roll < 0.13:
        claim.denial = DenialPlan(carc=carc, line_number=None)
        for line in claim.lines:
            line.adjustments.append(("CO", carc, line.charge))
        claim.status = Claim.Status.DENIED
        return
    denied_line = claim.lines[-1] if roll < 0.25 and len(claim.lines) > 1 else None
    for line in claim.lines:
        if line is denied_line:
            line.adjustments.append(("CO", carc, line.charge))
            continue
        allowed = min(prices.allowed(contract, line.code) or money(line.charge / 2), line.charge)
        responsibility = _patient_share(rng, claim.payer_key, line.code, allowed, copay)
        line.paid = allowed - sum((amount for _, _, amount in responsibility), ZERO)
        if line.charge > allowed:
            line.adjustments.append(("CO", "45", line.charge - allowed))
        line.adjustments.extend(responsibility)
    if denied_line is not None:
        claim.denial = DenialPlan(carc=carc, line_number=denied_line.number)
        claim.status = Claim.Status.PARTIALLY_PAID
    else:
        claim.status = Claim.Status.PAID


def _patient_share(
    rng: random.Random, payer_key: str, code: str, allowed: Decimal, copay: Decimal
) -> list[tuple[str, str, Decimal]]:
    """PR-1 deductible, PR-2 coinsurance or PR-3 copay, as the payer type would apply them."""
    preventive = code in {"G0439", "99396"}
    if payer_key == "medicaid" or preventive or allowed == ZERO:
        return []
    if payer_key == "medicare":
        if code in {"36415", "81002", "87880"}:
            return []  # clinical lab: no Part B coinsurance
        if rng.random() < 0.1:
            return [("PR", "1", allowed)]
        return [("PR", "2", money(allowed * Decimal("0.20")))]
    if code in ANCILLARY:
        return []
    if rng.random() < 0.15:
        return [("PR", "1", allowed)]
    return [("PR", "3", min(copay, allowed))]


def _plan_appeals(plans: list[ClaimPlan]) -> None:
    appeal_statuses = list(APPEAL_STATUSES)
    written_off = False
    for claim in plans:
        denial = claim.denial
        if denial is None:
            continue
        appealable = DENIAL_REASONS[denial.carc][3]
        if appealable and appeal_statuses:
            denial.appeal_status = appeal_statuses.pop(0)
            if denial.appeal_status == "SUBMITTED":
                denial.status, claim.status = Denial.Status.IN_APPEAL, Claim.Status.APPEALED
            elif denial.appeal_status == "WON":
                denial.status, claim.status = Denial.Status.OVERTURNED, Claim.Status.APPEALED
        elif denial.carc == "29" and not written_off:
            denial.status, claim.status = Denial.Status.WRITTEN_OFF, Claim.Status.CLOSED
            written_off = True
