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
from decimal import Decimal

from claims.edi.claim837 import ONE_UNIT, ParsedClaim, ParsedLine, Party, new_claim, new_line, new_party
from claims.edi.envelope import PADDING, Delimiters, Transaction
from claims.edi.errors import EdiProblem, SegmentError
from claims.edi.values import ZERO, composite, date, date_or_range, money, plain_money, quantity

PROFESSIONAL = "professional"
INSTITUTIONAL = "institutional"

# HI qualifiers that carry diagnoses, principal first. "AB…" are ICD-10-CM, the rest ICD-9-CM.
_PRINCIPAL = {"ABK", "BK"}
_DIAGNOSIS = {"ABK", "BK", "ABF", "BF", "ABJ", "BJ", "APR", "PR", "ABN", "BN"}
ICD10_QUALIFIERS = {"ABK", "ABF", "ABJ", "APR", "ABN"}


def claim_type_of(transaction: Transaction, version: str, element: str) -> str | None:
    """Professional or institutional from the implementation guide, or from the first
    service line when the guide is not named (de-identified files); None for dental."""
    guide = (transaction.implementation or version).upper()
    if "X222" in guide or "X098" in guide:
        return PROFESSIONAL
    if "X223" in guide or "X096" in guide:
        return INSTITUTIONAL
    if "X224" in guide or "X097" in guide:
        return None
    for text in transaction.segments:
        tag = text.split(element, 1)[0]
        if tag == "SV1":
            return PROFESSIONAL
        if tag == "SV2":
            return INSTITUTIONAL
        if tag == "SV3":
            return None
    return PROFESSIONAL


def _party(seg: list[str]) -> Party:
    return new_party(seg[1], seg[3].strip(), seg[4].strip(), seg[5].strip(), seg[8].strip(), seg[9].strip())


# Pointers are separated by ISA16; some senders use another punctuation mark.
_POINTER_SPLIT = re.compile(r"[^0-9A-Za-z.]")

_CLAIM_PROVIDERS = {"82", "71", "72", "77", "DN", "DK", "DQ", "ZZ", "QB", "FA", "PW", "45", "GB", "TL", "DD"}

# What an SV1 sets on its line, in this order (the lists as tuples, copied for each line).
_LineFields = tuple[str, str, tuple[str, ...], Decimal, str, Decimal, str, tuple[int, ...]]


