"""Synthetic 837P files and the 835s that answer them, for the benchmark, tests and the
demo. Deterministic for a given seed. Every remittance balances: each line's charge =
paid + its adjustments, and BPR02 = claim payments - PLB.

Fates of a claim: paid (CO-45 contractual write-down, PR-2 coinsurance), one line denied
(CO-50 medical necessity, CO-197 authorization, CO-97 bundled, CO-16 missing information),
or the whole claim denied (CLP02 = 4).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

CENT = Decimal("0.01")
CODES = [
    ("99213", Decimal("150.00")),
    ("99214", Decimal("210.00")),
    ("36415", Decimal("25.00")),
    ("85025", Decimal("40.00")),
    ("93000", Decimal("90.00")),
    ("G0439", Decimal("180.00")),
    ("J3301", Decimal("30.00")),
    ("81002", Decimal("15.00")),
]
DIAGNOSES = ["E119", "I10", "J069", "M545", "Z0000", "R051", "K219", "F419"]
DENIALS = ["50", "197", "97", "16"]
FIRST = ["MARIA", "JAMES", "LINDA", "ROBERT", "AIKO", "JOSE", "FATIMA", "CHEN", "OLIVIA", "NOAH", "ZOË", "RENÉ"]
LAST = ["GARCIA", "SMITH", "NGUYEN", "JOHNSON", "TANAKA", "LOPEZ", "OKAFOR", "WANG", "MÜLLER", "BROWN"]


@dataclass
class GenLine:
    code: str
    charge: Decimal
    paid: Decimal = Decimal("0.00")
    adjustments: list[tuple[str, str, Decimal]] = field(default_factory=list)


@dataclass
class GenClaim:
    pcn: str
    last: str
    first: str
    dob: dt.date
    member_id: str
    service_date: dt.date
    diagnoses: list[str]
    lines: list[GenLine]
    status: str = "1"

    @property
    def charge(self) -> Decimal:
        return sum((line.charge for line in self.lines), Decimal("0.00"))

    @property
    def paid(self) -> Decimal:
        return sum((line.paid for line in self.lines), Decimal("0.00"))

    @property
    def patient_responsibility(self) -> Decimal:
        return sum((a for line in self.lines for g, _, a in line.adjustments if g == "PR"), Decimal("0.00"))


PAYER_ID = "NUVAE01"
PAYER_NAME = "NUVAE DEMO HEALTH PLAN"
BILLING_NPI = "1234567893"


def make_claims(
    count: int, *, seed: int = 7, start: dt.date = dt.date(2026, 3, 2), prefix: str = "GEN"
) -> list[GenClaim]:
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    claims = []
    for index in range(count):
        lines = [GenLine(code, charge) for code, charge in rng.sample(CODES, rng.randint(1, 4))]
        claim = GenClaim(
            pcn=f"{prefix}{index:07d}",
            last=rng.choice(LAST),
            first=rng.choice(FIRST),
            dob=dt.date(1940 + rng.randint(0, 60), rng.randint(1, 12), rng.randint(1, 28)),
            member_id=f"M{rng.randint(10**8, 10**9 - 1)}",
            service_date=start + dt.timedelta(days=index % 60),
            diagnoses=rng.sample(DIAGNOSES, 2),
            lines=lines,
        )
        fate = rng.random()
        for number, line in enumerate(lines):
            if fate < 0.08:  # the whole claim denied
                claim.status = "4"
                line.adjustments.append(("CO", "50", line.charge))
            elif fate < 0.25 and number == 0:
                line.adjustments.append(("CO", rng.choice(DENIALS), line.charge))
            else:
                allowed = (line.charge * Decimal("0.80")).quantize(CENT)
                coinsurance = (allowed * Decimal("0.20")).quantize(CENT)
                line.paid = allowed - coinsurance
                line.adjustments.append(("CO", "45", line.charge - allowed))
                line.adjustments.append(("PR", "2", coinsurance))
        claims.append(claim)
    return claims


def _envelope(kind: str, body: list[str], control: int, version: str) -> str:
    functional = "HC" if kind == "837" else "HP"
    segments = [
        "ISA*00*          *00*          *ZZ*NUVAECLINIC    *ZZ*NUVAEPAYER     *260401*1200*^*00501*"
        f"{control:09d}*0*T*:",
        f"GS*{functional}*NUVAECLINIC*NUVAEPAYER*20260401*1200*{control}*X*{version}",
        f"ST*{kind}*0001*{version}",
        *body,
        f"SE*{len(body) + 2}*0001",
        f"GE*1*{control}",
        f"IEA*1*{control:09d}",
    ]
    return "~\n".join(segments) + "~\n"


def render_837(claims: list[GenClaim], *, control: int = 1, billing_npi: str = BILLING_NPI) -> str:
    body = [
        "BHT*0019*00*NUVAE1*20260401*1200*CH",
        "NM1*41*2*NUVAE DEMO CLINIC*****46*NUVAECLINIC",
        "PER*IC*BILLING OFFICE*TE*5555550100",
        f"NM1*40*2*{PAYER_NAME}*****46*{PAYER_ID}",
        "HL*1**20*1",
        f"NM1*85*2*NUVAE DEMO CLINIC*****XX*{billing_npi}",
        "N3*100 MAIN STREET",
        "N4*SPRINGFIELD*IL*62701",
        "REF*EI*123456789",
    ]
    for number, claim in enumerate(claims, start=2):
        body += [
            f"HL*{number}*1*22*0",
            "SBR*P*18*GROUP1******CI",
            f"NM1*IL*1*{claim.last}*{claim.first}****MI*{claim.member_id}",
            f"DMG*D8*{claim.dob:%Y%m%d}*F",
            f"NM1*PR*2*{PAYER_NAME}*****PI*{PAYER_ID}",
            f"CLM*{claim.pcn}*{claim.charge}***11:B:1*Y*A*Y*Y",
            "HI*" + "*".join(f"{'ABK' if i == 0 else 'ABF'}:{code}" for i, code in enumerate(claim.diagnoses)),
        ]
        for line_number, line in enumerate(claim.lines, start=1):
            body += [
                f"LX*{line_number}",
                f"SV1*HC:{line.code}*{line.charge}*UN*1***1",
                f"DTP*472*D8*{claim.service_date:%Y%m%d}",
            ]
    return _envelope("837", body, control, "005010X222A1")


def render_835(
    claims: list[GenClaim],
    *,
    control: int = 2,
    trace: str = "TRC0001",
    paid_on: dt.date = dt.date(2026, 4, 16),
    plb: Decimal = Decimal("0.00"),
) -> str:
    paid = sum((c.paid for c in claims), Decimal("0.00")) - plb
    body = [
        f"BPR*I*{paid}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*{paid_on:%Y%m%d}",
        f"TRN*1*{trace}*1512345678",
        f"DTM*405*{paid_on:%Y%m%d}",
        f"N1*PR*{PAYER_NAME}",
        f"REF*2U*{PAYER_ID}",
        f"N1*PE*NUVAE DEMO CLINIC*XX*{BILLING_NPI}",
        "LX*1",
    ]
    for number, claim in enumerate(claims):
        body += [
            f"CLP*{claim.pcn}*{claim.status}*{claim.charge}*{claim.paid}*{claim.patient_responsibility}*12*"
            f"PAYER{number:08d}*11*1",
            f"NM1*QC*1*{claim.last}*{claim.first}****MI*{claim.member_id}",
            f"DTM*232*{claim.service_date:%Y%m%d}",
        ]
        for line in claim.lines:
            body += [f"SVC*HC:{line.code}*{line.charge}*{line.paid}**1", f"DTM*472*{claim.service_date:%Y%m%d}"]
            by_group: dict[str, list[str]] = {}
            for group, reason, amount in line.adjustments:
                by_group.setdefault(group, []).append(f"{reason}*{amount}*")
            body += [f"CAS*{group}*" + "*".join(parts).rstrip("*") for group, parts in by_group.items()]
            if line.paid:
                body.append(f"AMT*B6*{line.paid + sum(a for g, _, a in line.adjustments if g == 'PR')}")
            elif line.adjustments and line.adjustments[0][1] == "16":
                body.append("LQ*HE*M76")
    if plb:
        body.append(f"PLB*{BILLING_NPI}*20261231*L6:INTEREST*{plb}")
    return _envelope("835", body, control, "005010X221A1")
