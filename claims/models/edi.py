"""X12 files as received, and the background jobs that import them."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models

from clinics.models import TenantModel


class EdiFile(TenantModel):
    """One uploaded file, stored as received and imported once (its SHA-256 is unique per clinic).

    `report` holds what happened to each unit: `{"units": [{"kind", "key", "status", "problem",
    "segment", …}], "warnings": [...]}`, with claim numbers but no patient names.

    The `validation_*` fields and `acknowledgement` hold the optional strict check of an 837
    by pyx12 (`claims.edi.validation`), run in the background after the import: they never
    change what was imported. Its findings and the 999 quote values from the file (they
    may name a patient), so they are shown wherever the file itself may be read, and
    nowhere else.
    """

    class Kind(models.TextChoices):
        CLAIMS = "837", "837 claims"
        REMITTANCE = "835", "835 remittance"
        UNKNOWN = "", "Unknown"

    class Status(models.TextChoices):
        RECEIVED = "RECEIVED", "Received"
        IMPORTED = "IMPORTED", "Imported"
        PARTIAL = "PARTIAL", "Imported in part"
        REJECTED = "REJECTED", "Rejected"
        QUARANTINED = "QUARANTINED", "Quarantined"
        DISMISSED = "DISMISSED", "Dismissed"

    class Validation(models.TextChoices):
        NOT_RUN = "", "Not validated"
        QUEUED = "QUEUED", "Queued"
        RUNNING = "RUNNING", "Validating"
        VALID = "VALID", "Valid"
        ERRORS = "ERRORS", "Errors found"
        FAILED = "FAILED", "Validator failed"

    class Source(models.TextChoices):
        ADMIN = "admin", "Admin upload"
        API = "api", "API"
        INBOX = "inbox", "Inbox folder"
        DEMO = "demo", "Demo data"

    name = models.CharField(max_length=255)
    file = models.FileField(upload_to="edi/%Y/%m/", max_length=255)
    sha256 = models.CharField(max_length=64, verbose_name="SHA-256")
    size = models.PositiveBigIntegerField(default=0)
    kind = models.CharField(max_length=3, choices=Kind.choices, blank=True, default=Kind.UNKNOWN)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.ADMIN)
    lenient = models.BooleanField(
        default=False, help_text="Accept count and control-number mismatches in the envelope trailers as warnings."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    segment_count = models.PositiveIntegerField(default=0)
    units_imported = models.PositiveIntegerField(default=0, help_text="Claims or claim payments taken")
    units_rejected = models.PositiveIntegerField(default=0)
    units_skipped = models.PositiveIntegerField(default=0, help_text="Already imported from another file")
    problem = models.TextField(blank=True, help_text="Why the whole file was rejected or quarantined")
    report = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    validation_status = models.CharField(
        "pyx12 validation", max_length=8, choices=Validation.choices, blank=True, default=Validation.NOT_RUN
    )
    validation_problem = models.TextField(blank=True, help_text="Why the validator could not validate the file")
    validation_errors = models.JSONField(
        default=list,
        blank=True,
        help_text="What pyx12 found (the first 500): segment, position, loop, element, code, message, value",
    )
    validation_error_count = models.PositiveIntegerField(default=0)
    acknowledgement = models.TextField(blank=True, help_text="The 999 (997 for a 4010 file) pyx12 wrote")
    acknowledgement_code = models.CharField(
        max_length=1,
        blank=True,
        help_text="AK901 of the acknowledgement: A accepted, E with errors, P in part, R rejected",
    )
    validated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "EDI file"
        constraints = [
            models.UniqueConstraint(fields=["clinic", "sha256"], name="edi_file_once_per_clinic"),
        ]
        indexes = [models.Index(fields=["clinic", "status"], name="edi_file_status")]

    def __str__(self) -> str:
        return self.name

    @property
    def acknowledgement_kind(self) -> str:
        """The acknowledgement's transaction set (ST01): 999, or 997 for a 4010 file."""
        found = re.search(r"(?:^|[~\r\n])\s*ST\*(99[79])\*", self.acknowledgement)
        return found.group(1) if found else ""


class Job(TenantModel):
    """A piece of background work a person waits for, with its progress."""

    class Kind(models.TextChoices):
        EDI_IMPORT = "edi_import", "EDI import"

    class Status(models.TextChoices):
        QUEUED = "QUEUED", "Queued"
        RUNNING = "RUNNING", "Running"
        DONE = "DONE", "Done"
        FAILED = "FAILED", "Failed"

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.EDI_IMPORT)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    edi_file = models.ForeignKey(EdiFile, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["clinic", "status"], name="job_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.status.lower()} ({self.done}/{self.total})"

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 and self.status == self.Status.DONE else int(100 * self.done / max(self.total, 1))