def parse_837(transaction: Transaction, delimiters: Delimiters, version: str = "") -> list[ParsedClaim]:
    """The claims of one 837 transaction set, each with its problem if it has one.

    Large files repeat most of their segments word for word (a payer's NM1, a service
    line's SV1, a date, a claim's diagnoses): each distinct segment text is split, and its
    values read, once, and what it yields is reused for its repeats. A segment whose
    values are wrong is read afresh each time, so its problem names its own number."""
    element, component = delimiters.element, delimiters.component
    claim_type = claim_type_of(transaction, version, element)
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
    broken = False  # the claim has a problem: the rest of it is skipped up to the next CLM or HL
    line: ParsedLine | None = None
    current: Party | None = None  # the party N3/N4/DMG/REF belong to
    in_cob = False  # inside 2320/2330 or 2430: other payers' data, not this claim's
    # A bad segment in a provider, subscriber or patient loop breaks the claims under that HL.
    level_problems: dict[str, EdiProblem] = {}
    level = ""
    number = transaction.first_number
    split: dict[str, list[str]] = {}  # segment text -> its elements, padded
    lines_read: dict[str, _LineFields] = {}  # SV1 text -> what it sets on a line
    dates_read: dict[str, tuple[dt.date, dt.date]] = {}  # DTP text -> its dates
    diagnoses_read: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}  # HI text -> its codes

    split_get = split.get
    for text in transaction.segments:
        number += 1
        seg = split_get(text)
        if seg is None:
            seg = text.split(element)
            seg += PADDING
            split[text] = seg
        tag = seg[0]
        if broken and tag != "CLM" and tag != "HL":
            continue
        try:
            # The most frequent segments first; each branch keeps the loop it belongs to.
            if tag == "DTP":
                if claim is None or in_cob:
                    continue
                qualifier = seg[1]
                if qualifier == "472" or (qualifier == "434" and line is None):
                    span = dates_read.get(text)
                    if span is None:
                        span = date_or_range(seg[2], seg[3], number, "DTP", "DTP03")
                        dates_read[text] = span
                    if qualifier == "434":
                        claim.statement_from, claim.statement_to = span
                    elif line is not None:
                        line.service_date, line.service_date_to = span
                    else:
                        claim.claim_service_from, claim.claim_service_to = span
            elif tag == "SV1":
                if claim is None or in_cob:
                    continue
                if line is None:
                    raise SegmentError("SV1 before its LX.", number, "SV1")
                fields = lines_read.get(text)
                if fields is None:
                    _read_sv1(line, seg, number, component)
                    lines_read[text] = (
                        line.procedure_qualifier,
                        line.procedure_code,
                        tuple(line.modifiers),
                        line.charge,
                        line.unit_basis,
                        line.units,
                        line.place_of_service,
                        tuple(line.diagnosis_pointers),
                    )
                else:
                    (
                        line.procedure_qualifier,
                        line.procedure_code,
                        modifiers,
                        line.charge,
                        line.unit_basis,
                        line.units,
                        line.place_of_service,
                        pointers,
                    ) = fields
                    line.modifiers = [*modifiers]
                    line.diagnosis_pointers = [*pointers]
            elif tag == "LX":
                if claim is None:
                    continue
                in_cob = False
                current = None
                try:
                    line_number = int(seg[1])
                except ValueError:
                    raise SegmentError(f"{seg[1]!r} is not a line number.", number, "LX", "LX01") from None
                line = new_line(line_number, number)
                claim.lines.append(line)
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
            elif tag == "HL":
                claim = line = current = None
                broken = in_cob = False
                level = seg[3]
                if level_problems:
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
            elif tag == "CLM":
                claim = new_claim(
                    number,
                    claim_type,
                    billing,
                    pay_to,
                    payer,
                    subscriber,
                    patient,
                    relationship,
                    filing,
                    responsibility,
                )
                claims.append(claim)
                line = current = None
                broken = in_cob = False
                if level_problems:
                    claim.problem = next(iter(level_problems.values()))
                    broken = True
                    continue
                _read_clm(claim, seg, number, component)
            elif tag == "HI":
                if claim is None or in_cob or line is not None:
                    continue
                codes = diagnoses_read.get(text)
                if codes is None:
                    found: list[tuple[str, str]] = []
                    try:
                        _read_hi(found, seg, number, component)
                    except SegmentError:
                        _read_hi(claim.diagnoses, seg, number, component)  # what it adds before it fails
                        raise
                    principal = sum(1 for qualifier, _ in found if qualifier in _PRINCIPAL)
                    codes = diagnoses_read[text] = (found[:principal], found[principal:])
                if codes[0]:
                    claim.diagnoses[0:0] = codes[0]
                claim.diagnoses.extend(codes[1])
            elif tag == "SBR":
                if claim is None:
                    responsibility = seg[1]
                    relationship = seg[2]
                    filing = seg[9]
                else:
                    in_cob = True  # 2320: another payer of this claim
                    line = None
            elif tag == "DMG":
                if current is not None and seg[2]:
                    current.date_of_birth = date(seg[2], number, "DMG", "DMG02")
                    current.sex = seg[3]
            elif tag == "N3":
                if current is not None:
                    current.address = [value.strip() for value in seg[1:3] if value.strip()]
            elif tag == "N4":
                if current is not None:
                    current.city = seg[1].strip()
                    current.state = seg[2].strip()
                    current.postal_code = seg[3].strip()
            elif tag == "REF":
                if claim is None or in_cob:
                    if claim is None and current is not None:
                        _reference(current, seg)
                elif current is not None:
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
            elif tag == "PAT":
                if claim is None:
                    relationship = seg[1] or relationship
            elif claim is None or in_cob:
                continue
            elif tag == "SV2":
                if line is None:
                    raise SegmentError("SV2 before its LX.", number, "SV2")
                _read_sv2(line, seg, number, component)
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
                broken = True
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
    charge = plain_money(seg[2])  # each claim has its own total: without `money`'s checks when plain
    claim.total_charge = charge if charge is not None else money(seg, 2, number)
    if claim.total_charge < ZERO:
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


def _read_hi(diagnoses: list[tuple[str, str]], seg: list[str], number: int, component: str) -> None:
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
            diagnoses.insert(0, (parts[0], code))
        else:
            diagnoses.append((parts[0], code))


def _check(claim: ParsedClaim) -> EdiProblem | None:
    """What the claim as a whole must satisfy once all its segments are read."""
    lines = claim.lines
    if not lines:
        return EdiProblem("The claim has no service lines (LX).", claim.segment_number, "CLM")
    if claim.patient is None and claim.subscriber is None:
        return EdiProblem("The claim has no subscriber or patient (NM1*IL / NM1*QC).", claim.segment_number, "CLM")
    # One pass over the lines; their first problem counts only after the claim's date check.
    line_total = ZERO
    dated = False
    line_problem = None
    seen: set[int] = set()
    for line in lines:
        line_total += line.charge
        if line.service_date is not None:
            dated = True
        if line_problem is None:
            if line.number in seen:
                line_problem = EdiProblem(
                    f"Line number {line.number} appears twice.", line.segment_number, "LX", "LX01"
                )
            elif line.charge < ZERO:
                line_problem = EdiProblem("The line charge is negative.", line.segment_number, "LX")
            elif not line.procedure_code and not line.revenue_code:
                line_problem = EdiProblem(
                    "The service line has no procedure or revenue code.", line.segment_number, "LX"
                )
            seen.add(line.number)
    if (
        not dated
        and (claim.statement_from is None or claim.statement_to is None)
        and (claim.claim_service_from is None or claim.claim_service_to is None)
    ):
        return EdiProblem("The claim has no date of service (DTP*472 or DTP*434).", claim.segment_number, "CLM")
    if line_total != claim.total_charge:
        claim.flags.append(
            f"The total charge (CLM02) {claim.total_charge} is not the sum of the line charges ({line_total})."
        )
    return line_problem
