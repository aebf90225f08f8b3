"""Paid service lines against the contract: the underpayment list, per claim (search by
claim number) and per payer (filter). Read-only: lines are written by 835 posting and
edited, when ever, on their claim payment's page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from unfold.contrib.filters.admin import DropdownFilter
from unfold.decorators import display

from claims.models import ServiceLinePayment
from clinics.admin_base import Area, TenantModelAdmin
from clinics.admin_filters import ScopedRelatedFilter
from clinics.admin_roles import READ


class UnderpaidFilter(DropdownFilter):
    title = "against the contract"
    parameter_name = "underpaid"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Underpaid (beyond tolerance)"), ("no", "Within tolerance or not priced")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(underpaid=True)
        if self.value() == "no":
            return queryset.filter(underpaid=False)
        return queryset


@admin.register(ServiceLinePayment)
class ServiceLinePaymentAdmin(TenantModelAdmin):
    area = Area.BILLING
    operations = READ
    list_display = (
        "claim",
        "payer",
        "procedure_code",
        "service_date",
        "charge_amount",
        "paid_amount",
        "allowed_amount",
        "expected_allowed",
        "variance_label",
        "contractual_amount",
    )
    list_select_related = ("clinic", "claim_payment__claim", "claim_payment__remittance__payer")
    list_filter = (
        UnderpaidFilter,
        ("claim_payment__remittance__payer", ScopedRelatedFilter),
    )
    ordering = ("-variance", "id")
    search_fields = (
        "=claim_payment__claim__patient_control_number",
        "=claim_payment__patient_control_number",
        "procedure_code",
    )
    search_help_text = "Claim number (exact) or procedure code"
    fields = (
        "clinic",
        "claim_payment",
        "claim_line",
        "procedure_code",
        "modifiers",
        "units",
        "service_date",
        "charge_amount",
        "paid_amount",
        "allowed_amount",
        "expected_allowed",
        "variance",
        "contractual_amount",
        "underpaid",
        "remark_codes",
    )

    @display(description="Claim", ordering="claim_payment__claim__patient_control_number")
    def claim(self, obj: ServiceLinePayment) -> Any:
        return obj.claim_payment.claim or f"{obj.claim_payment.patient_control_number} (unmatched)"

    @display(description="Payer", ordering="claim_payment__remittance__payer__name")
    def payer(self, obj: ServiceLinePayment) -> Any:
        return obj.claim_payment.remittance.payer

    @display(description="Variance", ordering="variance", label={"under": "danger", "ok": ""})
    def variance_label(self, obj: ServiceLinePayment) -> tuple[str, str]:
        if obj.variance is None:
            return "ok", "not priced"
        return ("under" if obj.underpaid else "ok"), str(obj.variance)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        return super().changelist_view(
            request, {"title": "Line payments against the contract", **(extra_context or {})}
        )
