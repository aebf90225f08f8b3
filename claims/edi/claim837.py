"""What an 837 reading yields: the parties, claims and service lines of `claims.edi.x837`,
and the builders that make them fast (the reader makes hundreds of thousands)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from claims.edi.errors import EdiProblem
from claims.edi.values import ZERO

ONE_UNIT = Decimal("1.000")


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


# The readers build tens of thousands of these per file. Calling a slots dataclass costs
# more than the fields it stores: the type call, then the generated __init__ sorting out
# keyword and default arguments. These build the same objects by storing each field
# directly; test_edi_parser holds each equal to the dataclass call, field for field.
_new = object.__new__


def new_party(
    entity: str, last_name: str, first_name: str, middle_name: str, id_qualifier: str, identifier: str
) -> Party:
    """`Party(entity, last_name, first_name, middle_name, id_qualifier, identifier)`."""
    party: Party = _new(Party)
    party.entity = entity
    party.last_name = last_name
    party.first_name = first_name
    party.middle_name = middle_name
    party.id_qualifier = id_qualifier
    party.identifier = identifier
    party.address = []
    party.city = ""
    party.state = ""
    party.postal_code = ""
    party.date_of_birth = None
    party.sex = ""
    party.tax_id = ""
    party.references = {}
    return party


def new_line(number: int, segment_number: int) -> ParsedLine:
    """`ParsedLine(number, segment_number)`."""
    line: ParsedLine = _new(ParsedLine)
    line.number = number
    line.segment_number = segment_number
    line.procedure_qualifier = ""
    line.procedure_code = ""
    line.modifiers = []
    line.charge = ZERO
    line.units = ONE_UNIT
    line.unit_basis = ""
    line.place_of_service = ""
    line.diagnosis_pointers = []
    line.service_date = None
    line.service_date_to = None
    line.revenue_code = ""
    line.line_control_number = ""
    line.ndc = ""
    line.rendering_provider = None
    return line


def new_claim(
    segment_number: int,
    claim_type: str,
    billing_provider: Party | None,
    pay_to: Party | None,
    payer: Party | None,
    subscriber: Party | None,
    patient: Party | None,
    relationship: str,
    claim_filing_indicator: str,
    payer_responsibility: str,
) -> ParsedClaim:
    """`ParsedClaim(segment_number, claim_type, billing_provider=…, pay_to=…, payer=…,
    subscriber=…, patient=…, relationship=…, claim_filing_indicator=…, payer_responsibility=…)`."""
    claim: ParsedClaim = _new(ParsedClaim)
    claim.segment_number = segment_number
    claim.claim_type = claim_type
    claim.patient_control_number = ""
    claim.total_charge = ZERO
    claim.facility_code = ""
    claim.frequency_code = "1"
    claim.prior_authorization_number = ""
    claim.referral_number = ""
    claim.original_reference = ""
    claim.diagnoses = []
    claim.statement_from = None
    claim.statement_to = None
    claim.claim_service_from = None
    claim.claim_service_to = None
    claim.lines = []
    claim.billing_provider = billing_provider
    claim.pay_to = pay_to
    claim.rendering_provider = None
    claim.attending_provider = None
    claim.subscriber = subscriber
    claim.patient = patient
    claim.relationship = relationship
    claim.payer = payer
    claim.claim_filing_indicator = claim_filing_indicator
    claim.payer_responsibility = payer_responsibility
    claim.problem = None
    claim.flags = []
    return claim
