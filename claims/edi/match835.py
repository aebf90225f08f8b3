"""Matching an 835's claim payments to their claims, and paid lines to billed lines.

A claim payment, in order: claim number (CLP01) and payer; the payer's claim control
number (CLP07) against one the claim already carries; patient (name or member id), dates
of service and total charge. A paid line: the first unused billed line with the same code,
modifiers and date, then with the same code.

Claims and lines are read as values (`MatchedClaim`, `BilledLine`): a model instance per
claim and per line cost more than the rest of matching.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

from claims.edi.parties import person_key
from claims.edi.x835 import ParsedClaimPayment
from claims.models import Claim, ClaimLine, MatchMethod
from clinics.models import Clinic
from contracts.models import Payer

# What matching and posting read of a claim, in the order `MatchedClaim` takes them.
CLAIM_COLUMNS = (
    "id",
    "patient_control_number",
    "payer_id",
    "created_at",
    "status",
    "payer_claim_control_number",
    "service_date_from",
    "service_date_to",
    "total_charge",
    "member_id",
)


class MatchedClaim:
    """What posting reads and changes of a claim, loaded as values: a model instance per
    claim (and per line) cost more than the rest of matching. One per claim, however many
    of the three keys found it, so a second payment of the claim sees the first's status."""

    __slots__ = (
        "created_at",
        "first_name",
        "last_name",
        "member_id",
        "number_filled",
        "patient_control_number",
        "payer_claim_control_number",
        "payer_id",
        "pk",
        "service_date_from",
        "service_date_to",
        "status",
        "total_charge",
    )

    def __init__(self, row: tuple[Any, ...]) -> None:
        (
            self.pk,
            self.patient_control_number,
            self.payer_id,
            self.created_at,
            self.status,
            self.payer_claim_control_number,
            self.service_date_from,
            self.service_date_to,
            self.total_charge,
            self.member_id,
        ) = row
        self.last_name = self.first_name = ""
        self.number_filled = False  # the payer's claim number was set by this posting


class BilledLine:
    """A claim line as posting matches it to a paid line."""

    __slots__ = ("modifiers", "pk", "procedure_code", "service_date")

    def __init__(self, pk: uuid.UUID, procedure_code: str, modifiers: list[str], service_date: dt.date | None) -> None:
        self.pk, self.procedure_code, self.modifiers, self.service_date = pk, procedure_code, modifiers, service_date


def billed_lines(claim_ids: Iterable[Any]) -> dict[object, list[BilledLine]]:
    """The lines of these claims, in line order."""
    lines: dict[object, list[BilledLine]] = {}
    query = ClaimLine.objects.filter(claim_id__in=claim_ids).order_by("line_number")
    for pk, claim_id, code, modifiers, service_date in query.values_list(
        "id", "claim_id", "procedure_code", "modifiers", "service_date"
    ):
        lines.setdefault(claim_id, []).append(BilledLine(pk, code, modifiers, service_date))
    return lines


class Matcher:
    """Finds the claim of each payment of one remittance with a few queries."""

    def __init__(self, clinic: Clinic, payer: Payer, payments: list[ParsedClaimPayment]) -> None:
        claims = Claim.objects.filter(clinic=clinic)
        self.payer = payer
        self.claims: dict[object, MatchedClaim] = {}
        numbers = {p.patient_control_number for p in payments}
        self.by_number: dict[str, list[MatchedClaim]] = {}
        for row in claims.filter(patient_control_number__in=numbers).values_list(*CLAIM_COLUMNS):
            claim = self._one(row)
            self.by_number.setdefault(claim.patient_control_number, []).append(claim)
        # Each key further down is only looked up for the payments the ones before do not
        # match: loading claims for every payment would read the clinic's claims (and, by
        # charge, their patients) for nothing.
        ccns = {p.payer_claim_control_number for p in payments if self._by_number(p) is None} - {""}
        self.by_ccn: dict[str, MatchedClaim] = {}
        if ccns:
            for row in claims.filter(payer_claim_control_number__in=ccns).values_list(*CLAIM_COLUMNS):
                claim = self._one(row)
                self.by_ccn[claim.payer_claim_control_number] = claim
        charges = {p.charge for p in payments if self._by_keys(p) is None}
        self.by_charge: dict[Decimal, list[MatchedClaim]] = {}
        if charges:
            query = claims.filter(total_charge__in=charges).values_list(
                *CLAIM_COLUMNS, "patient__last_name", "patient__first_name"
            )
            for row in query:
                claim = self._one(row[:-2])
                claim.last_name, claim.first_name = row[-2:]
                self.by_charge.setdefault(claim.total_charge, []).append(claim)

    def _one(self, row: tuple[Any, ...]) -> MatchedClaim:
        claim = self.claims.get(row[0])
        if claim is None:
            claim = self.claims[row[0]] = MatchedClaim(row)
        return claim

    def _by_number(self, payment: ParsedClaimPayment) -> MatchedClaim | None:
        candidates = self.by_number.get(payment.patient_control_number, ())
        same_payer = [c for c in candidates if c.payer_id == self.payer.pk]
        return _latest(same_payer) if same_payer else None

    def _by_keys(self, payment: ParsedClaimPayment) -> tuple[MatchedClaim, str] | None:
        claim = self._by_number(payment)
        if claim is not None:
            return claim, MatchMethod.PCN_AND_PAYER
        ccn = payment.payer_claim_control_number
        if ccn and ccn in self.by_ccn:
            return self.by_ccn[ccn], MatchMethod.PAYER_CLAIM_NUMBER
        return None

    def match(self, payment: ParsedClaimPayment) -> tuple[MatchedClaim | None, str]:
        found = self._by_keys(payment)
        if found is not None:
            return found
        start, end = payment.dates()
        wanted = person_key(payment.patient_last_name, payment.patient_first_name, None)[:2]
        for claim in self.by_charge.get(payment.charge, []):
            same_person = (claim.last_name.casefold(), claim.first_name.casefold()) == wanted or (
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


def _latest(claims: list[MatchedClaim]) -> MatchedClaim:
    return max(claims, key=lambda c: (c.created_at, str(c.pk)))


class Priced(Protocol):
    procedure_code: str
    modifiers: list[str]
    service_date: dt.date | None


def take_line(unused: list[BilledLine], line: Priced) -> BilledLine | None:
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
