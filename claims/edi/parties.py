"""Finding or creating the patients, providers and payers an X12 file names, in bulk: a
few queries per batch of claims, never one per claim.

- Payers by payer id (NM109 / REF*2U / N104), else by name; created when missing.
- Providers by NPI; created (inactive: not bookable until staff say so) when missing and the
  NPI passes its check digit (an NPI that fails is flagged on the claim, no provider linked).
- Patients by last name, first name and date of birth (case-insensitive); created when
  missing. A patient without a date of birth cannot be created: that claim is rejected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from claims.edi.bulk import bulk_insert
from claims.edi.claim837 import Party
from clinics.models import Clinic, Patient, Provider
from clinics.validators import npi_is_valid
from contracts.models import Payer

SEX = {"F": Patient.Sex.FEMALE, "M": Patient.Sex.MALE, "U": Patient.Sex.UNKNOWN}


def _name(value: str, limit: int = 100) -> str:
    return value.strip()[:limit]


def person_key(last: str, first: str, dob: dt.date | None) -> tuple[str, str, dt.date | None]:
    return last.strip().casefold(), first.strip().casefold(), dob


class PayerDirectory:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic
        self.by_id: dict[str, Payer] = {}
        self.by_name: dict[str, Payer] = {}
        self.created = 0

    def load(self, identifiers: Iterable[str], names: Iterable[str]) -> None:
        ids = {i for i in identifiers if i}
        for payer in Payer.objects.filter(clinic=self.clinic, payer_id__in=ids):
            self.by_id[payer.payer_id] = payer
        wanted = {n.casefold() for n in names if n}
        if wanted:
            for payer in Payer.objects.filter(clinic=self.clinic).only(
                "id", "name", "payer_id", "appeal_deadline_days", "clinic_id"
            ):
                if payer.name.casefold() in wanted:
                    self.by_name.setdefault(payer.name.casefold(), payer)

    def get(self, identifier: str, name: str) -> Payer:
        identifier = identifier.strip()[:80]
        if identifier and identifier in self.by_id:
            return self.by_id[identifier]
        key = name.strip().casefold()
        if not identifier and key in self.by_name:
            return self.by_name[key]
        payer = Payer.objects.create(
            clinic=self.clinic, name=_name(name or identifier or "Unknown payer", 200), payer_id=identifier
        )
        self.created += 1
        if identifier:
            self.by_id[identifier] = payer
        self.by_name.setdefault(key, payer)
        return payer


class ProviderDirectory:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic
        self.by_npi: dict[str, Provider] = {}
        self.new: list[Provider] = []

    def load(self, npis: Iterable[str]) -> None:
        wanted = {n for n in npis if n}
        for provider in Provider.objects.filter(clinic=self.clinic, npi__in=wanted):
            self.by_npi[provider.npi] = provider

    def get(self, party: Party | None) -> tuple[Provider | None, str]:
        """The provider, and a flag when the NPI cannot be used."""
        if party is None or not party.npi:
            return None, ""
        npi = party.npi
        if npi in self.by_npi:
            return self.by_npi[npi], ""
        if not npi_is_valid(npi):
            return None, f"NPI {npi} ({party.last_name or 'provider'}) fails its check digit: no provider linked."
        provider = Provider(
            clinic=self.clinic,
            npi=npi,
            last_name=_name(party.last_name or "Provider"),
            first_name=_name(party.first_name),
            status=Provider.Status.ACTIVE,
            accepting_new_patients=False,
        )
        self.by_npi[npi] = provider
        self.new.append(provider)
        return provider, ""

    def save_new(self) -> int:
        count = len(self.new)
        if self.new:
            bulk_insert(Provider, self.new)
            self.new = []
        return count


class PatientDirectory:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic
        self.by_key: dict[tuple[str, str, dt.date | None], Patient] = {}
        self.new: list[Patient] = []

    def load(self, parties: Iterable[Party]) -> None:
        people = [p for p in parties if p.last_name and p.date_of_birth is not None]
        wanted = list({p.last_name.strip().upper() for p in people})
        births = list({p.date_of_birth for p in people})
        # Names are matched case-insensitively below; the query narrows by the upper-case
        # form X12 files use, by the name as written, and by the dates of birth (a patient
        # always has one, so a party without one matches nobody): names alone would read
        # every SMITH of the clinic for each batch.
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = Patient.objects.filter(
                clinic=self.clinic, last_name__in=chunk + [n.title() for n in chunk], date_of_birth__in=births
            )
            for patient in query.only("id", "first_name", "last_name", "date_of_birth", "clinic_id"):
                self.by_key.setdefault(
                    person_key(patient.last_name, patient.first_name, patient.date_of_birth), patient
                )

    def get(self, party: Party) -> Patient | None:
        key = person_key(party.last_name, party.first_name, party.date_of_birth)
        if key in self.by_key:
            return self.by_key[key]
        if party.date_of_birth is None:
            return None
        patient = Patient(
            clinic=self.clinic,
            last_name=_name(party.last_name),
            first_name=_name(party.first_name),
            date_of_birth=party.date_of_birth,
            sex=SEX.get(party.sex, Patient.Sex.UNKNOWN),
            address_line1=_name(party.address[0], 200) if party.address else "",
            address_line2=_name(party.address[1], 200) if len(party.address) > 1 else "",
            city=_name(party.city),
            state=_name(party.state, 50),
            postal_code=_name(party.postal_code, 20),
        )
        self.by_key[key] = patient
        self.new.append(patient)
        return patient

    def save_new(self) -> int:
        count = len(self.new)
        if self.new:
            bulk_insert(Patient, self.new)
            self.new = []
        return count
