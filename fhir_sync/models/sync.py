"""Where FHIR data comes from and what arrived: sources, deliveries, and the synced
resources with their identities and versions.

A `FhirResource` is one FHIR resource as the source knows it: keyed by (clinic, source,
type, id), holding the raw JSON of the newest version seen. Supported types also get a
typed clinical record (`fhir_sync.models.clinical`) that the rest of Nuvae queries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from clinics.models import Patient, TenantModel
from clinics.models.base import TimeStampedModel


class FhirSource(TenantModel):
    """An EHR (or integration engine) allowed to push FHIR to one clinic.

    Two secrets may be valid at once so the sender can rotate without downtime: the
    current one and, until it is dropped, the previous one. Secrets are shared with the
    sender (HMAC needs the raw value on both sides), never logged and never shown again
    after they are generated.
    """

    name = models.CharField(max_length=100)
    base_url = models.URLField(
        blank=True,
        verbose_name="base URL",
        help_text="The FHIR server's base; absolute references under it are read as local ones.",
    )
    secret = models.CharField(max_length=128, editable=False)
    previous_secret = models.CharField(max_length=128, blank=True, editable=False)
    secret_rotated_at = models.DateTimeField(null=True, blank=True, editable=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "FHIR source"
        constraints = [models.UniqueConstraint(fields=["clinic", "name"], name="fhir_source_name_unique_per_clinic")]

    def __str__(self) -> str:
        return self.name

    def signing_secrets(self) -> list[str]:
        return [s for s in (self.secret, self.previous_secret) if s]


class FhirDelivery(TimeStampedModel):
    """One POST to the webhook, accepted or not, kept for inspection and replay.

    `clinic` and `source` are empty when the sender could not be identified. Headers are
    stored without credentials (signature, cookies, authorization).
    """

    class Outcome(models.TextChoices):
        RECEIVED = "received", "Received"
        QUEUED = "queued", "Queued"
        PROCESSED = "processed", "Processed"
        PARTIAL = "partial", "Partly processed"
        REJECTED = "rejected", "Rejected (invalid)"
        UNAUTHORIZED = "unauthorized", "Unauthorized"
        DUPLICATE = "duplicate", "Duplicate"
        FAILED = "failed", "Failed"

    clinic = models.ForeignKey("clinics.Clinic", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(FhirSource, null=True, blank=True, on_delete=models.PROTECT, related_name="deliveries")
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivery_id = models.CharField(max_length=200, blank=True, help_text="The sender's delivery id, or the body hash.")
    body_sha256 = models.CharField(max_length=64, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.TextField(blank=True)
    body_truncated = models.BooleanField(default=False)
    bundle_type = models.CharField(max_length=32, blank=True)
    entry_count = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.RECEIVED, db_index=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    response = models.JSONField(default=dict, blank=True, help_text="What the sender was answered (FHIR JSON).")
    summary = models.JSONField(default=dict, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    replay_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replays")
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "FHIR delivery"
        verbose_name_plural = "FHIR deliveries"
        indexes = [
            models.Index(fields=["clinic", "-received_at"], name="fhir_delivery_clinic_time"),
            models.Index(fields=["source", "delivery_id"], name="fhir_delivery_source_id"),
        ]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M:%S} {self.get_outcome_display()}"

    @property
    def is_finished(self) -> bool:
        return self.outcome not in (self.Outcome.RECEIVED, self.Outcome.QUEUED)


class FhirDeliveryKey(models.Model):
    """The delivery ids a source has used, one row each: the unique index is what makes
    a duplicate sent at the same moment as the original a duplicate, not a second run."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(FhirSource, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    first_delivery = models.ForeignKey(FhirDelivery, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="fhir_delivery_key_unique_per_source"),
        ]

    def __str__(self) -> str:
        return self.key


class FhirResource(TenantModel):
    source = models.ForeignKey(FhirSource, on_delete=models.PROTECT, related_name="resources")
    resource_type = models.CharField(max_length=64)
    resource_id = models.CharField(max_length=64, verbose_name="FHIR id")
    version_id = models.CharField(max_length=64, blank=True)
    last_updated = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)
    raw = models.JSONField(help_text="The newest version received, as sent.")
    supported = models.BooleanField(default=True, help_text="False: stored raw only (no clinical record).")
    patient = models.ForeignKey(
        Patient,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a Patient resource: the clinic's patient it was matched to or created as.",
    )
    created_patient = models.BooleanField(default=False, help_text="The clinic's patient was created from it.")
    provider = models.ForeignKey(
        "clinics.Provider",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a Practitioner: the provider with the same NPI.",
    )
    last_delivery = models.ForeignKey(FhirDelivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["resource_type", "resource_id"]
        verbose_name = "FHIR resource"
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "source", "resource_type", "resource_id"], name="fhir_resource_unique_per_source"
            ),
        ]
        indexes = [models.Index(fields=["clinic", "resource_type"], name="fhir_resource_clinic_type")]

    def __str__(self) -> str:
        return f"{self.resource_type}/{self.resource_id}"


class FhirIdentifier(models.Model):
    """Business identifiers (system + value) of supported resources, for upserts of a
    resource that arrives under another id (another source, a re-keyed EHR)."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.PROTECT, related_name="+")
    resource = models.ForeignKey(FhirResource, on_delete=models.CASCADE, related_name="identifiers")
    resource_type = models.CharField(max_length=64)
    system = models.CharField(max_length=255)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [
            models.Index(fields=["clinic", "resource_type", "system", "value"], name="fhir_identifier_lookup"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["resource", "system", "value"], name="fhir_identifier_unique_per_resource"),
        ]

    def __str__(self) -> str:
        return f"{self.system}|{self.value}"


class PatientMatchSuggestion(TenantModel):
    """A new patient from FHIR that may be someone the clinic already has. Staff decide;
    nothing is merged automatically."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SAME_PERSON = "same", "Same person (merge by hand)"
        DIFFERENT = "different", "Different people"

    resource = models.ForeignKey(FhirResource, on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+", help_text="Created from FHIR.")
    candidate = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+", help_text="Already known.")
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "candidate"], name="fhir_match_suggestion_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.patient} ~ {self.candidate}"


class PatientChart(Patient):
    """A patient seen through their clinical records (the admin's chart page)."""

    class Meta:
        proxy = True
        verbose_name = "patient chart"
