"""The demo data set: two clinics with staff, providers, patients, payers and contracts,
three weeks of visits and the claims, remittances, denials and appeals that follow.

Idempotent: every row has a natural key (slug, username, NPI, MRN, payer id, contract
name, appointment external id, claim number, remittance trace number) and is created
only when missing, through the services, as `Actor.system("seed_demo")`. All dates
count from the day a clinic was first seeded, so a second run finds everything present
and writes nothing.
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from demo.seed.billing import ensure_billing
from demo.seed.context import ClinicData, Seed
from demo.seed.data import CLINICS
from demo.seed.payers import ensure_payers
from demo.seed.people import ensure_patients, ensure_providers, ensure_visit_types
from demo.seed.schedule import ensure_appointments
from demo.seed.tenants import ensure_clinic, ensure_superuser


def seed_demo() -> tuple[list[ClinicData], Counter[str]]:
    """Create whatever is missing of the demo; return the clinics and counts of new rows."""
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
            ensure_appointments(seed, data)
            ensure_billing(seed, data)
            clinics.append(data)
    return clinics, seed.created
