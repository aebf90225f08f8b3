"""Payers, their plans, and the clinic's contracts with fee schedules."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesDropdownFilter
from unfold.decorators import display

from clinics.admin_base import Area, TenantAdminForm, TenantModelAdmin, TenantTabularInline
from clinics.admin_filters import ScopedRelatedFilter
from clinics.admin_forms import explain_constraints
from contracts.models import Contract, FeeScheduleLine, Payer, PayerPlan

explain_constraints({
    "payer_id_unique_per_clinic": ("payer_id", "Another payer of this clinic has this payer ID."),
    "contract_period_ordered": ("effective_to", "The contract cannot end before it starts."),
    "fee_line_one_pricing_method": (None, "Give either an allowed amount or a percent of the base schedule, not both."),
    "fee_line_amount_not_negative": ("allowed_amount", "The allowed amount cannot be negative."),
})


class PayerPlanInline(TenantTabularInline):
    model = PayerPlan
    area = Area.BILLING
    fields = ("name", "plan_code", "plan_type")


@admin.register(Payer)
class PayerAdmin(TenantModelAdmin):
    area = Area.BILLING
    list_display = ("name", "payer_id", "payer_type", "timely_filing_days", "appeal_deadline_days", "active")
    list_select_related = ("clinic",)
    list_filter = (("payer_type", ChoicesDropdownFilter), ("active", BooleanRadioFilter))
    search_fields = ("name", "payer_id")
    inlines = (PayerPlanInline,)
    fieldsets = (
        (None, {"fields": ("clinic", "name", "payer_id", "payer_type", "active")}),
        ("Deadlines", {"fields": ("timely_filing_days", "appeal_deadline_days")}),
        ("Appeals", {"fields": ("appeal_address_line1", "appeal_address_line2",
                                ("appeal_city", "appeal_state", "appeal_postal_code"), "fax", "portal_url")}),
    )


@admin.register(PayerPlan)
class PayerPlanAdmin(TenantModelAdmin):
    area = Area.BILLING
    list_display = ("name", "payer", "plan_code", "plan_type")
    list_select_related = ("clinic", "payer")
    list_filter = (("payer", ScopedRelatedFilter), ("plan_type", ChoicesDropdownFilter))
    search_fields = ("name", "plan_code", "payer__name")
    autocomplete_fields = ("payer",)
    fields = ("clinic", "payer", "name", "plan_code", "plan_type")


class FeeScheduleLineInline(TenantTabularInline):
    model = FeeScheduleLine
    area = Area.BILLING
    fields = ("code", "modifier", "allowed_amount", "percent_of_base")
    per_page = 50


class ContractForm(TenantAdminForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        payer = data.get("payer")
        plans = data.get("plans")
        if payer is not None and plans is not None and any(plan.payer_id != payer.pk for plan in plans):
            self.add_error("plans", "Choose plans of the contract's payer.")
        base = data.get("base_contract")
        if base is not None and base.pk == self.instance.pk:
            self.add_error("base_contract", "A contract cannot be its own base schedule.")
        return data


@admin.register(Contract)
class ContractAdmin(TenantModelAdmin):
    area = Area.BILLING
    form = ContractForm
    list_display = ("name", "payer", "line_of_business", "effective_from", "effective_to", "fee_line_count")
    list_select_related = ("clinic", "payer")
    list_filter = (("payer", ScopedRelatedFilter), ("line_of_business", ChoicesDropdownFilter))
    search_fields = ("name", "payer__name")
    autocomplete_fields = ("payer", "plans", "base_contract")
    date_hierarchy = "effective_from"
    inlines = (FeeScheduleLineInline,)
    fieldsets = (
        (None, {"fields": ("clinic", "name", "payer", "plans", "line_of_business")}),
        ("Period", {"fields": (("effective_from", "effective_to"),)}),
        ("Pricing", {"fields": ("base_contract", "default_percent_of_base")}),
        ("Notes", {"fields": ("notes",)}),
    )

    @display(description="Fee lines", ordering="fee_line_count")
    def fee_line_count(self, obj: Contract) -> int:
        return obj.fee_line_count  # type: ignore[attr-defined]

    def get_queryset(self, request: HttpRequest) -> Any:
        # An aggregate drops Meta.ordering (GROUP BY); restore it so pages are stable.
        qs = super().get_queryset(request).annotate(fee_line_count=Count("fee_lines"))
        return qs.order_by(*(Contract._meta.ordering or []), "pk")
