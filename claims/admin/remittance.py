"""Remittances (835) and the per-claim payments, line payments and adjustments in them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest
from unfold.contrib.filters.admin import ChoicesDropdownFilter, DropdownFilter, RangeDateFilter
from unfold.decorators import display

from claims.models import Adjustment, ClaimPayment, Remittance, ServiceLinePayment
from clinics.admin_base import Area, TenantModelAdmin, TenantTabularInline
from clinics.admin_filters import ScopedRelatedFilter
from clinics.admin_forms import explain_constraints

CENTS = Decimal("0.01")


explain_constraints({
    "remittance_trace_unique_per_payer": (
        "trace_number", "This payer already has a remittance with this trace number."
    ),
})


class MatchedFilter(DropdownFilter):
    title = "matched to a claim"
    parameter_name = "matched"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Matched"), ("no", "Unmatched")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(claim__isnull=False)
        if self.value() == "no":
            return queryset.filter(claim__isnull=True)
        return queryset


class ClaimPaymentInline(TenantTabularInline):
    model = ClaimPayment
    area = Area.BILLING
    fk_name = "remittance"
    # The payer's claim number and the adjustments are on each payment's own page (the
    # change link): the remittance page lists what was paid, in a table that fits.
    fields = ("patient_control_number", "claim", "status_code", "charge_amount", "paid_amount",
              "patient_responsibility")
    autocomplete_fields = ("claim",)
    show_change_link = True
    per_page = 50

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "status_code" and field is not None:
            # The table squeezes selects to their column: keep "Processed as primary" readable.
            field.widget.attrs["style"] = "min-width: 13rem"
        return field


@admin.register(Remittance)
class RemittanceAdmin(TenantModelAdmin):
    area = Area.BILLING
    list_display = ("trace_number", "payer", "payment_date", "payment_method", "payment_amount", "claim_count")
    list_select_related = ("clinic", "payer")
    list_filter = (
        ("payer", ScopedRelatedFilter),
        ("payment_method", ChoicesDropdownFilter),
        ("payment_date", RangeDateFilter),
    )
    date_hierarchy = "payment_date"
    search_fields = ("=trace_number", "payer__name")
    search_help_text = "Trace (check/EFT) number, payer"
    autocomplete_fields = ("payer",)
    inlines = (ClaimPaymentInline,)
    fields = ("clinic", "payer", "trace_number", "payment_method", "payment_amount", "paid_to_claims", "payment_date",
              "source_file")
    readonly_fields = ("paid_to_claims",)

    @display(description="Paid to claims")
    def paid_to_claims(self, obj: Remittance) -> str:
        """What the claim payments add up to, against the check or EFT amount."""
        if obj.pk is None:
            return "-"
        total = obj.claim_payments.aggregate(total=Sum("paid_amount"))["total"] or Decimal(0)
        total = total.quantize(CENTS)
        if total == obj.payment_amount:
            return f"{total} (matches the payment)"
        return f"{total} (differs from the payment by {obj.payment_amount - total})"

    @display(description="Claims", ordering="claim_count")
    def claim_count(self, obj: Remittance) -> int:
        return obj.claim_count  # type: ignore[attr-defined]

    def get_queryset(self, request: HttpRequest) -> Any:
        # An aggregate drops Meta.ordering (GROUP BY); restore it so pages are stable.
        qs = super().get_queryset(request).annotate(claim_count=Count("claim_payments"))
        return qs.order_by(*(Remittance._meta.ordering or []), "pk")


class ServiceLinePaymentInline(TenantTabularInline):
    model = ServiceLinePayment
    area = Area.BILLING
    fields = ("claim_line", "procedure_code", "modifiers", "units", "charge_amount", "paid_amount", "service_date")
    autocomplete_fields = ("claim_line",)


class AdjustmentInline(TenantTabularInline):
    model = Adjustment
    area = Area.BILLING
    fk_name = "claim_payment"
    fields = ("service_line_payment", "group_code", "reason_code", "amount", "quantity")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("service_line_payment")
        if field is not None:
            # Only this payment's own lines (none yet on a new payment).
            field.queryset = field.queryset.filter(claim_payment=obj) if obj is not None else field.queryset.none()
        return formset


@admin.register(ClaimPayment)
class ClaimPaymentAdmin(TenantModelAdmin):
    area = Area.BILLING
    list_display = ("patient_control_number", "claim", "remittance", "status_code", "charge_amount", "paid_amount",
                    "patient_responsibility")
    list_select_related = ("clinic", "claim", "remittance")
    list_filter = (
        ("status_code", ChoicesDropdownFilter),
        MatchedFilter,
        ("remittance__payer", ScopedRelatedFilter),
    )
    search_fields = ("=patient_control_number", "=payer_claim_control_number", "=claim__patient_control_number",
                     "=remittance__trace_number")
    search_help_text = "Claim number (PCN), payer claim number or trace number (exact)"
    autocomplete_fields = ("remittance", "claim")
    inlines = (ServiceLinePaymentInline, AdjustmentInline)
    fields = ("clinic", "remittance", "claim", "patient_control_number", "status_code", "charge_amount",
              "paid_amount", "patient_responsibility", "payer_claim_control_number")
