"""Appeals of denials and the letters that argue them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clinics.models import SoftDeleteModel, TenantModel


class Appeal(SoftDeleteModel, TenantModel):
    class Source(models.TextChoices):
        EOB = "EOB", "Paper EOB"
        EDI_835 = "EDI_835", "Electronic remittance (835)"

    class Level(models.IntegerChoices):
        FIRST = 1, "First level (redetermination)"
        SECOND = 2, "Second level (reconsideration)"
        THIRD = 3, "Third level (ALJ / external review)"
        FOURTH = 4, "Fourth level (council review)"
        FIFTH = 5, "Fifth level (judicial review)"

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Draft"
        READY = "READY", "Ready"
        SUBMITTED = "SUBMITTED", "Submitted"
        WON = "WON", "Won"
        LOST = "LOST", "Lost"

    denial = models.ForeignKey("claims.Denial", on_delete=models.PROTECT, related_name="appeals")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.EDI_835)
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.FIRST)
    letter_text = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="appeals"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["clinic", "status"], name="appeal_clinic_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["denial", "level"], condition=models.Q(deleted_at__isnull=True), name="appeal_one_per_level"
            ),
        ]

    def __str__(self) -> str:
        return f"Level {self.level} appeal of {self.denial}"
