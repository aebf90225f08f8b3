"""Writing validated entries: upsert by identity, newest version wins, patients matched.

One `Engine.run` writes a set of entries with a fixed number of queries whatever their
count (load what exists, decide, then bulk create and bulk update per model), so the
database costs less than validating the same resources. The caller owns the transaction
and holds the source's row lock (`select_for_update`), which serialises deliveries of one
source: two copies of a bundle sent at once are written once, the second finding the
first's rows.

Identity: (clinic, source, type, id); failing that, a supported resource with a business
identifier (system + value) that exactly one stored resource of its type has.

Versions: a resource whose content is unchanged is left alone; an older `meta.versionId`
(numeric) or `meta.lastUpdated` than the stored one never overwrites it; otherwise the
arrival replaces the stored version (and its clinical record).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from clinics.audit import Actor
from clinics.models import Clinic, Patient
from clinics.services import object_save, object_update
from fhir_sync.ingest import fhirdata
from fhir_sync.ingest.matching import Demographics, match_patients, match_payer, providers_by_npi
from fhir_sync.ingest.projections import PROJECTORS, Projection
from fhir_sync.models import Encounter, FhirDelivery, FhirIdentifier, FhirResource, FhirSource, PatientMatchSuggestion
from fhir_sync.validation import Entry, Key, ReferenceIndex, content_hash

CREATED, UPDATED, UNCHANGED, STALE = "created", "updated", "unchanged", "stale"
_RESOURCE_UPDATE_FIELDS = [
    "version_id",
    "last_updated",
    "content_hash",
    "raw",
    "supported",
    "patient",
    "created_patient",
    "provider",
    "last_delivery",
    "updated_at",
]
_BATCH = 500


class IngestError(Exception):
    """An entry that passed validation cannot be written (the caller reports or rolls back)."""

    def __init__(self, entry: Entry, diagnostics: str) -> None:
        super().__init__(diagnostics)
        self.entry = entry
        self.diagnostics = diagnostics


@dataclass
class EntryResult:
    index: int
    key: Key
    action: str

    @property
    def status(self) -> str:
        return "201 Created" if self.action == CREATED else "200 OK"

    @property
    def location(self) -> str:
        return f"{self.key[0]}/{self.key[1]}"


@dataclass
class Report:
    results: dict[int, EntryResult] = field(default_factory=dict)
    actions: Counter[str] = field(default_factory=Counter)
    written_by_type: Counter[str] = field(default_factory=Counter)
    unsupported: set[str] = field(default_factory=set)
    patients_created: int = 0
    patients_matched: int = 0
    suggestions: int = 0

    def merge(self, other: Report) -> None:
        self.results.update(other.results)
        self.actions.update(other.actions)
        self.written_by_type.update(other.written_by_type)
        self.unsupported |= other.unsupported
        self.patients_created += other.patients_created
        self.patients_matched += other.patients_matched
        self.suggestions += other.suggestions

    def summary(self) -> dict[str, Any]:
        return {
            "created": self.actions[CREATED],
            "updated": self.actions[UPDATED],
            "unchanged": self.actions[UNCHANGED],
            "stale": self.actions[STALE],
            "written_by_type": dict(sorted(self.written_by_type.items())),
            "unsupported_types": sorted(self.unsupported),
            "patients_created": self.patients_created,
            "patients_matched": self.patients_matched,
            "match_suggestions": self.suggestions,
        }


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{name}: {' '.join(texts)}" for name, texts in exc.message_dict.items())
    return " ".join(exc.messages)


def _as_int(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() else None


def compare(resource: dict[str, Any], digest: str, stored: FhirResource) -> str:
    """UNCHANGED, STALE or UPDATED for an arriving resource against the stored version."""
    if digest == stored.content_hash:
        return UNCHANGED
    version, updated = fhirdata.version_of(resource)
    mine, theirs = _as_int(version), _as_int(stored.version_id)
    if mine is not None and theirs is not None and mine != theirs:
        return UPDATED if mine > theirs else STALE
    if updated is not None and stored.last_updated is not None and updated != stored.last_updated:
        return UPDATED if updated > stored.last_updated else STALE
    if version and version == stored.version_id and (updated is None or updated == stored.last_updated):
        return UNCHANGED  # a version is immutable: the same version id is the same resource
    return UPDATED


class Engine:
    def __init__(
        self,
        *,
        clinic: Clinic,
        source: FhirSource,
        references: ReferenceIndex,
        actor: Actor,
        delivery: FhirDelivery | None = None,
    ) -> None:
        self.clinic = clinic
        self.source = source
        self.references = references
        self.actor = actor
        self.delivery = delivery
        self.rows: dict[Key, FhirResource] = {}  # entry key or referenced key -> stored row
        self.bundle: dict[Key, Entry] = {}
        self.suggestions: list[tuple[Key, Patient, Patient, str]] = []

    # --- loading -------------------------------------------------------------------------

    def _load(self, keys: set[Key], *, with_raw: bool = False) -> None:
        wanted = {k for k in keys if k not in self.rows}
        if not wanted:
            return
        rows = FhirResource.objects.filter(
            clinic=self.clinic,
            source=self.source,
            resource_type__in={t for t, _ in wanted},
            resource_id__in={i for _, i in wanted},
        )
        if not with_raw:
            rows = rows.defer("raw")
        for row in rows:
            key = (row.resource_type, row.resource_id)
            if key in wanted:
                self.rows[key] = row

    def _match_identifiers(self, entries: list[Entry]) -> None:
        pending = [e for e in entries if e.key not in self.rows and e.supported and fhirdata.identifiers(e.resource)]
        if not pending:
            return
        values = {value for e in pending for _, value in fhirdata.identifiers(e.resource)}
        owners: dict[tuple[str, str, str], set[Any]] = {}
        for rid, rtype, system, value in FhirIdentifier.objects.filter(
            clinic=self.clinic, resource_type__in={e.resource_type for e in pending}, value__in=values
        ).values_list("resource_id", "resource_type", "system", "value"):
            owners.setdefault((rtype, system, value), set()).add(rid)
        chosen: dict[Key, Any] = {}
        taken = {row.pk for row in self.rows.values()}
        for entry in pending:
            found: set[Any] = set()
            for system, value in fhirdata.identifiers(entry.resource):
                found |= owners.get((entry.resource_type, system, value), set())
            # One stored resource per entry: when several entries of a bundle name the same
            # one, the first takes it and the others are new resources.
            if len(found) == 1 and (pk := found.pop()) not in taken:
                chosen[entry.key] = pk
                taken.add(pk)
        if chosen:
            by_pk = {row.pk: row for row in FhirResource.objects.filter(pk__in=chosen.values()).defer("raw")}
            for key, pk in chosen.items():
                if pk in by_pk:
                    self.rows[key] = by_pk[pk]

    # --- the run -------------------------------------------------------------------------

    def run(self, entries: list[Entry]) -> Report:
        report = Report()
        latest: dict[Key, Entry] = {}
        digests: dict[int, str] = {}
        for entry in entries:
            digests[entry.index] = content_hash(entry.resource)
            latest[entry.key] = entry  # a later copy of the same resource in one bundle wins
        self.bundle = latest
        for entry in entries:
            if latest[entry.key] is not entry:
                report.results[entry.index] = EntryResult(entry.index, entry.key, UNCHANGED)
        chosen = list(latest.values())
        self._load({e.key for e in chosen})
        self._match_identifiers(chosen)

        writes: list[tuple[Entry, str]] = []
        for entry in chosen:
            stored = self.rows.get(entry.key)
            action = CREATED if stored is None else compare(entry.resource, digests[entry.index], stored)
            report.results[entry.index] = EntryResult(entry.index, entry.key, action)
            if action in (CREATED, UPDATED):
                writes.append((entry, action))
            if not entry.supported:
                report.unsupported.add(entry.resource_type)
        for result in report.results.values():
            report.actions[result.action] += 1
        if not writes:
            return report

        patients = self._patients([e for e, _ in writes if e.resource_type == "Patient"], report)
        providers = providers_by_npi(
            self.clinic, {n for e, _ in writes if e.resource_type == "Practitioner" if (n := fhirdata.npi(e.resource))}
        )
        now = timezone.now()
        created_rows: list[FhirResource] = []
        updated_rows: list[FhirResource] = []
        for entry, action in writes:
            version, last_updated = fhirdata.version_of(entry.resource)
            row = self.rows.get(entry.key) or FhirResource(
                id=uuid.uuid4(),
                clinic=self.clinic,
                source=self.source,
                resource_type=entry.resource_type,
                resource_id=entry.resource_id,
            )
            row.version_id, row.last_updated = version, last_updated
            row.content_hash, row.raw, row.supported = digests[entry.index], entry.resource, entry.supported
            row.last_delivery = self.delivery
            row.updated_at = now
            if entry.key in patients:
                row.patient, row.created_patient = patients[entry.key]
            if entry.resource_type == "Practitioner":
                row.provider_id = providers.get(fhirdata.npi(entry.resource))
            self.rows[entry.key] = row
            (created_rows if action == CREATED else updated_rows).append(row)
            report.written_by_type[entry.resource_type] += 1
        FhirResource.objects.bulk_create(created_rows, batch_size=_BATCH)
        FhirResource.objects.bulk_update(updated_rows, _RESOURCE_UPDATE_FIELDS, batch_size=_BATCH)
        self._identifiers([e for e, _ in writes if e.supported], updated_rows)
        self._records([e for e, _ in writes if e.resource_type in PROJECTORS], now)
        return report

    # --- patients ------------------------------------------------------------------------

    def _patients(self, entries: list[Entry], report: Report) -> dict[Key, tuple[Patient, bool]]:
        """{entry key: (clinic patient, created from this resource)} for Patient entries written now."""
        result: dict[Key, tuple[Patient, bool]] = {}
        to_match: list[tuple[Entry, Demographics]] = []
        for entry in entries:
            people = Demographics.of(entry.resource)
            stored = self.rows.get(entry.key)
            if stored is not None and stored.patient_id is not None:
                patient = Patient.all_objects.get(pk=stored.patient_id)
                if stored.created_patient:
                    # The EHR owns the demographics of a patient it created; a patient
                    # Nuvae already had keeps what staff recorded.
                    try:
                        object_update(actor=self.actor, instance=patient, data=self._patient_fields(people, patient))
                    except ValidationError as exc:
                        raise IngestError(entry, _messages(exc)) from None
                result[entry.key] = (patient, stored.created_patient)
            else:
                to_match.append((entry, people))
        matches = match_patients(self.clinic, [people for _, people in to_match])
        for (entry, people), match in zip(to_match, matches, strict=True):
            if match.patient is not None:
                result[entry.key] = (match.patient, False)
                report.patients_matched += 1
                continue
            fields = people.fields()
            if fields["mrn"] and any(c.mrn == fields["mrn"] for c, _ in match.candidates):
                fields["mrn"] = ""
            try:
                patient = object_save(actor=self.actor, instance=Patient(clinic=self.clinic, **fields))
            except ValidationError as exc:
                raise IngestError(entry, _messages(exc)) from None
            result[entry.key] = (patient, True)
            report.patients_created += 1
            self.suggestions += [(entry.key, patient, candidate, reason) for candidate, reason in match.candidates]
        report.suggestions += len(self.suggestions)
        return result

    @staticmethod
    def _patient_fields(people: Demographics, patient: Patient) -> dict[str, Any]:
        fields = people.fields()
        if fields["mrn"] != patient.mrn and not fields["mrn"]:
            fields.pop("mrn")
        return fields

    # --- identifiers and records ---------------------------------------------------------

    def _identifiers(self, entries: list[Entry], updated_rows: list[FhirResource]) -> None:
        if updated_rows:
            FhirIdentifier.objects.filter(resource__in=[r.pk for r in updated_rows]).delete()
        rows = []
        for entry in entries:
            row = self.rows[entry.key]
            for system, value in dict.fromkeys(fhirdata.identifiers(entry.resource)):
                rows.append(
                    FhirIdentifier(
                        clinic=self.clinic, resource=row, resource_type=entry.resource_type, system=system, value=value
                    )
                )
        FhirIdentifier.objects.bulk_create(rows, batch_size=_BATCH)
        PatientMatchSuggestion.objects.bulk_create(
            [
                PatientMatchSuggestion(
                    clinic=self.clinic, resource=self.rows[key], patient=patient, candidate=candidate, reason=reason
                )
                for key, patient, candidate, reason in self.suggestions
            ]
        )

    def _resolve(self, reference: str) -> FhirResource | None:
        key = self.references.resolve(reference)
        return self.rows.get(key) if key else None

    def _records(self, entries: list[Entry], now: Any) -> None:
        projections = [(entry, PROJECTORS[entry.resource_type](entry.resource)) for entry in entries]
        referenced: set[Key] = set()
        for _, projection in projections:
            for reference in [
                projection.patient_ref,
                projection.encounter_ref,
                *projection.provider_refs,
                *projection.payor_refs,
            ]:
                if (key := self.references.resolve(reference)) is not None:
                    referenced.add(key)
        self._load(referenced, with_raw=True)

        # Typed primary keys: new rows get one now, so records can point at encounters
        # created in the same run.
        record_pk: dict[Any, Any] = {}
        existing_by_model: dict[Any, set[Any]] = {}
        for entry, projection in projections:
            existing_by_model.setdefault(projection.model, set()).add(self.rows[entry.key].pk)
        for model, resource_pks in existing_by_model.items():
            record_pk.update(model.objects.filter(resource_id__in=resource_pks).values_list("resource_id", "pk"))
        existing_records = set(record_pk)
        for entry, _ in projections:
            record_pk.setdefault(self.rows[entry.key].pk, uuid.uuid4())
        encounter_rows = {row.pk for _, p in projections if (row := self._resolve(p.encounter_ref)) is not None} - set(
            record_pk
        )
        if encounter_rows:
            record_pk.update(Encounter.objects.filter(resource_id__in=encounter_rows).values_list("resource_id", "pk"))

        created: dict[Any, list[Any]] = {}
        updated: dict[Any, list[Any]] = {}
        for entry, projection in projections:
            row = self.rows[entry.key]
            patient_row = self._resolve(projection.patient_ref)
            if patient_row is None or patient_row.patient_id is None:
                raise IngestError(entry, f"The patient {projection.patient_ref} could not be found.")
            values = dict(projection.fields)
            values.update(self._links(entry, projection, record_pk))
            record = projection.model(
                pk=record_pk[row.pk],
                clinic=self.clinic,
                resource=row,
                patient_id=patient_row.patient_id,
                updated_at=now,
                **values,
            )
            (updated if row.pk in existing_records else created).setdefault(projection.model, []).append(record)
        # Encounters first: the other records point at them.
        order = sorted(set(created) | set(updated), key=lambda m: m is not Encounter)
        for model in order:
            model.objects.bulk_create(created.get(model, []), batch_size=_BATCH)
            names = [
                f.name for f in model._meta.concrete_fields if f.name not in ("id", "created_at", "clinic", "resource")
            ]
            model.objects.bulk_update(updated.get(model, []), names, batch_size=_BATCH)

    def _links(self, entry: Entry, projection: Projection, record_pk: dict[Any, Any]) -> dict[str, Any]:
        links: dict[str, Any] = {}
        if projection.model is not Encounter and "encounter" in {f.name for f in projection.model._meta.fields}:
            encounter_row = self._resolve(projection.encounter_ref)
            links["encounter_id"] = record_pk.get(encounter_row.pk) if encounter_row is not None else None
        providers = [
            row.provider_id
            for ref in projection.provider_refs
            if (row := self._resolve(ref)) is not None and row.provider_id is not None
        ]
        if projection.model is Encounter:
            links["provider_id"] = providers[0] if providers else None
            participants = []
            for participant in projection.fields["participants"]:
                row = self._resolve(participant["reference"])
                participants.append(
                    {**participant, "provider_id": str(row.provider_id) if row and row.provider_id else None}
                )
            links["participants"] = participants
        elif entry.resource_type == "MedicationRequest":
            links["requester_id"] = providers[0] if providers else None
        elif entry.resource_type == "Coverage":
            organizations = []
            for ref in projection.payor_refs:
                key = self.references.resolve(ref)
                if key and key[0] == "Organization":
                    in_bundle = self.bundle.get(key)
                    row = self.rows.get(key)
                    raw = in_bundle.resource if in_bundle else (row.raw if row is not None else None)
                    if isinstance(raw, dict):
                        organizations.append(raw)
            links["payer_id"] = match_payer(self.clinic, organizations, [projection.fields["payor_display"]])
        return links
