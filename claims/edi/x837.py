"""Loop-aware reading of an 837 transaction set (professional 005010X222 / 004010X098,
institutional 005010X223 / 004010X096) into claims.

The loops followed: 2000A/2010AA billing provider (HL 20, NM1*85), 2010AB pay-to (NM1*87),
2000B/2010BA subscriber (HL 22, SBR, NM1*IL, DMG), 2010BB payer (NM1*PR), 2000C/2010CA
patient (HL 23, PAT, NM1*QC, DMG), 2300 claim (CLM, DTP, REF, HI, AMT, CL1), 2310x claim
providers (NM1*82/71/72/77/DN/DK), 2320/2330x other payers (skipped: their NM1*PR is not
the payer of this claim), 2400 service lines (LX, SV1/SV2, DTP*472, REF*6R, LIN), 2420x
line providers, 2430 line adjudication (skipped).

Each claim is its own unit: a problem in it becomes that claim's `ParsedClaim.problem`
(segment number, element, reason) and the next CLM starts a fresh unit.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from claims.edi.envelope import Transaction
from claims.edi.errors import EdiProblem, SegmentError
from claims.edi.values import ZERO, composite, date, date_or_range, money, quantity

ONE_UNIT = Decimal("1.000")
PROFESSIONAL = "professional"
INSTITUTIONAL = "institutional"

# HI qualifiers that carry diagnoses, principal first. "AB…" are ICD-10-CM, the rest ICD-9-CM.
_PRINCIPAL = {"ABK", "BK"}
_DIAGNOSIS = {"ABK", "BK", "ABF", "BF", "ABJ", "BJ", "APR", "PR", "ABN", "BN"}
ICD10_QUALIFIERS = {"ABK", "ABF", "ABJ", "APR", "ABN"}


@dataclass(slots=True)
class Party:
    """A person or organisation named in an NM1 loop, with what followed it."""

    entity: str  # NM101
    last_name: str = ""  # or the organisation's name
    first_name: str = ""
    middle_name: str = ""
    id_qualifier: str = ""  # NM108
    identifier: str = ""  # NM109
    address: list[str] = field(default_factory=list)
    city: str = ""
    state: str = ""
    postal_code: str = ""
    date_of_birth: dt.date | None = None
    sex: str = ""
    tax_id: str = ""
    references: dict[str, str] = field(default_factory=dict)

    @property
    def npi(self) -> str:
        return self.identifier if self.id_qualifier == "XX" else ""


@dataclass(slots=True)
class ParsedLine:
    number: int
    segment_number: int
    procedure_qualifier: str = ""
    procedure_code: str = ""
    modifiers: list[str] = field(default_factory=list)
    charge: Decimal = ZERO
    units: Decimal = Decimal("1.000")
    unit_basis: str = ""
    place_of_service: str = ""
    diagnosis_pointers: list[int] = field(default_factory=list)
    service_date: dt.date | None = None
    service_date_to: dt.date | None = None
    revenue_code: str = ""
    line_control_number: str = ""
    ndc: str = ""
    rendering_provider: Party | None = None


@dataclass(slots=True)
class ParsedClaim:
    segment_number: int
    claim_type: str
    patient_control_number: str = ""
    total_charge: Decimal = ZERO
    facility_code: str = ""
    frequency_code: str = "1"
    prior_authorization_number: str = ""
    referral_number: str = ""
    original_reference: str = ""  # REF*F8: the payer's number of the claim this one corrects
    diagnoses: list[tuple[str, str]] = field(default_factory=list)  # (qualifier, code)
    statement_from: dt.date | None = None
    statement_to: dt.date | None = None
    claim_service_from: dt.date | None = None
    claim_service_to: dt.date | None = None
    lines: list[ParsedLine] = field(default_factory=list)
    billing_provider: Party | None = None
    pay_to: Party | None = None
    rendering_provider: Party | None = None
    attending_provider: Party | None = None
    subscriber: Party | None = None
    patient: Party | None = None  # None when the subscriber is the patient
    relationship: str = ""  # SBR02 "18" self, or PAT01
    payer: Party | None = None
    claim_filing_indicator: str = ""  # SBR09
    payer_responsibility: str = ""  # SBR01: P, S, T…
    problem: EdiProblem | None = None
    # Kept but shown to a person: things a payer would question, not reasons to drop the claim.
    flags: list[str] = field(default_factory=list)

    @property
    def diagnosis_codes(self) -> list[str]:
        return [code for _, code in self.diagnoses]

    @property
    def the_patient(self) -> Party | None:
        return self.patient or self.subscriber

    def service_dates(self) -> tuple[dt.date, dt.date] | None:
        if self.statement_from is not None and self.statement_to is not None:
            return self.statement_from, self.statement_to
        starts = [line.service_date for line in self.lines if line.service_date is not None]
        ends = [line.service_date_to or line.service_date for line in self.lines if line.service_date is not None]
        if starts:
            return min(starts), max(d for d in ends if d is not None)
        if self.claim_service_from is not None and self.claim_service_to is not None:
            return self.claim_service_from, self.claim_service_to
        return None


def claim_type_of(transaction: Transaction, version: str) -> str | None:
    """Professional or institutional from the implementation guide, or from the first
    service line when the guide is not named (de-identified files); None for dental."""
    guide = (transaction.implementation or version).upper()
    if "X222" in guide or "X098" in guide:
        return PROFESSIONAL
    if "X223" in guide or "X096" in guide:
        return INSTITUTIONAL
    if "X224" in guide or "X097" in guide:
        return None
    for seg in transaction.segments:
        tag = seg[0]
        if tag == "SV1":
            return PROFESSIONAL
        if tag == "SV2":
            return INSTITUTIONAL
        if tag == "SV3":
            return None
    return PROFESSIONAL


def _party(seg: list[str]) -> Party:
    return Party(
        entity=seg[1],
        last_name=seg[3].strip(),
        first_name=seg[4].strip(),
        middle_name=seg[5].strip(),
        id_qualifier=seg[8].strip(),
        identifier=seg[9].strip(),
    )


# Pointers are separated by ISA16; some senders use another punctuation mark.
_POINTER_SPLIT = re.compile(r"[^0-9A-Za-z.]")

_CLAIM_PROVIDERS = {"82", "71", "72", "77", "DN", "DK", "DQ", "ZZ", "QB", "FA", "PW", "45", "GB", "TL", "DD"}


def parse_837(transaction: Transaction, component: str, version: str = "") -> list[ParsedClaim]:
    """The claims of one 837 transaction set, each with its problem if it has one."""
    claim_type = claim_type_of(transaction, version)
    if claim_type is None:
        raise SegmentError("Dental claims (837D) are not imported.", transaction.first_number, "ST", "ST03")
    claims: list[ParsedClaim] = []
    billing: Party | None = None
    pay_to: Party | None = None
    subscriber: Party | None = None
    patient: Party | None = None
    payer: Party | None = None
    relationship = ""
    filing = ""
    responsibility = ""
    claim: ParsedClaim | None = None
    line: ParsedLine | None = None
    current: Party | None = None  # the party N3/N4/DMG/REF belong to
    in_cob = False  # inside 2320/2330 or 2430: other payers' data, not this claim's
    # A bad segment in a provider, subscriber or patient loop breaks the claims under that HL.
    level_problems: dict[str, EdiProblem] = {}
    level = ""
    base = transaction.first_number + 1
    segments = transaction.segments

    for index, seg in enumerate(segments):
        tag = seg[0]
        if claim is not None and claim.problem is not None and tag not in ("CLM", "HL"):
            continue  # the rest of a broken claim is skipped; the next CLM or HL starts afresh
        number = base + index
        try:
            if tag == "HL":
                claim = line = current = None
                in_cob = False
                level = seg[3]
                for stale in [key for key in level_problems if key >= level]:
                    del level_problems[stale]
                if level == "20":
                    billing = pay_to = subscriber = patient = payer = None
                elif level == "22":
                    subscriber = patient = payer = None
                    relationship = filing = responsibility = ""
                elif level == "23":
                    patient = None
                elif level == "":
                    raise SegmentError("HL03 (the level code) is missing.", number, "HL", "HL03")
            elif tag == "NM1":
                entity = seg[1]
                party = _party(seg)
                current = party
                if in_cob:
                    continue
                if claim is None:
                    if entity == "85":
                        billing = party
                    elif entity == "87":
                        pay_to = party
                    elif entity == "IL":
                        subscriber = party
                    elif entity == "PR":
                        payer = party
                    elif entity == "QC":
                        patient = party
                    else:
                        current = None  # submitter, receiver and the like
                elif line is not None:
                    if entity == "82":
                        line.rendering_provider = party
                elif entity == "82":
                    claim.rendering_provider = party
                elif entity == "71":
                    claim.attending_provider = party
                elif entity not in _CLAIM_PROVIDERS:
                    current = None
            elif tag == "N3":
                if current is not None:
                    current.address = [value.strip() for value in seg[1:3] if value.strip()]
            elif tag == "N4":
                if current is not None:
                    current.city = seg[1].strip()
                    current.state = seg[2].strip()
                    current.postal_code = seg[3].strip()
            elif tag == "DMG":
                if current is not None and seg[2]:
                    current.date_of_birth = date(seg[2], number, "DMG", "DMG02")
                    current.sex = seg[3]
            elif tag == "SBR":
                if claim is None:
                    responsibility = seg[1]
                    relationship = seg[2]
                    filing = seg[9]
                else:
                    in_cob = True  # 2320: another payer of this claim
                    line = None
            elif tag == "PAT":
                if claim is None:
                    relationship = seg[1] or relationship
            elif tag == "CLM":
                claim = ParsedClaim(segment_number=number, claim_type=claim_type)
                claims.append(claim)
                line = None
                in_cob = False
                current = None
                claim.billing_provider, claim.pay_to, claim.payer = billing, pay_to, payer
                claim.subscriber, claim.patient = subscriber, patient
                claim.relationship, claim.claim_filing_indicator = relationship, filing
                claim.payer_responsibility = responsibility
                if level_problems:
                    claim.problem = next(iter(level_problems.values()))
                    continue
                _read_clm(claim, seg, number, component)
            elif claim is None:
                if tag == "REF" and current is not None:
                    _reference(current, seg)
                continue
            elif tag == "LX":
                in_cob = False
                current = None
                try:
                    line_number = int(seg[1])
                except ValueError:
                    raise SegmentError(f"{seg[1]!r} is not a line number.", number, "LX", "LX01") from None
                line = ParsedLine(number=line_number, segment_number=number)
                claim.lines.append(line)
            elif in_cob:
                continue
            elif tag == "SV1":
                if line is None:
                    raise SegmentError("SV1 before its LX.", number, "SV1")
                _read_sv1(line, seg, number, component)
            elif tag == "SV2":
                if line is None:
                    raise SegmentError("SV2 before its LX.", number, "SV2")
                _read_sv2(line, seg, number, component)
            elif tag == "DTP":
                _read_dtp(claim, line, seg, number)
            elif tag == "REF":
                if current is not None:
                    _reference(current, seg)
                elif line is not None:
                    if seg[1] == "6R":
                        line.line_control_number = seg[2]
                else:
                    qualifier = seg[1]
                    if qualifier == "G1":
                        claim.prior_authorization_number = seg[2][:50]
                    elif qualifier == "9F":
                        claim.referral_number = seg[2][:50]
                    elif qualifier == "F8":
                        claim.original_reference = seg[2][:50]
            elif tag == "HI":
                if line is None:
                    _read_hi(claim, seg, number, component)
            elif tag == "LIN":
                if line is not None and seg[2] == "N4":
                    line.ndc = seg[3][:11]
            elif tag in ("SVD", "CAS") and line is not None:
                in_cob = True  # 2430: another payer's adjudication of this line
        except SegmentError as error:
            if claim is None:
                level_problems[level] = error.problem
            else:
                claim.problem = error.problem
    for parsed in claims:
        if parsed.problem is None:
            parsed.problem = _check(parsed)
    return claims


def _reference(party: Party, seg: list[str]) -> None:
    qualifier, value = seg[1], seg[2].strip()
    if qualifier in ("EI", "SY", "TJ"):
        party.tax_id = party.tax_id or value
    party.references.setdefault(qualifier, value)


def _read_clm(claim: ParsedClaim, seg: list[str], number: int, component: str) -> None:
    pcn = seg[1].strip()
    if not pcn:
        raise SegmentError("CLM01 (the patient control number) is missing.", number, "CLM", "CLM01")
    if len(pcn) > 38:
        raise SegmentError("CLM01 is longer than 38 characters.", number, "CLM", "CLM01")
    claim.patient_control_number = pcn
    claim.total_charge = money(seg, 2, number)
    if claim.total_charge < 0:
        raise SegmentError("CLM02 (the total charge) is negative.", number, "CLM", "CLM02")
    facility = composite(seg[5], component)
    claim.facility_code = facility[0][:3] if facility else ""
    if len(facility) > 2 and facility[2]:
        claim.frequency_code = facility[2][:1]


def _read_sv1(line: ParsedLine, seg: list[str], number: int, component: str) -> None:
    procedure = composite(seg[1], component)
    _procedure(line, procedure, number, "SV1", "SV101")
    line.charge = money(seg, 2, number)
    line.unit_basis = seg[3]
    line.units = quantity(seg, 4, number, ONE_UNIT) or ONE_UNIT
    line.place_of_service = seg[5][:3]
    raw = seg[7].strip()
    pointers = _pointers(raw)
    if pointers is None:
        raise SegmentError(f"{raw!r} are not diagnosis pointers (1 to 12).", number, "SV1", "SV107")
    line.diagnosis_pointers = list(pointers)


@functools.lru_cache(maxsize=1024)
def _pointers(raw: str) -> tuple[int, ...] | None:
    pointers = _POINTER_SPLIT.split(raw) if raw else []
    if not all(p.isdigit() and 1 <= int(p) <= 12 for p in pointers):
        return None
    return tuple(int(p) for p in pointers)


def _read_sv2(line: ParsedLine, seg: list[str], number: int, component: str) -> None:
    line.revenue_code = seg[1][:4]
    parts = composite(seg[2], component)
    if len(parts) > 1 and parts[1].strip():  # 837I lines may carry only a revenue code
        _procedure(line, parts, number, "SV2", "SV202")
    line.charge = money(seg, 3, number)
    line.unit_basis = seg[4]
    line.units = quantity(seg, 5, number, ONE_UNIT) or ONE_UNIT


def _procedure(line: ParsedLine, parts: Sequence[str], number: int, segment_id: str, name: str) -> None:
    if len(parts) < 2 or not parts[1].strip():
        raise SegmentError("The procedure code is missing.", number, segment_id, name)
    line.procedure_qualifier = parts[0]
    code = parts[1].strip()
    if len(code) > 5:
        raise SegmentError(
            f"{code!r} is not a CPT or HCPCS code (more than five characters).", number, segment_id, name
        )
    line.procedure_code = code
    line.modifiers = [m.strip() for m in parts[2:6] if m.strip()]


def _read_dtp(claim: ParsedClaim, line: ParsedLine | None, seg: list[str], number: int) -> None:
    qualifier, fmt, raw = (
        seg[1],
        seg[2],
        seg[3],
    )
    if qualifier == "472":
        start, end = date_or_range(fmt, raw, number, "DTP", "DTP03")
        if line is not None:
            line.service_date, line.service_date_to = start, end
        else:
            claim.claim_service_from, claim.claim_service_to = start, end
    elif qualifier == "434" and line is None:
        claim.statement_from, claim.statement_to = date_or_range(fmt, raw, number, "DTP", "DTP03")


def _read_hi(claim: ParsedClaim, seg: list[str], number: int, component: str) -> None:
    for position in range(1, len(seg)):
        if not seg[position]:
            continue  # also the padding after the last element
        parts = composite(seg[position], component)
        if len(parts) < 2 or parts[0] not in _DIAGNOSIS:
            continue
        code = parts[1].strip().replace(".", "")
        if not code:
            raise SegmentError("A diagnosis code is missing.", number, "HI", f"HI{position:02d}")
        if parts[0] in _PRINCIPAL:
            claim.diagnoses.insert(0, (parts[0], code))
        else:
            claim.diagnoses.append((parts[0], code))


def _check(claim: ParsedClaim) -> EdiProblem | None:
    """What the claim as a whole must satisfy once all its segments are read."""
    number = claim.segment_number
    if not claim.lines:
        return EdiProblem("The claim has no service lines (LX).", number, "CLM")
    if claim.the_patient is None:
        return EdiProblem("The claim has no subscriber or patient (NM1*IL / NM1*QC).", number, "CLM")
    if claim.service_dates() is None:
        return EdiProblem("The claim has no date of service (DTP*472 or DTP*434).", number, "CLM")
    line_total = sum((line.charge for line in claim.lines), ZERO)
    if line_total != claim.total_charge:
        claim.flags.append(
            f"The total charge (CLM02) {claim.total_charge} is not the sum of the line charges ({line_total})."
        )
    seen: set[int] = set()
    for line in claim.lines:
        if line.number in seen:
            return EdiProblem(f"Line number {line.number} appears twice.", line.segment_number, "LX", "LX01")
        seen.add(line.number)
        if line.charge < 0:
            return EdiProblem("The line charge is negative.", line.segment_number, "LX")
        if not line.procedure_code and not line.revenue_code:
            return EdiProblem("The service line has no procedure or revenue code.", line.segment_number, "LX")
    return None
