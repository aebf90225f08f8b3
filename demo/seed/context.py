"""What the seed steps share: the actor they write as, counts of what they created, and
the objects of one clinic that later steps build on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models

from clinics.audit import Actor
from clinics.models import Clinic, Patient, Provider
from clinics.services import object_save
from contracts.models import Contract, Payer, PayerPlan
from demo.seed.data import ClinicSpec
from scheduling.models import VisitType


@dataclass
class Seed:
    actor: Actor = field(default_factory=lambda: Actor.system("seed_demo"))
    created: Counter[str] = field(default_factory=Counter)

    def save(self, instance: models.Model) -> Any:
        """Create a row through the audited generic service and count it."""
        saved = object_save(actor=self.actor, instance=instance)
        self.count(instance)
        return saved

    def count(self, instance: models.Model) -> None:
        self.created[str(instance._meta.verbose_name_plural)] += 1


@dataclass
class ClinicData:
    spec: ClinicSpec
    clinic: Clinic
    anchor: date  # "today" of the demo: the day the clinic was first seeded
    users: dict[str, Any] = field(default_factory=dict)  # role key (admin/biller/frontdesk) → user
    providers: list[Provider] = field(default_factory=list)  # in spec order
    visit_types: dict[str, VisitType] = field(default_factory=dict)
    patients: list[Patient] = field(default_factory=list)  # in MRN order
    payers: dict[str, Payer] = field(default_factory=dict)  # spec key → payer
    plans: dict[str, list[PayerPlan]] = field(default_factory=dict)
    contracts: dict[str, Contract] = field(default_factory=dict)
    api_key: str = ""
    api_key_usable: bool = True
    fhir_source_id: str = ""
    fhir_secret: str = ""
    widget_key: str = ""
