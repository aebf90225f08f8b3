"""X12 files for the demo: a real 837 and 835 from the test fixtures (whose payments match
no demo claim, so the unmatched-payment queue has work), and a generated 837 with the 835
that answers it (matched payments, contractual write-downs, denials with their CARC
categories). Imported through the same service as an upload; a second run finds each file
by its SHA-256 and changes nothing."""

from __future__ import annotations

from pathlib import Path

from claims.edi.generate import make_claims, render_835, render_837
from claims.models import EdiFile
from claims.services import edi_file_import, edi_file_receive
from clinics.audit import Actor
from demo.seed.context import ClinicData

FIXTURES = Path(__file__).resolve().parents[2] / "claims" / "tests" / "fixtures" / "x12"
REAL_FILES = ("837/lfh__demo.837", "835/lfh__medicare-part-a.835")


def ensure_edi_files(data: ClinicData) -> None:
    actor = Actor.system("seed_demo")
    files: list[tuple[str, bytes]] = []
    for name in REAL_FILES:
        path = FIXTURES / name
        if path.exists():
            files.append((path.name, path.read_bytes()))
    claims = make_claims(30, seed=11, prefix=f"{data.spec.code}-EDI")
    files.append((f"{data.spec.code.lower()}-claims.837", render_837(claims).encode()))
    files.append(
        (f"{data.spec.code.lower()}-remittance.835", render_835(claims, trace=f"{data.spec.code}EDI1").encode())
    )
    for name, content in files:
        edi_file, _ = edi_file_receive(
            clinic=data.clinic, name=name, content=content, source=EdiFile.Source.DEMO, actor=actor
        )
        edi_file_import(clinic=data.clinic, edi_file=edi_file, actor=actor)
