"""Real X12 through the real importer: an 837 from the public test data and the 835 written
for the demo to answer it (files in `demo/x12/`, sources in its README).

The 837 holds three professional claims billed to two payers. The seed first gives the
clinic those payers (by the payer ids the file uses) and a 2005-2006 contract with each, so
that posting the 835 can price the paid lines; then it imports both files with
`claims.services`, exactly as an upload would. The 835 pays claim 26463774 in full by the
contract (CO-45 write-downs, PR-3 copays), denies claim 26407789 for timely filing (CO-29:
billed a year after the visit), and on claim 26462967 denies one line as bundled (CO-97 with
RARC M15) and pays 99214 six dollars under the contract: an underpayment.

Idempotent: payers by payer id, contracts by name, files by their SHA-256 (the importer's
own rule); a second run finds them and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from claims.models import EdiFile
from claims.services import edi_file_import, edi_file_receive, edi_file_validation_queue
from clinics.models import Patient
from clinics.services import patient_create
from contracts.models import Contract, FeeScheduleLine, Payer
from demo.seed.context import ClinicData, Seed

D = Decimal
FILES = Path(__file__).resolve().parent.parent / "x12"
# Claims first, then the remittance that answers them (its payments are matched on import).
CLAIMS_FILE = "oopfactory__837P__5010_Example1_2_And_3_Combined.txt"
REMITTANCE_FILE = "demo__remittance_for_Example1_2_And_3_Combined.835"
CLINIC = "maple"  # the clinic whose billing office received these files
CONTRACT_FROM, CONTRACT_TO = date(2005, 1, 1), date(2006, 12, 31)


@dataclass(frozen=True)
class X12Payer:
    payer_id: str  # as the 837 names it (NM1*PR NM109) and the 835 (REF*2U)
    name: str
    appeal_address: tuple[str, str, str, str]
    appeal_deadline_days: int
    timely_filing_days: int
    fixed: dict[str, Decimal]  # the codes the 837 bills, at a fixed allowed amount
    percent_of_medicare: Decimal  # every other office visit, a percent of the clinic's Medicare schedule


PAYERS = (
    X12Payer(
        payer_id="999996666", name="KEY INSURANCE COMPANY",
        appeal_address=("Provider Appeals, PO Box 1000", "Miami", "FL", "33101"),
        appeal_deadline_days=180, timely_filing_days=365,
        fixed={"99213": D("31.00"), "99214": D("33.00"), "87070": D("11.00"), "86663": D("8.50"),
               "90782": D("12.00"), "J3301": D("16.00")},
        percent_of_medicare=D("115.00"),
    ),
    X12Payer(
        payer_id="741234", name="ALLIANCE HEALTH AND LIFE INSURANCE",
        appeal_address=("Claims Department, PO Box 2000", "Miami", "FL", "33102"),
        appeal_deadline_days=90, timely_filing_days=180,
        fixed={"99213": D("33.00"), "99214": D("34.00"), "87070": D("12.00"), "87072": D("12.00"),
               "86663": D("9.00")},
        percent_of_medicare=D("110.00"),
    ),
)
# Office visits priced as a percent of Medicare when the contract names no fixed amount.
PERCENT_CODES = ("99202", "99203", "99204", "99205", "99211", "99212", "99215")
# The patients of the 837's claims (name and date of birth as the file has them): the
# clinic knows them already, with chart numbers, so the import finds them.
PATIENTS = (
    ("MSF900001", "Ted", "Smith", date(1973, 5, 1)),
    ("MSF900002", "Ted", "Smith", date(1943, 5, 1)),
)


def ensure_x12(seed: Seed, data: ClinicData) -> None:
    if data.spec.slug != CLINIC:
        return
    _ensure_patients(seed, data)
    _ensure_payers(seed, data)
    for name in (CLAIMS_FILE, REMITTANCE_FILE):
        _import(seed, data, name)


def _ensure_patients(seed: Seed, data: ClinicData) -> None:
    known = set(Patient.objects.filter(clinic=data.clinic, mrn__in=[p[0] for p in PATIENTS]).values_list(
        "mrn", flat=True
    ))
    for mrn, first, last, born in PATIENTS:
        if mrn not in known:
            seed.count(patient_create(
                actor=seed.actor, clinic=data.clinic, mrn=mrn, first_name=first, last_name=last, date_of_birth=born,
                sex=Patient.Sex.MALE, address_line1="236 N Main St", city="Miami", state="FL", postal_code="33413",
            ))


def _ensure_payers(seed: Seed, data: ClinicData) -> None:
    ids = [spec.payer_id for spec in PAYERS]
    existing = {p.payer_id: p for p in Payer.objects.filter(clinic=data.clinic, payer_id__in=ids)}
    for spec in PAYERS:
        payer = existing.get(spec.payer_id)
        if payer is None:
            line1, city, state, postal_code = spec.appeal_address
            payer = seed.save(Payer(
                clinic=data.clinic, name=spec.name, payer_id=spec.payer_id, payer_type=Payer.PayerType.COMMERCIAL,
                appeal_address_line1=line1, appeal_city=city, appeal_state=state, appeal_postal_code=postal_code,
                timely_filing_days=spec.timely_filing_days, appeal_deadline_days=spec.appeal_deadline_days,
            ))
        name = f"{spec.name.title()} fee schedule 2005-2006"
        if not Contract.objects.filter(clinic=data.clinic, payer=payer, name=name).exists():
            _create_contract(seed, data, spec, payer, name)


def _create_contract(seed: Seed, data: ClinicData, spec: X12Payer, payer: Payer, name: str) -> None:
    contract: Contract = seed.save(Contract(
        clinic=data.clinic, payer=payer, name=name, line_of_business=Contract.LineOfBusiness.COMMERCIAL,
        effective_from=CONTRACT_FROM, effective_to=CONTRACT_TO, base_contract=data.contracts["medicare"],
        default_percent_of_base=spec.percent_of_medicare,
        notes="The contract of the demo's imported X12 files (demo/x12/).",
    ))
    for code, amount in spec.fixed.items():
        seed.save(FeeScheduleLine(clinic=data.clinic, contract=contract, code=code, allowed_amount=amount))
    for code in PERCENT_CODES:
        seed.save(FeeScheduleLine(
            clinic=data.clinic, contract=contract, code=code, percent_of_base=spec.percent_of_medicare
        ))


def _import(seed: Seed, data: ClinicData, name: str) -> None:
    edi_file, created = edi_file_receive(
        clinic=data.clinic, name=name, content=(FILES / name).read_bytes(), source=EdiFile.Source.DEMO,
        actor=seed.actor,
    )
    if not created:
        return
    seed.count(edi_file)
    edi_file = edi_file_import(clinic=data.clinic, edi_file=edi_file, actor=seed.actor)
    if settings.EDI_VALIDATE_837 and edi_file.kind == EdiFile.Kind.CLAIMS:
        # As after an upload: pyx12's check runs once the seed commits (for this file it
        # reports that pyx12 4.0 has no map for 005010X222; the import does not care).
        edi_file_validation_queue(clinic=data.clinic, edi_file=edi_file, actor=seed.actor)
