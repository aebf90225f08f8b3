"""Claims with their lines, and what was paid and denied on them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateFilter
from unfold.decorators import display

from claims.admin.edi import EdiAdminViews
from claims.codes.lookups import descriptions
from claims.models import Adjustment, Claim, ClaimLine, ClaimPayment, CodeSystem, Denial
from claims.selectors import claim_detail_list
from clinics.admin_base import Area, ReadOnlyInlineMixin, TenantModelAdmin, TenantTabularInline
from clinics.admin_filters import ScopedRelatedFilter
from clinics.admin_forms import explain_constraints

CENTS = Decimal("0.01")
CLAIM_STATUS_LABELS = {
    Claim.Status.DRAFT: "",
    Claim.Status.SUBMITTED: "info",
    Claim.Status.ACCEPTED: "info",
    Claim.Status.REJECTED: "danger",
    Claim.Status.PAID: "success",
    Claim.Status.PARTIALLY_PAID: "warning",
    Claim.Status.DENIED: "danger",
    Claim.Status.REVERSED: "danger",
    Claim.Status.CORRECTED: "info",
    Claim.Status.APPEALED: "primary",
    Claim.Status.CLOSED: "",
}


explain_constraints({
    "claim_charge_not_negative": ("total_charge", "The total charge cannot be negative."),
    "claim_dates_ordered": ("service_date_to", "The last date of service cannot be before the first."),
    "claim_line_charge_not_negative": ("charge", "The charge cannot be negative."),
})


class ClaimLineInline(TenantTabularInline):
    model = ClaimLine
    area = Area.BILLING
    fields = ("line_number", "procedure_code", "modifiers", "diagnosis_pointers", "units", "charge", "service_date",
              "revenue_code")


class ClaimPaymentInline(ReadOnlyInlineMixin, TenantTabularInline):
    model = ClaimPayment
    area = Area.BILLING
    fk_name = "claim"
    verbose_name_plural = "Payments"
    fields = ("remittance", "status_code", "charge_amount", "paid_amount", "patient_responsibility",
              "payer_claim_control_number")
    readonly_fields = fields

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).select_related("remittance")


class DenialInline(ReadOnlyInlineMixin, TenantTabularInline):
    model = Denial
    area = Area.BILLING
    fk_name = "claim"
    verbose_name_plural = "Denials"
    fields = ("group_code", "carc_code", "denied_amount", "category", "status", "appeal_deadline", "assignee")
    readonly_fields = fields

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).select_related("assignee")


@admin.register(Claim)
class ClaimAdmin(EdiAdminViews, TenantModelAdmin):
    area = Area.BILLING
    list_display = ("patient_control_number", "patient", "payer", "service_date_from", "total_charge", "status_label",
                    "claim_type", "billing_provider")
    list_select_related = ("clinic", "patient", "payer", "billing_provider")
    list_filter = (
        ("status", ChoicesDropdownFilter),
        ("payer", ScopedRelatedFilter),
        ("claim_type", ChoicesDropdownFilter),
        ("service_date_from", RangeDateFilter),
    )
    date_hierarchy = "service_date_from"
    search_fields = ("=patient_control_number", "=payer_claim_control_number", "patient__last_name",
                     "patient__first_name", "patient__mrn")
    search_help_text = "Claim number (PCN) or payer claim number (exact), patient name or MRN"
    autocomplete_fields = ("patient", "billing_provider", "rendering_provider", "payer", "plan")
    inlines = (ClaimLineInline, ClaimPaymentInline, DenialInline)
    readonly_fields = ("amount_paid", "adjustment_lines", "summary")
    fieldsets = (
        (None, {"fields": ("clinic", "patient_control_number", "payer_claim_control_number", "status",
                           ("claim_type", "frequency_code"))}),
        ("Parties", {"fields": ("patient", ("billing_provider", "rendering_provider"), ("payer", "plan"))}),
        ("Service", {"fields": (("service_date_from", "service_date_to"), "place_of_service", "diagnosis_codes",
                                "prior_authorization_number")}),
        ("Money", {"fields": ("total_charge", "amount_paid", "adjustment_lines", "submitted_at")}),
        ("Lines, payments, denials and variance", {"fields": ("summary",)}),
    )

    @display(description="Status", label=CLAIM_STATUS_LABELS, ordering="status")
    def status_label(self, obj: Claim) -> tuple[str, str]:
        return obj.status, obj.get_status_display()

    def get_urls(self) -> list[Any]:
        return [*self.edi_urls(), *super().get_urls()]

    @display(description="Paid")
    def amount_paid(self, obj: Claim) -> Decimal:
        if obj.pk is None:
            return Decimal("0.00")
        total = obj.payments.aggregate(total=Sum("paid_amount"))["total"]
        # SQLite sums decimals without their scale (173 rather than 173.00).
        return (total if total is not None else Decimal(0)).quantize(CENTS)

    @display(description="Adjustments")
    def adjustment_lines(self, obj: Claim) -> Any:
        """Every CAS adjustment the payer made on this claim, from all its payments."""
        if obj.pk is None:
            return "-"
        adjustments = Adjustment.objects.filter(claim_payment__claim=obj).select_related("service_line_payment")
        if not adjustments:
            return "None"
        return format_html_join(mark_safe("<br>"), "{}-{}: {} ({}{})", (
            (a.group_code, a.reason_code, a.amount, a.get_group_code_display(),
             f", {a.service_line_payment.procedure_code}" if a.service_line_payment else "")
            for a in adjustments
        ))

    @display(description="In one place")
    def summary(self, obj: Claim) -> Any:
        """Lines as billed and as paid (with the contract's expected amount and the variance),
        each payment's adjustments and remarks in words, and the denials."""
        if obj.pk is None:
            return "-"
        return render_to_string("admin/claims/claim/summary.html", claim_summary(obj))


@admin.register(ClaimLine)
class ClaimLineAdmin(TenantModelAdmin):
    """Mostly reached from a claim; registered so denials and payments can search lines."""

    area = Area.BILLING
    list_display = ("claim", "line_number", "procedure_code", "units", "charge", "service_date")
    list_select_related = ("clinic", "claim")
    search_fields = ("=claim__patient_control_number", "procedure_code")
    autocomplete_fields = ("claim",)
    fields = ("clinic", "claim", "line_number", "procedure_code", "modifiers", "diagnosis_pointers", "units", "charge",
              "service_date", "revenue_code")


def claim_summary(claim: Claim) -> dict[str, Any]:
    """The context of the claim page's summary: every code described in two queries."""
    claim = claim_detail_list(clinic=claim.clinic).get(pk=claim.pk)
    payments = list(claim.payments.all())  # type: ignore[attr-defined]
    denials = list(claim.denials.all())  # type: ignore[attr-defined]
    line_payments = [lp for p in payments for lp in p.lines.all()]
    carcs = [a.reason_code for p in payments for a in p.claim_adjustments]  # type: ignore[attr-defined]
    carcs += [a.reason_code for lp in line_payments for a in lp.adjustments.all()] + [d.carc_code for d in denials]
    rarcs = [c for p in payments for c in p.remark_codes] + [c for lp in line_payments for c in lp.remark_codes]
    rarcs += [c for d in denials for c in d.rarc_codes]
    carc_text = descriptions(CodeSystem.CARC, carcs)
    rarc_text = descriptions(CodeSystem.RARC, rarcs)

    by_line: dict[Any, list[Any]] = {}
    for lp in line_payments:
        by_line.setdefault(lp.claim_line_id, []).append(lp)
    payment_rows = []
    for payment in payments:
        adjustments = [(a, "") for a in payment.claim_adjustments]  # type: ignore[attr-defined]
        adjustments += [(a, lp.procedure_code) for lp in payment.lines.all() for a in lp.adjustments.all()]
        codes = [*payment.remark_codes, *(c for lp in payment.lines.all() for c in lp.remark_codes)]
        payment_rows.append({
            "payment": payment,
            "adjustments": [
                {"adjustment": a, "line_code": code, "description": carc_text.get(a.reason_code, "")}
                for a, code in adjustments
            ],
            "remarks": [(code, rarc_text.get(code, "")) for code in dict.fromkeys(codes)],
        })
    underpaid = sum((lp.variance for lp in line_payments if lp.underpaid and lp.variance is not None), Decimal(0))
    return {
        "lines": [{"line": line, "payments": by_line.get(line.pk, [])} for line in claim.lines.all()],
        "payments": payment_rows,
        "denials": [
            {"denial": d, "description": carc_text.get(d.carc_code, ""),
             "remarks": [(c, rarc_text.get(c, "")) for c in d.rarc_codes]}
            for d in denials
        ],
        "underpaid_total": underpaid.quantize(CENTS) if underpaid else None,
    }
