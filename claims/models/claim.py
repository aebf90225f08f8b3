"""Claims as billed (837): the claim and its service lines."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from clinics.models import SoftDeleteModel, TenantModel
from clinics.models.base import money_field


class Claim(SoftDeleteModel, TenantModel):
    class ClaimType(models.TextChoices):
        PROFESSIONAL = "professional", "Professional (837P / CMS-1500)"
        INSTITUTIONAL = "institutional", "Institutional (837I / UB-04)"

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Draft"
        SUBMITTED = "SUBMITTED", "Submitted"
        ACCEPTED = "ACCEPTED", "Accepted"
        REJECTED = "REJECTED", "Rejected"
        PAID = "PAID", "Paid"
        PARTIALLY_PAID = "PARTIALLY_PAID", "Partially paid"
        DENIED = "DENIED", "Denied"
        REVERSED = "REVERSED", "Reversed"
        CORRECTED = "CORRECTED", "Corrected"
        APPEALED = "APPEALED", "Appealed"
        CLOSED = "CLOSED", "Closed"

    class Frequency(models.TextChoices):
        ORIGINAL = "1", "Original"
        REPLACEMENT = "7", "Replacement"
        VOID = "8", "Void"

    patient = models.ForeignKey("clinics.Patient", on_delete=models.PROTECT, related_name="claims")
    billing_provider = models.ForeignKey(
        "clinics.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="billed_claims"
    )
    rendering_provider = models.ForeignKey(
        "clinics.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="rendered_claims"
    )
    payer = models.ForeignKey("contracts.Payer", null=True, blank=True, on_delete=models.PROTECT, related_name="claims")
    plan = models.ForeignKey(
        "contracts.PayerPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    patient_control_number = models.CharField(max_length=38, help_text="CLM01: our claim number")
    payer_claim_control_number = models.CharField(max_length=50, blank=True, help_text="The payer's ICN / DCN")
    claim_type = models.CharField(max_length=16, choices=ClaimType.choices, default=ClaimType.PROFESSIONAL)
    frequency_code = models.CharField(max_length=1, choices=Frequency.choices, default=Frequency.ORIGINAL)
    place_of_service = models.CharField(max_length=3, blank=True, help_text="POS code (837P) or bill type (837I)")
    service_date_from = models.DateField()
    service_date_to = models.DateField()
    total_charge = money_field(validators=[MinValueValidator(0)])
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    prior_authorization_number = models.CharField(max_length=50, blank=True)
    diagnosis_codes = models.JSONField(default=list, blank=True, help_text="ICD-10-CM codes, principal first")
    submitted_at = models.DateTimeField(null=True, blank=True)
    member_id = models.CharField(max_length=80, blank=True, help_text="The subscriber's member id (NM109)")
    claim_filing_indicator = models.CharField(max_length=2, blank=True, help_text="SBR09: MB Medicare, CI commercial…")
    edi_file = models.ForeignKey(
        "claims.EdiFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
        help_text="The 837 file this claim came from",
    )
    code_flags = models.JSONField(
        default=list,
        blank=True,
        help_text="Codes or totals a payer would question (unknown ICD-10-CM or HCPCS codes, …): kept, not rejected",
    )

    class Meta:
        ordering = ["-service_date_from", "patient_control_number"]
        indexes = [
            models.Index(fields=["clinic", "status", "service_date_from"], name="claim_worklist"),
            models.Index(fields=["clinic", "patient_control_number"], name="claim_pcn"),
            models.Index(fields=["clinic", "payer", "status"], name="claim_payer_status"),
            models.Index(fields=["clinic", "payer_claim_control_number"], name="claim_payer_ccn"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(total_charge__gte=0), name="claim_charge_not_negative"),
            models.CheckConstraint(
                condition=models.Q(service_date_to__gte=models.F("service_date_from")), name="claim_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.patient_control_number


class ClaimLine(TenantModel):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    line_number = models.PositiveSmallIntegerField()
    procedure_code = models.CharField(max_length=5, help_text="CPT or HCPCS code (descriptions of CPT are not stored)")
    modifiers = models.JSONField(default=list, blank=True)
    diagnosis_pointers = models.JSONField(default=list, blank=True)
    units = models.DecimalField(max_digits=9, decimal_places=3, default=1, validators=[MinValueValidator(0)])
    charge = money_field(validators=[MinValueValidator(0)])
    service_date = models.DateField(null=True, blank=True)
    revenue_code = models.CharField(max_length=4, blank=True)

    class Meta:
        ordering = ["claim", "line_number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "line_number"], name="claim_line_number_unique"),
            models.CheckConstraint(condition=models.Q(charge__gte=0), name="claim_line_charge_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line_number}: {self.procedure_code}"
