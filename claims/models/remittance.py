"""Remittances as paid (835): the payment, each claim's payment, lines and adjustments."""

from __future__ import annotations

from django.db import models

from clinics.models import SoftDeleteModel, TenantModel
from clinics.models.base import money_field


class GroupCode(models.TextChoices):
    CO = "CO", "Contractual obligation"
    PR = "PR", "Patient responsibility"
    OA = "OA", "Other adjustment"
    PI = "PI", "Payer initiated"
    CR = "CR", "Correction and reversal"


class Remittance(SoftDeleteModel, TenantModel):
    class PaymentMethod(models.TextChoices):
        ACH = "ACH", "Automated clearing house"
        CHECK = "CHK", "Check"
        NONE = "NON", "Non-payment"
        WIRE = "FWT", "Federal wire"
        BOP = "BOP", "Financial institution option"

    payer = models.ForeignKey("contracts.Payer", on_delete=models.PROTECT, related_name="remittances")
    trace_number = models.CharField(max_length=50, help_text="TRN02: check or EFT trace number")
    payment_method = models.CharField(max_length=3, choices=PaymentMethod.choices, default=PaymentMethod.ACH)
    payment_amount = money_field()
    payment_date = models.DateField()
    source_file = models.FileField(upload_to="edi/835/%Y/%m/", blank=True)

    class Meta:
        ordering = ["-payment_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "payer", "trace_number"],
                condition=models.Q(deleted_at__isnull=True),
                name="remittance_trace_unique_per_payer",
            ),
        ]
        indexes = [models.Index(fields=["clinic", "payment_date"], name="remit_clinic_date")]

    def __str__(self) -> str:
        return f"{self.trace_number} ({self.payment_date})"


class ClaimPayment(TenantModel):
    class StatusCode(models.TextChoices):
        PRIMARY = "1", "Processed as primary"
        SECONDARY = "2", "Processed as secondary"
        TERTIARY = "3", "Processed as tertiary"
        DENIED = "4", "Denied"
        PRIMARY_FORWARDED = "19", "Primary, forwarded to another payer"
        SECONDARY_FORWARDED = "20", "Secondary, forwarded to another payer"
        TERTIARY_FORWARDED = "21", "Tertiary, forwarded to another payer"
        REVERSAL = "22", "Reversal of previous payment"
        NOT_OUR_CLAIM = "23", "Not our claim, forwarded"
        PREDETERMINATION = "25", "Predetermination pricing only"

    remittance = models.ForeignKey(Remittance, on_delete=models.PROTECT, related_name="claim_payments")
    claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.PROTECT, related_name="payments",
        help_text="Empty until matched: unmatched payments wait in the unmatched-remittance queue",
    )
    patient_control_number = models.CharField(max_length=38, help_text="CLP01")
    status_code = models.CharField(max_length=2, choices=StatusCode.choices)
    charge_amount = money_field()
    paid_amount = money_field()
    patient_responsibility = money_field(default=0)
    payer_claim_control_number = models.CharField(max_length=50, blank=True, help_text="CLP07")

    class Meta:
        ordering = ["remittance", "patient_control_number"]
        indexes = [
            models.Index(fields=["clinic", "patient_control_number"], name="claimpay_pcn"),
            models.Index(fields=["clinic", "claim"], name="claimpay_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.patient_control_number}: {self.paid_amount}"


class ServiceLinePayment(TenantModel):
    claim_payment = models.ForeignKey(ClaimPayment, on_delete=models.CASCADE, related_name="lines")
    claim_line = models.ForeignKey(
        "claims.ClaimLine", null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    procedure_code = models.CharField(max_length=5)
    modifiers = models.JSONField(default=list, blank=True)
    charge_amount = money_field()
    paid_amount = money_field()
    units = models.DecimalField(max_digits=9, decimal_places=3, default=1)
    service_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["claim_payment", "id"]

    def __str__(self) -> str:
        return f"{self.procedure_code}: {self.paid_amount}"


class Adjustment(TenantModel):
    """One CAS reason/amount/quantity triplet, at claim level or (with a line) line level."""

    claim_payment = models.ForeignKey(ClaimPayment, on_delete=models.CASCADE, related_name="adjustments")
    service_line_payment = models.ForeignKey(
        ServiceLinePayment, null=True, blank=True, on_delete=models.CASCADE, related_name="adjustments"
    )
    group_code = models.CharField(max_length=2, choices=GroupCode.choices)
    reason_code = models.CharField(max_length=5, help_text="CARC")
    amount = money_field()
    quantity = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ["claim_payment", "id"]
        indexes = [models.Index(fields=["clinic", "reason_code"], name="adjustment_carc")]

    def __str__(self) -> str:
        return f"{self.group_code}-{self.reason_code} {self.amount}"
