"""Payers, plans, contracts and fee schedules of one clinic, and pricing from them.

Medicare is a fixed-amount schedule; Medicaid is fixed amounts at a fraction of
Medicare; commercial contracts are a percent of the Medicare contract
(`base_contract`) with a few fixed-amount lines.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from contracts.models import Contract, FeeScheduleLine, Payer, PayerPlan
from demo.seed.context import ClinicData, Seed
from demo.seed.data import COMMERCIAL_FIXED, MEDICARE_FEES, MEDICARE_ONLY, PayerSpec

CENT = Decimal("0.01")

_LINE_OF_BUSINESS = {
    "medicare": Contract.LineOfBusiness.MEDICARE,
    "medicaid": Contract.LineOfBusiness.MEDICAID,
    "commercial": Contract.LineOfBusiness.COMMERCIAL,
}


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def ensure_payers(seed: Seed, data: ClinicData) -> None:
    payers = {p.payer_id: p for p in Payer.objects.filter(clinic=data.clinic)}
    plans = {(p.payer_id, p.name): p for p in PayerPlan.objects.filter(clinic=data.clinic)}
    contracts = {(c.payer_id, c.name): c for c in Contract.objects.filter(clinic=data.clinic)}
    # Open-ended from the start of the year of the oldest demo visit.
    effective_from = date((data.anchor - timedelta(days=60)).year, 1, 1)
    # Medicare first: the other contracts are priced from it.
    for spec in sorted(data.spec.payers, key=lambda s: s.key != "medicare"):
        payer = payers.get(spec.payer_id) or _create_payer(seed, data, spec)
        data.payers[spec.key] = payer
        data.plans[spec.key] = [
            plans.get((payer.pk, plan.name))
            or seed.save(PayerPlan(clinic=data.clinic, payer=payer, name=plan.name, plan_code=plan.code,
                                   plan_type=plan.plan_type))
            for plan in spec.plans
        ]
        name = f"{spec.name} fee schedule {effective_from.year}"
        contract = contracts.get((payer.pk, name))
        if contract is None:
            contract = _create_contract(seed, data, spec, payer, name, effective_from)
        data.contracts[spec.key] = contract


def _create_payer(seed: Seed, data: ClinicData, spec: PayerSpec) -> Payer:
    line1, city, state, postal_code = spec.appeal_address
    return seed.save(
        Payer(
            clinic=data.clinic, name=spec.name, payer_id=spec.payer_id, payer_type=spec.payer_type,
            appeal_address_line1=line1, appeal_city=city, appeal_state=state, appeal_postal_code=postal_code,
            fax=spec.fax, portal_url=spec.portal_url, timely_filing_days=spec.timely_filing_days,
            appeal_deadline_days=spec.appeal_deadline_days,
        )
    )


def _create_contract(
    seed: Seed, data: ClinicData, spec: PayerSpec, payer: Payer, name: str, effective_from: date
) -> Contract:
    base = data.contracts.get("medicare") if spec.percent_of_medicare is not None else None
    contract: Contract = seed.save(
        Contract(
            clinic=data.clinic, payer=payer, name=name, line_of_business=_LINE_OF_BUSINESS[spec.payer_type],
            effective_from=effective_from, base_contract=base,
            default_percent_of_base=spec.percent_of_medicare,
        )
    )
    contract.plans.add(*data.plans[spec.key])
    for code, medicare in MEDICARE_FEES.items():
        medicare_here = money(medicare * data.spec.medicare_locality_factor)
        line = FeeScheduleLine(clinic=data.clinic, contract=contract, code=code)
        if spec.payer_type == "medicare":
            line.allowed_amount = medicare_here
        elif spec.medicaid_factor is not None:
            line.allowed_amount = money(medicare_here * spec.medicaid_factor)
        elif code in MEDICARE_ONLY:
            continue
        elif code in COMMERCIAL_FIXED:
            line.allowed_amount = COMMERCIAL_FIXED[code]
        else:
            line.percent_of_base = spec.percent_of_medicare
        seed.save(line)
    return contract


class PriceList:
    """Allowed amounts of every contract of one clinic, read once from the fee lines."""

    def __init__(self, data: ClinicData) -> None:
        self._fixed: dict[tuple[object, str], Decimal] = {}
        self._percent: dict[tuple[object, str], Decimal] = {}
        lines = FeeScheduleLine.objects.filter(clinic=data.clinic, modifier="")
        for line in lines:
            if line.allowed_amount is not None:
                self._fixed[(line.contract_id, line.code)] = line.allowed_amount
            elif line.percent_of_base is not None:
                self._percent[(line.contract_id, line.code)] = line.percent_of_base
        self._base = {c.pk: c.base_contract_id for c in data.contracts.values()}
        self._default_percent = {c.pk: c.default_percent_of_base for c in data.contracts.values()}

    def allowed(self, contract: Contract, code: str) -> Decimal | None:
        fixed = self._fixed.get((contract.pk, code))
        if fixed is not None:
            return fixed
        base_id = self._base.get(contract.pk)
        percent = self._percent.get((contract.pk, code)) or self._default_percent.get(contract.pk)
        if base_id is None or percent is None:
            return None
        base_amount = self._fixed.get((base_id, code))
        return None if base_amount is None else money(base_amount * percent / 100)
