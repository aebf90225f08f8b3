"""Remittances (835) and the per-claim payments, line payments and adjustments in them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from unfold.contrib.filters.admin import ChoicesDropdownFilter, DropdownFilter, RangeDateFilter
from unfold.decorators import display
from unfold.widgets import UnfoldAdminSelectWidget

from claims.models import Adjustment, Claim, ClaimPayment, ProviderAdjustment, Remittance, ServiceLinePayment
from claims.services import claim_payment_link
from clinics.admin_actions import confirmation_page, confirmed_data
from clinics.admin_base import CHANGE, Area, ReadOnlyInlineMixin, TenantModelAdmin, TenantTabularInline, actor_for
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


class ProviderAdjustmentInline(ReadOnlyInlineMixin, TenantTabularInline):
    model = ProviderAdjustment
    area = Area.BILLING
    verbose_name_plural = "Provider-level adjustments (PLB)"
    fields = ("reason_code", "reference", "amount", "provider_identifier", "fiscal_period_date")
    readonly_fields = fields


class ReconciledFilter(DropdownFilter):
    title = "reconciliation"
    parameter_name = "reconciled"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Reconciles"), ("no", "Does not reconcile")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(reconciliation_difference=0)
        if self.value() == "no":
            return queryset.exclude(reconciliation_difference=0)
        return queryset


@admin.register(Remittance)
class RemittanceAdmin(TenantModelAdmin):
    area = Area.BILLING
    list_display = ("trace_number", "payer", "payment_date", "payment_method", "payment_amount", "claim_count")
    list_select_related = ("clinic", "payer")
    list_filter = (
        ("payer", ScopedRelatedFilter),
        ("payment_method", ChoicesDropdownFilter),
        ("payment_date", RangeDateFilter),
        ReconciledFilter,
    )
    date_hierarchy = "payment_date"
    search_fields = ("=trace_number", "payer__name")
    search_help_text = "Trace (check/EFT) number, payer"
    autocomplete_fields = ("payer",)
    inlines = (ClaimPaymentInline, ProviderAdjustmentInline)
    fields = ("clinic", "payer", "trace_number", "payment_method", "payment_amount", "paid_to_claims", "payment_date",
              "reconciliation", "edi_file", "payee_name", "payee_identifier", "production_date", "source_file")
    readonly_fields = ("paid_to_claims", "reconciliation", "edi_file")

    @display(description="Reconciliation")
    def reconciliation(self, obj: Remittance) -> str:
        """BPR02 = claim payments - provider-level adjustments (PLB), as the 835 stated them."""
        if obj.pk is None or obj.edi_file_id is None:
            return "-"
        text = (f"claim payments {obj.claims_paid} - provider adjustments {obj.provider_adjustment_total} "
                f"= {obj.claims_paid - obj.provider_adjustment_total}")
        if obj.reconciled:
            return f"Reconciles: {text}."
        return f"DOES NOT RECONCILE: {text}, payment {obj.payment_amount}, difference {obj.reconciliation_difference}."

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


class LinkForm(forms.Form):
    claim = forms.ModelChoiceField(queryset=Claim.objects.none(), widget=UnfoldAdminSelectWidget,
                                   help_text="Claims of this clinic with the same charge or claim number come first.")

    def __init__(self, *args: Any, payment: ClaimPayment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        claims = Claim.objects.filter(clinic_id=payment.clinic_id).select_related("patient")
        likely = claims.filter(Q(total_charge=payment.charge_amount)
                               | Q(patient_control_number=payment.patient_control_number))
        self.fields["claim"].queryset = likely if likely.exists() else claims  # type: ignore[attr-defined]


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
    fields = ("clinic", "remittance", "claim", "match_method", "patient_control_number", "status_code",
              "charge_amount", "paid_amount", "patient_responsibility", "payer_claim_control_number",
              "patient_last_name", "patient_first_name", "patient_identifier", "statement_from", "statement_to",
              "remark_codes")
    readonly_fields = ("match_method",)
    actions = ("link_to_claim",)

    @admin.action(description="Link to a claim…", permissions=["change"])
    def link_to_claim(self, request: HttpRequest, queryset: QuerySet[ClaimPayment]) -> HttpResponse | None:
        """The unmatched-remittance queue's work: a person picks the claim a payment pays."""
        queryset = self.restrict(request, queryset, CHANGE).filter(claim__isnull=True).select_related(
            "clinic", "remittance")
        payments = list(queryset[:2])
        if len(payments) != 1:
            self.message_user(request, "Choose one unmatched payment to link.", messages.WARNING)
            return None
        payment = payments[0]
        form = LinkForm(confirmed_data(request), payment=payment)
        if not form.is_valid():
            return confirmation_page(
                self, request, queryset, form=form, title="Link a payment to its claim",
                message=f"Patient {payment.patient_first_name} {payment.patient_last_name}, claim number "
                        f"{payment.patient_control_number}, charge {payment.charge_amount}. Denials and the "
                        "claim's status follow from the payment once linked.",
                submit_label="Link",
            )
        claim = form.cleaned_data["claim"]
        claim_payment_link(clinic=payment.clinic, payment=payment, claim=claim, actor=actor_for(request))
        self.message_user(request, f"Linked the payment to claim {claim}.", messages.SUCCESS)
        return None
