"""The demo data set: two clinics with staff, providers, patients, payers and contracts,
booking options, closures and time off, three weeks of visits and the claims,
remittances, denials and appeals that follow; and, for one clinic, a real 837 with the 835
that answers it, imported through the X12 importer (`demo.seed.x12`).

Idempotent: every row has a natural key (slug, username, NPI, MRN, payer id, contract
name, appointment external id, claim number, remittance trace number) and is created
only when missing, through the services, as `Actor.system("seed_demo")`; X12 files are
imported once, by their SHA-256. All dates count from the day a clinic was first seeded
(the X12 files carry their own), so a second run finds everything present and writes
nothing.
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from demo.seed.billing import ensure_billing
from demo.seed.closures import ensure_scheduling
from demo.seed.context import ClinicData, Seed
from demo.seed.data import CLINICS
from demo.seed.fhir import ensure_fhir_source
from demo.seed.payers import ensure_payers
from demo.seed.people import ensure_patients, ensure_providers, ensure_visit_types
from demo.seed.schedule import ensure_appointments
from demo.seed.tenants import ensure_clinic, ensure_superuser
from demo.seed.widget import ensure_widget
from demo.seed.x12 import ensure_x12


def seed_demo(*, origins: list[str] | None = None) -> tuple[list[ClinicData], Counter[str]]:
    """Create whatever is missing of the demo; return the clinics and counts of new rows.
    `origins`: where the demo widget page is served from (default: port 8000)."""
    seed = Seed()
    clinics = []
    # One transaction: a failure leaves nothing half-seeded, and SQLite commits once.
    with transaction.atomic():
        ensure_superuser(seed)
        for spec in CLINICS:
            data = ensure_clinic(seed, spec)
            ensure_providers(seed, data)
            ensure_visit_types(seed, data)
            ensure_patients(seed, data)
            ensure_payers(seed, data)
            ensure_scheduling(seed, data)
            ensure_appointments(seed, data)
            ensure_billing(seed, data)
            ensure_x12(seed, data)
            ensure_fhir_source(seed, data)
            ensure_widget(seed, data, origins)
            clinics.append(data)
    return clinics, seed.created
