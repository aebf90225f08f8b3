"""Payers, their plans, and the clinic's contracts and fee schedules with them."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from clinics.models import SoftDeleteModel, TenantModel
from clinics.models.base import money_field


class Payer(TenantModel):
    class PayerType(models.TextChoices):
        COMMERCIAL = "commercial", "Commercial"
        MEDICARE = "medicare", "Medicare"
        MEDICAID = "medicaid", "Medicaid"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    payer_id = models.CharField(max_length=80, blank=True, help_text="X12 payer identifier (NM109 / N104)")
    payer_type = models.CharField(max_length=16, choices=PayerType.choices, default=PayerType.COMMERCIAL)
    appeal_address_line1 = models.CharField(max_length=200, blank=True)
    appeal_address_line2 = models.CharField(max_length=200, blank=True)
    appeal_city = models.CharField(max_length=100, blank=True)
    appeal_state = models.CharField(max_length=50, blank=True)
    appeal_postal_code = models.CharField(max_length=20, blank=True)
    fax = models.CharField(max_length=20, blank=True)
    portal_url = models.URLField(blank=True)
    timely_filing_days = models.PositiveSmallIntegerField(default=365)
    appeal_deadline_days = models.PositiveSmallIntegerField(default=180)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "payer_id"], condition=~models.Q(payer_id=""), name="payer_id_unique_per_clinic"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PayerPlan(TenantModel):
    class PlanType(models.TextChoices):
        HMO = "HMO", "HMO"
        PPO = "PPO", "PPO"
        EPO = "EPO", "EPO"
        POS = "POS", "POS"
        HDHP = "HDHP", "High-deductible"
        MEDICARE_ADVANTAGE = "MA", "Medicare Advantage"
        TRADITIONAL = "FFS", "Fee for service"
        OTHER = "OTHER", "Other"

    payer = models.ForeignKey(Payer, on_delete=models.CASCADE, related_name="plans")
    name = models.CharField(max_length=200)
    plan_code = models.CharField(max_length=50, blank=True)
    plan_type = models.CharField(max_length=8, choices=PlanType.choices, default=PlanType.OTHER)

    class Meta:
        ordering = ["payer__name", "name"]
        constraints = [models.UniqueConstraint(fields=["payer", "name"], name="plan_name_unique_per_payer")]

    def __str__(self) -> str:
        return f"{self.payer.name} – {self.name}"  # noqa: RUF001 (an en dash, on purpose)


class Contract(SoftDeleteModel, TenantModel):
    class LineOfBusiness(models.TextChoices):
        COMMERCIAL = "commercial", "Commercial"
        MEDICARE = "medicare", "Medicare"
        MEDICARE_ADVANTAGE = "medicare_advantage", "Medicare Advantage"
        MEDICAID = "medicaid", "Medicaid"
        MEDICAID_MANAGED = "medicaid_managed", "Medicaid managed care"
        WORKERS_COMP = "workers_comp", "Workers' compensation"
        OTHER = "other", "Other"

    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="contracts")
    plans = models.ManyToManyField(PayerPlan, blank=True, related_name="contracts")
    name = models.CharField(max_length=200)
    line_of_business = models.CharField(max_length=24, choices=LineOfBusiness.choices)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    base_contract = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived_contracts",
        help_text="The schedule that percent-of-base lines refer to (for example the Medicare fee schedule).",
    )
    default_percent_of_base = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    notes = models.TextField(blank=True)
    underpayment_tolerance = money_field(
        default=1, validators=[MinValueValidator(0)],
        help_text="A line paid less than expected by no more than this is not an underpayment.",
    )

    class Meta:
        ordering = ["payer__name", "-effective_from"]
        indexes = [models.Index(fields=["clinic", "payer", "effective_from"], name="contract_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
                name="contract_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FeeScheduleLine(TenantModel):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="fee_lines")
    code = models.CharField(max_length=5, help_text="CPT or HCPCS code")
    modifier = models.CharField(max_length=2, blank=True)
    allowed_amount = money_field(null=True, blank=True, validators=[MinValueValidator(0)])
    percent_of_base = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["code", "modifier"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "code", "modifier"], name="fee_line_unique_code_modifier"),
            # Exactly one pricing method per line: a fixed amount or a percent of the base.
            models.CheckConstraint(
                condition=(models.Q(allowed_amount__isnull=False) & models.Q(percent_of_base__isnull=True))
                | (models.Q(allowed_amount__isnull=True) & models.Q(percent_of_base__isnull=False)),
                name="fee_line_one_pricing_method",
            ),
            models.CheckConstraint(
                condition=models.Q(allowed_amount__isnull=True) | models.Q(allowed_amount__gte=0),
                name="fee_line_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        code = f"{self.code}-{self.modifier}" if self.modifier else self.code
        price = f"${self.allowed_amount}" if self.allowed_amount is not None else f"{self.percent_of_base}% of base"
        return f"{code}: {price}"
