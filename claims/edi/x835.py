"""Loop-aware reading of an 835 transaction set (005010X221 / 004010X091) into a remittance.

Header: BPR (payment), TRN (trace), DTM*405 (production date), 1000A payer (N1*PR, REF*2U),
1000B payee (N1*PE). 2000 LX headers; 2100 claim payment (CLP, claim-level CAS, NM1*QC/IL/82,
MIA/MOA remarks, DTM*232/233 statement dates, REF, AMT); 2110 service payment (SVC, DTM,
line-level CAS, REF, AMT*B6 allowed, LQ remarks); trailer PLB provider-level adjustments.

Each claim payment is its own unit: a problem in it becomes that payment's `problem` and the
next CLP starts afresh. A problem in the header stops the whole transaction set (nothing can
be posted without knowing who paid and how much).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from claims.edi.envelope import PADDING, Delimiters, Transaction
from claims.edi.errors import EdiProblem, SegmentError
from claims.edi.values import ZERO, composite, date, element, money, plain_money, quantity

ONE_UNIT = Decimal("1.000")
GROUP_CODES = {"CO", "PR", "OA", "PI", "CR"}


@dataclass(slots=True)
class ParsedAdjustment:
    group_code: str
    reason_code: str
    amount: Decimal
    quantity: Decimal | None
    segment_number: int


@dataclass(slots=True)
class ParsedServicePayment:
    segment_number: int
    procedure_qualifier: str = ""
    procedure_code: str = ""
    modifiers: list[str] = field(default_factory=list)
    charge: Decimal = ZERO
    paid: Decimal = ZERO
    revenue_code: str = ""
    units: Decimal = Decimal("1.000")
    service_date: dt.date | None = None
    service_date_to: dt.date | None = None
    line_control_number: str = ""
    allowed_amount: Decimal | None = None
    remark_codes: list[str] = field(default_factory=list)
    adjustments: list[ParsedAdjustment] = field(default_factory=list)


@dataclass(slots=True)
class ParsedClaimPayment:
    segment_number: int
    patient_control_number: str = ""
    status_code: str = ""
    charge: Decimal = ZERO
    paid: Decimal = ZERO
    patient_responsibility: Decimal = ZERO
    filing_indicator: str = ""
    payer_claim_control_number: str = ""
    facility_code: str = ""
    frequency_code: str = ""
    patient_last_name: str = ""
    patient_first_name: str = ""
    patient_identifier: str = ""
    rendering_npi: str = ""
    statement_from: dt.date | None = None
    statement_to: dt.date | None = None
    remark_codes: list[str] = field(default_factory=list)
    adjustments: list[ParsedAdjustment] = field(default_factory=list)  # claim level
    lines: list[ParsedServicePayment] = field(default_factory=list)
    problem: EdiProblem | None = None

    def all_adjustments(self) -> list[ParsedAdjustment]:
        return [*self.adjustments, *(a for line in self.lines for a in line.adjustments)]

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        if self.statement_from is not None:
            return self.statement_from, self.statement_to or self.statement_from
        dated = [line.service_date for line in self.lines if line.service_date is not None]
        if dated:
            return min(dated), max(dated)
        return None, None


@dataclass(slots=True)
class ParsedProviderAdjustment:
    segment_number: int
    provider_identifier: str
    fiscal_period_date: dt.date | None
    reason_code: str
    reference: str
    amount: Decimal


@dataclass(slots=True)
class ParsedRemittance:
    segment_number: int
    handling_code: str = ""
    payment_amount: Decimal = ZERO
    credit_debit: str = "C"
    payment_method: str = ""
    payment_date: dt.date | None = None
    trace_number: str = ""
    originator_id: str = ""  # TRN03
    production_date: dt.date | None = None
    payer_name: str = ""
    payer_identifier: str = ""
    payee_name: str = ""
    payee_identifier_qualifier: str = ""
    payee_identifier: str = ""
    claims: list[ParsedClaimPayment] = field(default_factory=list)
    warnings: list[EdiProblem] = field(default_factory=list)
    provider_adjustments: list[ParsedProviderAdjustment] = field(default_factory=list)

    @property
    def claims_paid(self) -> Decimal:
        return sum((c.paid for c in self.claims), ZERO)

    @property
    def provider_adjustment_total(self) -> Decimal:
        return sum((p.amount for p in self.provider_adjustments), ZERO)

    def reconciliation_difference(self) -> Decimal:
        """BPR02 - (claim payments - PLB). Zero when the remittance balances. A debit
        (BPR03 = D) is money the provider pays back."""
        paid = self.payment_amount if self.credit_debit != "D" else -self.payment_amount
        return paid - (self.claims_paid - self.provider_adjustment_total)


# The reader builds tens of thousands of these per file: as in the 837 reader, these
# build the same objects as the dataclass calls, storing each field directly (held equal
# field for field by test_edi_parser).
_new = object.__new__


def _new_adjustment(
    group_code: str, reason_code: str, amount: Decimal, quantity: Decimal | None, segment_number: int
) -> ParsedAdjustment:
    """`ParsedAdjustment(group_code, reason_code, amount, quantity, segment_number)`."""
    adjustment: ParsedAdjustment = _new(ParsedAdjustment)
    adjustment.group_code = group_code
    adjustment.reason_code = reason_code
    adjustment.amount = amount
    adjustment.quantity = quantity
    adjustment.segment_number = segment_number
    return adjustment


def _new_service(
    segment_number: int,
    procedure_qualifier: str,
    procedure_code: str,
    modifiers: list[str],
    charge: Decimal,
    paid: Decimal,
    revenue_code: str,
    units: Decimal,
) -> ParsedServicePayment:
    """`ParsedServicePayment(segment_number, procedure_qualifier, procedure_code, modifiers,
    charge, paid, revenue_code, units)`."""
    line: ParsedServicePayment = _new(ParsedServicePayment)
    line.segment_number = segment_number
    line.procedure_qualifier = procedure_qualifier
    line.procedure_code = procedure_code
    line.modifiers = modifiers
    line.charge = charge
    line.paid = paid
    line.revenue_code = revenue_code
    line.units = units
    line.service_date = None
    line.service_date_to = None
    line.line_control_number = ""
    line.allowed_amount = None
    line.remark_codes = []
    line.adjustments = []
    return line


def _new_payment(segment_number: int) -> ParsedClaimPayment:
    """`ParsedClaimPayment(segment_number)`."""
    claim: ParsedClaimPayment = _new(ParsedClaimPayment)
    claim.segment_number = segment_number
    claim.patient_control_number = ""
    claim.status_code = ""
    claim.charge = ZERO
    claim.paid = ZERO
    claim.patient_responsibility = ZERO
    claim.filing_indicator = ""
    claim.payer_claim_control_number = ""
    claim.facility_code = ""
    claim.frequency_code = ""
    claim.patient_last_name = ""
    claim.patient_first_name = ""
    claim.patient_identifier = ""
    claim.rendering_npi = ""
    claim.statement_from = None
    claim.statement_to = None
    claim.remark_codes = []
    claim.adjustments = []
    claim.lines = []
    claim.problem = None
    return claim


# What an SVC sets on its service payment, in the order of the fields (modifiers as a tuple).
_ServiceFields = tuple[str, str, tuple[str, ...], Decimal, Decimal, str, Decimal]


def parse_835(transaction: Transaction, delimiters: Delimiters) -> ParsedRemittance:
    """The remittance in one 835 transaction set. Raises `SegmentError` for a header problem.

    As in the 837 reader, each distinct segment text is split, and its values read, once:
    a remittance repeats its adjustments (CAS), service payments (SVC), dates and allowed
    amounts word for word. A segment whose values are wrong is read afresh each time."""
    separator, component = delimiters.element, delimiters.component
    remittance = ParsedRemittance(segment_number=transaction.first_number)
    claim: ParsedClaimPayment | None = None
    broken = False  # the claim payment has a problem: the rest of it is skipped up to the next CLP, LX or PLB
    line: ParsedServicePayment | None = None
    in_payer = in_payee = False
    number = transaction.first_number
    split: dict[str, list[str]] = {}  # segment text -> its elements, padded
    adjustments_read: dict[str, tuple[tuple[str, str, Decimal, Decimal | None], ...]] = {}  # CAS text
    services_read: dict[str, _ServiceFields] = {}  # SVC text -> what it sets on a service payment
    days_read: dict[str, dt.date] = {}  # DTM text -> its date
    amounts_read: dict[str, Decimal] = {}  # AMT text -> its amount
    split_get = split.get
    for text in transaction.segments:
        number += 1
        seg = split_get(text)
        if seg is None:
            seg = text.split(separator)
            seg += PADDING
            split[text] = seg
        tag = seg[0]
        if broken and tag != "CLP" and tag != "LX" and tag != "PLB":
            continue
        try:
            # The most frequent segments first.
            if tag == "CAS":
                if claim is None:
                    raise SegmentError("CAS before any CLP.", number, "CAS")
                target = line.adjustments if line is not None else claim.adjustments
                found = adjustments_read.get(text)
                if found is None:
                    adjustments = read_cas(seg, number)
                    target.extend(adjustments)
                    adjustments_read[text] = tuple(
                        (a.group_code, a.reason_code, a.amount, a.quantity) for a in adjustments
                    )
                else:
                    for group, reason, amount, units in found:
                        # `_new_adjustment`, written out: the most frequent object of a remittance.
                        adjustment = _new(ParsedAdjustment)
                        adjustment.group_code = group
                        adjustment.reason_code = reason
                        adjustment.amount = amount
                        adjustment.quantity = units
                        adjustment.segment_number = number
                        target.append(adjustment)
            elif tag == "DTM":
                qualifier = seg[1]
                if claim is None:
                    if qualifier == "405":
                        remittance.production_date = date(seg[2], number, "DTM", "DTM02")
                elif line is not None:
                    day = days_read.get(text)
                    if day is None:
                        day = days_read[text] = date(seg[2], number, "DTM", "DTM02")
                    if qualifier in ("472", "150"):
                        line.service_date = day
                        if qualifier == "472":
                            line.service_date_to = day
                    elif qualifier == "151":
                        line.service_date_to = day
                elif qualifier == "232" or qualifier == "233":
                    day = days_read.get(text)
                    if day is None:
                        day = days_read[text] = date(seg[2], number, "DTM", "DTM02")
                    if qualifier == "232":
                        claim.statement_from = day
                    else:
                        claim.statement_to = day
            elif tag == "SVC":
                if claim is None:
                    raise SegmentError("SVC before any CLP.", number, "SVC")
                fields = services_read.get(text)
                if fields is None:
                    line = _new_service(number, "", "", [], ZERO, ZERO, "", ONE_UNIT)
                    claim.lines.append(line)
                    _read_svc(line, seg, number, component)
                    services_read[text] = (
                        line.procedure_qualifier,
                        line.procedure_code,
                        tuple(line.modifiers),
                        line.charge,
                        line.paid,
                        line.revenue_code,
                        line.units,
                    )
                else:
                    # `_new_service`, written out: a remittance has a service payment for each line.
                    line = _new(ParsedServicePayment)
                    line.segment_number = number
                    (
                        line.procedure_qualifier,
                        line.procedure_code,
                        modifiers,
                        line.charge,
                        line.paid,
                        line.revenue_code,
                        line.units,
                    ) = fields
                    line.modifiers = [*modifiers]
                    line.service_date = line.service_date_to = line.allowed_amount = None
                    line.line_control_number = ""
                    line.remark_codes = []
                    line.adjustments = []
                    claim.lines.append(line)
            elif tag == "AMT":
                if line is not None and seg[1] == "B6":
                    allowed = amounts_read.get(text)
                    if allowed is None:
                        allowed = amounts_read[text] = money(seg, 2, number)
                    line.allowed_amount = allowed
            elif tag == "CLP":
                line = None
                claim = _new_payment(number)
                broken = False
                remittance.claims.append(claim)
                _read_clp(claim, seg, number, component)
            elif tag == "NM1":
                if claim is not None and line is None:
                    entity = seg[1]
                    if entity == "QC":
                        claim.patient_last_name = seg[3].strip()
                        claim.patient_first_name = seg[4].strip()
                        claim.patient_identifier = seg[9].strip()
                    elif entity == "82" and seg[8] == "XX":
                        claim.rendering_npi = seg[9].strip()
            elif tag == "LQ":
                if line is not None:
                    line.remark_codes.append(seg[2].strip())
            elif tag == "MOA":
                if claim is not None:
                    claim.remark_codes.extend(v.strip() for v in seg[3:8] if v.strip())
            elif tag == "MIA":
                if claim is not None:
                    positions = (5, 20, 21, 22, 23)
                    claim.remark_codes.extend(element(seg, p).strip() for p in positions if element(seg, p).strip())
            elif tag == "REF":
                if line is not None and seg[1] == "6R":
                    line.line_control_number = seg[2].strip()[:50]
                elif claim is None and in_payer and seg[1] == "2U":
                    remittance.payer_identifier = seg[2].strip()
            elif tag == "LX":
                claim = line = None
                broken = False
            elif tag == "PLB":
                claim = line = None
                broken = False
                remittance.provider_adjustments.extend(_read_plb(seg, number, component))
            elif claim is None:
                _read_header(remittance, seg, number)
                if tag == "N1":
                    in_payer, in_payee = (
                        seg[1] == "PR",
                        seg[1] == "PE",
                    )
                    if in_payer:
                        remittance.payer_name = seg[2].strip()
                        if seg[4].strip() and not remittance.payer_identifier:
                            remittance.payer_identifier = seg[4].strip()
                    elif in_payee:
                        remittance.payee_name = seg[2].strip()
                        remittance.payee_identifier_qualifier = seg[3]
                        remittance.payee_identifier = seg[4].strip()
        except SegmentError as error:
            if claim is None:
                raise
            claim.problem = error.problem
            broken = True
    if not remittance.trace_number:
        raise SegmentError("The remittance has no trace number (TRN02).", transaction.first_number, "TRN", "TRN02")
    if remittance.payment_date is None:
        remittance.payment_date = remittance.production_date
    if remittance.payment_date is None:
        raise SegmentError("The remittance has no payment date (BPR16).", transaction.first_number, "BPR", "BPR16")
    if not remittance.payer_identifier:
        remittance.payer_identifier = remittance.originator_id
    for parsed in remittance.claims:
        if parsed.problem is None:
            parsed.problem = _check(parsed)
    return remittance


def _read_header(remittance: ParsedRemittance, seg: list[str], number: int) -> None:
    tag = seg[0]
    if tag == "BPR":
        remittance.handling_code = seg[1]
        remittance.payment_amount = money(seg, 2, number)
        remittance.credit_debit = seg[3] or "C"
        remittance.payment_method = seg[4]
        try:
            remittance.payment_date = date(seg[16], number, "BPR", "BPR16")
        except SegmentError as error:
            # Posting does not hang on it: the production date stands in, and the file says so.
            remittance.warnings.append(
                EdiProblem(
                    f"{error.problem.reason} The production date (DTM*405) is used as the payment date.",
                    number,
                    "BPR",
                    "BPR16",
                )
            )
    elif tag == "TRN":
        trace = seg[2].strip()
        if len(trace) > 50:
            raise SegmentError("TRN02 is longer than 50 characters.", number, "TRN", "TRN02")
        remittance.trace_number = trace
        remittance.originator_id = seg[3].strip()


def _read_clp(claim: ParsedClaimPayment, seg: list[str], number: int, component: str) -> None:
    pcn = seg[1].strip()
    if not pcn:
        raise SegmentError("CLP01 (the patient control number) is missing.", number, "CLP", "CLP01")
    if len(pcn) > 38:
        raise SegmentError("CLP01 is longer than 38 characters.", number, "CLP", "CLP01")
    claim.patient_control_number = pcn
    claim.status_code = seg[2].strip()
    if not claim.status_code or len(claim.status_code) > 2:
        raise SegmentError(f"{claim.status_code!r} is not a claim status code.", number, "CLP", "CLP02")
    # Each claim payment has its own amounts: read the plain ones without `money`'s checks.
    amount = plain_money(seg[3])
    claim.charge = amount if amount is not None else money(seg, 3, number)
    amount = plain_money(seg[4])
    claim.paid = amount if amount is not None else money(seg, 4, number)
    amount = plain_money(seg[5])
    claim.patient_responsibility = amount if amount is not None else money(seg, 5, number, required=False)
    claim.filing_indicator = seg[6][:2]
    claim.payer_claim_control_number = seg[7].strip()[:50]
    claim.facility_code = seg[8][:3]
    claim.frequency_code = seg[9][:1]


def read_cas(seg: list[str], number: int) -> list[ParsedAdjustment]:
    """Up to six reason/amount/quantity triplets of one group."""
    group = seg[1].strip()
    if group not in GROUP_CODES:
        raise SegmentError(f"{group!r} is not a claim adjustment group code.", number, "CAS", "CAS01")
    found = []
    size = len(seg)
    for position in range(2, min(size, 20), 3):
        reason = seg[position]
        if not reason or not (reason := reason.strip()):
            continue
        if len(reason) > 5:
            raise SegmentError(f"{reason!r} is not a CARC.", number, "CAS", f"CAS{position:02d}")
        amount = money(seg, position + 1, number)
        # Most adjustments carry no quantity: skip the call for an absent one.
        units = quantity(seg, position + 2, number) if position + 2 < size and seg[position + 2] else None
        found.append(_new_adjustment(group, reason, amount, units, number))
    if not found:
        raise SegmentError("CAS carries no adjustment reason.", number, "CAS", "CAS02")
    return found


def _read_svc(line: ParsedServicePayment, seg: list[str], number: int, component: str) -> None:
    parts = composite(seg[1], component)
    if len(parts) < 2 or not parts[1].strip():
        raise SegmentError("SVC01 has no procedure code.", number, "SVC", "SVC01")
    qualifier, code = parts[0].strip(), parts[1].strip()
    line.procedure_qualifier = qualifier
    if qualifier == "NU":
        line.revenue_code = code[:4]
    elif qualifier != "N4":  # an NDC (N4) is not a procedure code
        line.procedure_code = code[:48]
    line.modifiers = [m.strip() for m in parts[2:6] if m.strip()]
    line.charge = money(seg, 2, number)
    line.paid = money(seg, 3, number)
    if seg[4].strip():
        line.revenue_code = seg[4].strip()[:4]
    line.units = quantity(seg, 5, number, ONE_UNIT) or ONE_UNIT


def _read_plb(seg: list[str], number: int, component: str) -> list[ParsedProviderAdjustment]:
    provider = seg[1].strip()
    fiscal = date(seg[2], number, "PLB", "PLB02") if seg[2].strip() else None
    found = []
    for position in range(3, min(len(seg), 15), 2):
        if not seg[position].strip():
            continue
        parts = composite(seg[position], component)
        amount = money(seg, position + 1, number)
        found.append(
            ParsedProviderAdjustment(
                number,
                provider,
                fiscal,
                parts[0].strip()[:5],
                (parts[1].strip() if len(parts) > 1 else "")[:50],
                amount,
            )
        )
    return found


def _check(claim: ParsedClaimPayment) -> EdiProblem | None:
    """A claim payment balances: charge - paid = the sum of its adjustments (claim and line level)."""
    lines, adjustments = claim.lines, claim.adjustments
    if not lines and not adjustments:
        return None
    adjusted = ZERO
    for adjustment in adjustments:
        adjusted += adjustment.amount
    for line in lines:
        for adjustment in line.adjustments:
            adjusted += adjustment.amount
    difference = claim.charge - claim.paid - adjusted
    if difference != ZERO:
        return EdiProblem(
            f"The claim payment does not balance: charge {claim.charge} - paid {claim.paid} - adjustments "
            f"{adjusted} leaves {difference}.",
            claim.segment_number,
            "CLP",
            "CLP04",
        )
    return None
