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


class AdjustmentCategory(models.TextChoices):
    """What an adjustment means to the clinic, from its group and reason code (see
    `claims.codes.categories`). Contractual and patient responsibility are not denials."""

    CONTRACTUAL = "contractual", "Contractual write-down"
    PATIENT_RESPONSIBILITY = "patient_responsibility", "Patient responsibility"
    ELIGIBILITY = "eligibility", "Eligibility / coverage"
    AUTHORIZATION = "authorization", "Authorization / referral"
    CODING = "coding", "Coding / bundling"
    MEDICAL_NECESSITY = "medical_necessity", "Medical necessity"
    TIMELY_FILING = "timely_filing", "Timely filing"
    DUPLICATE = "duplicate", "Duplicate"
    COORDINATION_OF_BENEFITS = "coordination_of_benefits", "Coordination of benefits"
    MISSING_INFORMATION = "missing_information", "Missing or invalid information"
    NON_COVERED = "non_covered", "Non-covered service"
    REVERSAL = "reversal", "Correction or reversal"
    OTHER = "other", "Other"


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
    edi_file = models.ForeignKey(
        "claims.EdiFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="remittances"
    )
    production_date = models.DateField(null=True, blank=True)
    payee_name = models.CharField(max_length=200, blank=True)
    payee_identifier = models.CharField(max_length=80, blank=True, help_text="N104 of the payee: NPI or tax id")
    claims_paid = money_field(default=0, help_text="The claim payments (CLP04) added up")
    provider_adjustment_total = money_field(default=0, help_text="PLB amounts added up (positive: withheld)")
    reconciliation_difference = money_field(
        default=0, help_text="Payment amount - (claim payments - provider adjustments): zero when it reconciles"
    )

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

    @property
    def reconciled(self) -> bool:
        return self.reconciliation_difference == 0


class ProviderAdjustment(TenantModel):
    """A PLB adjustment: money withheld from (positive) or added to (negative) the payment
    that belongs to no single claim (interest, overpayment recovery, forwarding balance…)."""

    remittance = models.ForeignKey(Remittance, on_delete=models.CASCADE, related_name="provider_adjustments")
    provider_identifier = models.CharField(max_length=80, blank=True)
    fiscal_period_date = models.DateField(null=True, blank=True)
    reason_code = models.CharField(max_length=5, help_text="PLB adjustment reason (WO, L6, FB, CV…)")
    reference = models.CharField(max_length=50, blank=True)
    amount = money_field()

    class Meta:
        ordering = ["remittance", "id"]

    def __str__(self) -> str:
        return f"{self.reason_code} {self.amount}"


class MatchMethod(models.TextChoices):
    PCN_AND_PAYER = "pcn_payer", "Claim number and payer"
    PAYER_CLAIM_NUMBER = "payer_ccn", "Payer claim control number"
    PATIENT_DATES_CHARGE = "patient_dates_charge", "Patient, dates and charge"
    MANUAL = "manual", "Linked by a person"


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
        "claims.Claim",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        help_text="Empty until matched: unmatched payments wait in the unmatched-remittance queue",
    )
    patient_control_number = models.CharField(max_length=38, help_text="CLP01")
    status_code = models.CharField(max_length=2, choices=StatusCode.choices)
    charge_amount = money_field()
    paid_amount = money_field()
    patient_responsibility = money_field(default=0)
    payer_claim_control_number = models.CharField(max_length=50, blank=True, help_text="CLP07")
    match_method = models.CharField(max_length=24, choices=MatchMethod.choices, blank=True)
    patient_last_name = models.CharField(max_length=100, blank=True, help_text="NM1*QC, to match by hand")
    patient_first_name = models.CharField(max_length=100, blank=True)
    patient_identifier = models.CharField(max_length=80, blank=True, help_text="NM109 of the patient")
    statement_from = models.DateField(null=True, blank=True)
    statement_to = models.DateField(null=True, blank=True)
    claim_filing_indicator = models.CharField(max_length=2, blank=True)
    remark_codes = models.JSONField(default=list, blank=True, help_text="RARC from MIA/MOA")

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
    procedure_code = models.CharField(max_length=48, blank=True, help_text="SVC01: as the payer wrote it")
    modifiers = models.JSONField(default=list, blank=True)
    charge_amount = money_field()
    paid_amount = money_field()
    units = models.DecimalField(max_digits=9, decimal_places=3, default=1)
    service_date = models.DateField(null=True, blank=True)
    revenue_code = models.CharField(max_length=4, blank=True)
    allowed_amount = money_field(null=True, blank=True, help_text="AMT*B6 as the payer reported it")
    remark_codes = models.JSONField(default=list, blank=True, help_text="RARC from LQ")
    expected_allowed = money_field(null=True, blank=True, help_text="What the contract allows for this line")
    variance = money_field(
        null=True, blank=True, help_text="Expected allowed - (paid + patient responsibility): positive is underpaid"
    )
    contractual_amount = money_field(default=0, help_text="CO contractual write-downs (CO-45 and similar)")
    underpaid = models.BooleanField(default=False, help_text="Variance beyond the contract's tolerance")

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
    category = models.CharField(max_length=32, choices=AdjustmentCategory.choices, blank=True)

    class Meta:
        ordering = ["claim_payment", "id"]
        indexes = [models.Index(fields=["clinic", "reason_code"], name="adjustment_carc")]

    def __str__(self) -> str:
        return f"{self.group_code}-{self.reason_code} {self.amount}"
