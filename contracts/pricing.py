"""What a contract says a service line should be allowed, to compare with what the payer
allowed (paid + patient responsibility).

The price of a line: the contract in force with that payer on the date of service (the
latest effective one); its fee-schedule line for the code and first matching modifier, else
the code without modifier; a fixed amount, or a percent of the base contract's amount for
the same code; with no line, the contract's default percent of the base. Times the units,
and never more than was billed (the lesser of billed and contracted).

Takes plain values (codes, amounts, dates), so claims can use it without contracts knowing
about claims.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from clinics.models import Clinic
from contracts.models import Contract, FeeScheduleLine, Payer

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Expected:
    allowed: Decimal  # the lesser of billed and contracted
    contracted: Decimal
    contract_id: object
    tolerance: Decimal
    basis: str


def variance(expected: Expected, *, paid: Decimal, patient_responsibility: Decimal) -> Decimal:
    """Expected allowed minus what the payer allowed: positive when underpaid."""
    return (expected.allowed - (paid + patient_responsibility)).quantize(CENT)


def is_underpaid(expected: Expected, *, paid: Decimal, patient_responsibility: Decimal) -> bool:
    return variance(expected, paid=paid, patient_responsibility=patient_responsibility) > expected.tolerance


class PriceBook:
    """The contracts of one payer, loaded once, for pricing many lines."""

    def __init__(self, *, clinic: Clinic, payer: Payer) -> None:
        contracts = list(
            Contract.objects.filter(clinic=clinic, payer=payer)
            .select_related("base_contract")
            .order_by("-effective_from")
        )
        wanted = {c.pk for c in contracts} | {c.base_contract_id for c in contracts if c.base_contract_id}
        self._lines: dict[object, dict[tuple[str, str], FeeScheduleLine]] = {pk: {} for pk in wanted}
        for line in FeeScheduleLine.objects.filter(contract_id__in=wanted):
            self._lines[line.contract_id][(line.code, line.modifier)] = line
        self._contracts = contracts

    def contract_on(self, day: dt.date) -> Contract | None:
        for contract in self._contracts:  # latest first
            if contract.effective_from <= day and (contract.effective_to is None or contract.effective_to >= day):
                return contract
        return None

    def _line(self, contract_id: object, code: str, modifiers: Iterable[str]) -> FeeScheduleLine | None:
        lines = self._lines.get(contract_id, {})
        for modifier in modifiers:
            if (code, modifier) in lines:
                return lines[(code, modifier)]
        return lines.get((code, ""))

    def _base_amount(self, contract: Contract, code: str, modifiers: list[str]) -> Decimal | None:
        if contract.base_contract_id is None:
            return None
        line = self._line(contract.base_contract_id, code, modifiers)
        return line.allowed_amount if line is not None else None

    def expected(
        self, *, code: str, modifiers: list[str], units: Decimal, billed: Decimal, on_date: dt.date
    ) -> Expected | None:
        contract = self.contract_on(on_date)
        if contract is None or not code:
            return None
        line = self._line(contract.pk, code, modifiers)
        per_unit: Decimal | None = None
        basis = ""
        if line is not None and line.allowed_amount is not None:
            per_unit, basis = (
                line.allowed_amount,
                f"fee schedule {code}" + (f"-{line.modifier}" if line.modifier else ""),
            )
        else:
            percent = line.percent_of_base if line is not None else contract.default_percent_of_base
            base = self._base_amount(contract, code, modifiers)
            if percent is not None and base is not None:
                per_unit = base * percent / HUNDRED
                basis = f"{percent}% of the base schedule for {code}"
        if per_unit is None:
            return None
        contracted = (per_unit * (units if units > 0 else Decimal(1))).quantize(CENT, rounding=ROUND_HALF_UP)
        return Expected(
            allowed=min(billed, contracted),
            contracted=contracted,
            contract_id=contract.pk,
            tolerance=contract.underpayment_tolerance,
            basis=basis,
        )
