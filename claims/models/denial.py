"""Denials: the worklist billing staff work from."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from claims.models.remittance import GroupCode
from clinics.models import SoftDeleteModel, TenantModel
from clinics.models.base import money_field


class Denial(SoftDeleteModel, TenantModel):
    class Category(models.TextChoices):
        ELIGIBILITY = "eligibility", "Eligibility / coverage"
        AUTHORIZATION = "authorization", "Prior authorization"
        MEDICAL_NECESSITY = "medical_necessity", "Medical necessity"
        CODING = "coding", "Coding"
        BUNDLING = "bundling", "Bundling / NCCI"
        DUPLICATE = "duplicate", "Duplicate"
        TIMELY_FILING = "timely_filing", "Timely filing"
        MISSING_INFORMATION = "missing_information", "Missing information"
        COORDINATION_OF_BENEFITS = "coordination_of_benefits", "Coordination of benefits"
        NON_COVERED = "non_covered", "Non-covered service"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "OPEN", "Open"
        IN_APPEAL = "IN_APPEAL", "In appeal"
        OVERTURNED = "OVERTURNED", "Overturned"
        UPHELD = "UPHELD", "Upheld"
        WRITTEN_OFF = "WRITTEN_OFF", "Written off"

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="denials")
    claim_line = models.ForeignKey(
        "claims.ClaimLine", null=True, blank=True, on_delete=models.PROTECT, related_name="denials"
    )
    claim_payment = models.ForeignKey(
        "claims.ClaimPayment", null=True, blank=True, on_delete=models.PROTECT, related_name="denials"
    )
    carc_code = models.CharField(max_length=5, verbose_name="CARC")
    rarc_codes = models.JSONField(default=list, blank=True, verbose_name="RARC codes")
    group_code = models.CharField(max_length=2, choices=GroupCode.choices)
    denied_amount = money_field()
    category = models.CharField(max_length=32, choices=Category.choices, default=Category.OTHER)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    appeal_deadline = models.DateField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_denials"
    )

    class Meta:
        ordering = ["appeal_deadline", "-denied_amount"]
        indexes = [
            models.Index(fields=["clinic", "status", "appeal_deadline"], name="denial_worklist"),
            models.Index(fields=["clinic", "category", "status"], name="denial_category"),
            models.Index(fields=["clinic", "assignee", "status"], name="denial_assignee"),
            models.Index(fields=["clinic", "carc_code"], name="denial_carc"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(denied_amount__gte=0), name="denial_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.group_code}-{self.carc_code} ({self.denied_amount})"
