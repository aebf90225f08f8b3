"""The denial worklist: what is open, what it is worth, how long is left to appeal, and who
has it. Assigning and writing off are actions (audited, with a confirmation page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import DateField, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from unfold.contrib.filters.admin import ChoicesDropdownFilter, DropdownFilter
from unfold.decorators import display
from unfold.widgets import UnfoldAdminSelectWidget

from claims.metrics import revenue_metrics
from claims.models import Claim, Denial
from claims.services import BILLING_ROLES, AssigneeNotInClinicError, denial_assign
from clinics.admin_actions import ConfirmForm, confirmation_page, confirmed_data
from clinics.admin_base import CHANGE, Area, TenantAdminForm, TenantModelAdmin, actor_for, staff_timezone
from clinics.admin_filters import DeadlineFilter, ScopedRelatedFilter, values_filter
from clinics.admin_forms import explain_constraints
from clinics.admin_roles import VIEW
from clinics.models import Membership, Provider
from clinics.services import object_update

DENIAL_STATUS_LABELS = {
    Denial.Status.OPEN: "warning",
    Denial.Status.IN_APPEAL: "info",
    Denial.Status.OVERTURNED: "success",
    Denial.Status.UPHELD: "danger",
    Denial.Status.WRITTEN_OFF: "",
}
WORKABLE = (Denial.Status.OPEN, Denial.Status.UPHELD)


explain_constraints({
    "denial_amount_not_negative": ("denied_amount", "The denied amount cannot be negative."),
})


def billing_staff(clinic_ids: list[Any]) -> QuerySet[Any]:
    """Users who work denials in these clinics."""
    members = Membership.objects.filter(clinic_id__in=clinic_ids, role__in=BILLING_ROLES).values("user_id")
    return get_user_model()._default_manager.filter(pk__in=members, is_active=True).order_by("username")


class DenialForm(TenantAdminForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        claim = data.get("claim")
        line = data.get("claim_line")
        payment = data.get("claim_payment")
        if claim is not None and line is not None and line.claim_id != claim.pk:
            self.add_error("claim_line", "Choose a line of this claim.")
        if claim is not None and payment is not None and payment.claim_id not in (None, claim.pk):
            self.add_error("claim_payment", "This payment is for another claim.")
        return data


class ProviderFilter(DropdownFilter):
    """The claim's billing or rendering provider: staff look for "Dr X's denials" whichever
    role the 837 gave her."""

    title = "provider"
    parameter_name = "provider"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        seen = Claim.objects.filter(pk__in=model_admin.get_queryset(request).values("claim_id"))
        providers = Provider.objects.filter(
            Q(pk__in=seen.values("billing_provider_id")) | Q(pk__in=seen.values("rendering_provider_id"))
        ).order_by("last_name", "first_name")
        return [(str(p.pk), str(p)) for p in providers]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        if value not in {key for key, _ in self.lookup_choices}:
            return queryset.none()
        return queryset.filter(Q(claim__billing_provider_id=value) | Q(claim__rendering_provider_id=value))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=get_user_model()._default_manager.none(), widget=UnfoldAdminSelectWidget)

    def __init__(self, *args: Any, staff: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]


@admin.register(Denial)
class DenialAdmin(TenantModelAdmin):
    area = Area.BILLING
    form = DenialForm
    list_display = ("claim", "patient", "payer", "denied", "reason", "category_label", "status_label", "age",
                    "appeal_deadline", "days_left", "assignee")
    list_select_related = ("clinic", "claim", "claim__patient", "claim__payer", "assignee")
    list_filter = (
        ("status", ChoicesDropdownFilter),
        ("category", ChoicesDropdownFilter),
        ("claim__payer", ScopedRelatedFilter),
        values_filter("carc_code", "CARC"),
        ("assignee", ScopedRelatedFilter),
        ProviderFilter,
        DeadlineFilter,
    )
    ordering = ("appeal_deadline", "-denied_amount")
    search_fields = ("=claim__patient_control_number", "=claim__payer_claim_control_number", "carc_code",
                     "claim__patient__last_name", "claim__patient__mrn")
    search_help_text = "Claim number (exact), CARC, patient name or MRN"
    autocomplete_fields = ("claim", "claim_line", "claim_payment")
    readonly_fields = ("appeal_links",)
    fieldsets = (
        (None, {"fields": ("clinic", "claim", "claim_line", "claim_payment")}),
        ("Reason", {"fields": (("group_code", "carc_code"), "rarc_codes", "category", "denied_amount")}),
        ("Work", {"fields": ("status", "appeal_deadline", "assignee", "appeal_links")}),
    )
    actions = ("assign_to_me", "assign", "write_off")

    @display(description="Patient", ordering="claim__patient__last_name")
    def patient(self, obj: Denial) -> Any:
        return obj.claim.patient

    @display(description="Payer", ordering="claim__payer__name")
    def payer(self, obj: Denial) -> Any:
        return obj.claim.payer

    @display(description="Denied", ordering="denied_amount")
    def denied(self, obj: Denial) -> Any:
        return obj.denied_amount

    @display(description="Reason", ordering="carc_code")
    def reason(self, obj: Denial) -> Any:
        return format_html("{}-{}<br>{}", obj.group_code, obj.carc_code, obj.get_category_display())

    @display(description="Category", ordering="category")
    def category_label(self, obj: Denial) -> str:
        return obj.get_category_display()

    @display(description="Age", ordering="denied_on")
    def age(self, obj: Denial) -> str:
        """Days since the payer denied it (the remittance date; the day it was recorded when
        no remittance is linked)."""
        denied_on = getattr(obj, "denied_on", None)
        if denied_on is None:
            return "—"
        days = (timezone.localdate(timezone=obj.clinic.tzinfo) - denied_on).days
        return f"{days} {_days(days)}"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Denial]:
        return super().get_queryset(request).annotate(
            denied_on=Coalesce(
                "claim_payment__remittance__payment_date", TruncDate("created_at"), output_field=DateField()
            )
        )

    @display(description="Status", label=DENIAL_STATUS_LABELS, ordering="status")
    def status_label(self, obj: Denial) -> tuple[str, str]:
        return obj.status, obj.get_status_display()

    @display(description="Days left", ordering="appeal_deadline",
             label={"overdue": "danger", "soon": "warning", "ok": "info", "none": ""})
    def days_left(self, obj: Denial) -> Any:
        if obj.appeal_deadline is None or obj.status not in WORKABLE:
            return "none", "—"
        days = (obj.appeal_deadline - timezone.localdate(timezone=obj.clinic.tzinfo)).days
        if days < 0:
            return "overdue", f"{-days} {_days(-days)} late"
        return ("soon" if days <= 14 else "ok"), f"{days} {_days(days)}"

    @display(description="Appeals")
    def appeal_links(self, obj: Denial) -> Any:
        if obj.pk is None:
            return "-"
        appeals = list(obj.appeals.all())  # type: ignore[attr-defined]
        if not appeals:
            return "None yet"
        return format_html_join(
            ", ", '<a href="{}">Level {} ({})</a>',
            ((reverse("admin:appeals_appeal_change", args=[a.pk]), a.level, a.get_status_display()) for a in appeals),
        )

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        return super().changelist_view(request, {"title": "Denials worklist", **(extra_context or {})})

    def get_urls(self) -> list[Any]:
        dashboard = path("dashboard/", self.admin_site.admin_view(self.dashboard_view), name="claims_dashboard")
        return [dashboard, *super().get_urls()]

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        """Denial rate by payer and by category, dollars denied, days in A/R and underpayments,
        for the clinics whose denials this user may see."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        with timezone.override(staff_timezone(request)):
            today = timezone.localdate()
        metrics = revenue_metrics(clinic_ids=self.clinic_ids_for(request, VIEW, CHANGE), today=today)
        charts = [
            {"title": "Denial rate by payer (claims with a posted payment)", "bars": metrics.denial_rate_by_payer,
             "prefix": "", "suffix": "%"},
            {"title": "Dollars denied by category", "bars": metrics.denied_by_category, "prefix": "$", "suffix": ""},
            {"title": "Underpaid against the contract, by payer", "bars": metrics.underpaid_by_payer, "prefix": "$",
             "suffix": ""},
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Revenue dashboard",
            "opts": self.model._meta,
            "m": metrics,
            "charts": charts,
            "underpaid_url": reverse("admin:claims_servicelinepayment_changelist") + "?underpaid=yes",
        }
        return TemplateResponse(request, "admin/claims/dashboard.html", context)

    # --- actions ---------------------------------------------------------------------------

    def _assign(self, request: HttpRequest, denials: QuerySet[Denial], assignee: Any) -> tuple[int, int]:
        """Assign clinic by clinic through the service; returns (assigned, skipped) where
        skipped are denials of clinics the assignee does not work denials for."""
        by_clinic: dict[Any, list[Denial]] = {}
        for denial in denials.select_related("clinic"):
            by_clinic.setdefault(denial.clinic_id, []).append(denial)
        done = skipped = 0
        for group in by_clinic.values():
            try:
                denial_assign(clinic=group[0].clinic, denials=group, assignee=assignee, actor=actor_for(request))
            except AssigneeNotInClinicError:
                skipped += len(group)
            else:
                done += len(group)
        return done, skipped

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Denial]) -> None:
        done, skipped = self._assign(request, self.restrict(request, queryset, CHANGE), request.user)
        self.message_user(request, f"Assigned {done} denial(s) to you.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"Skipped {skipped} denial(s) of clinics where you do not work denials.",
                              messages.WARNING)

    @admin.action(description="Assign to…", permissions=["change"])
    def assign(self, request: HttpRequest, queryset: QuerySet[Denial]) -> HttpResponse | None:
        queryset = self.restrict(request, queryset, CHANGE).select_related("clinic", "claim")
        clinic_ids = list(queryset.values_list("clinic_id", flat=True).distinct())
        form = AssignForm(confirmed_data(request), staff=billing_staff(clinic_ids))
        if not form.is_valid():
            return confirmation_page(self, request, queryset, form=form, title="Assign denials",
                                     message="Choose who works these denials.", submit_label="Assign",
                                     describe=_describe)
        assignee = form.cleaned_data["assignee"]
        # A denial only goes to someone who works denials for its clinic (the service refuses others).
        done, skipped = self._assign(request, queryset, assignee)
        self.message_user(request, f"Assigned {done} denial(s) to {assignee}.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"Skipped {skipped} denial(s) of clinics {assignee} does not work for.",
                              messages.WARNING)
        return None

    @admin.action(description="Write off…", permissions=["change"])
    def write_off(self, request: HttpRequest, queryset: QuerySet[Denial]) -> HttpResponse | None:
        queryset = self.restrict(request, queryset, CHANGE).filter(status__in=WORKABLE).select_related("claim")
        form = ConfirmForm(confirmed_data(request))
        if not form.is_valid():
            return confirmation_page(
                self, request, queryset, form=form, title="Write off denials", danger=True,
                message="The denied amounts are given up and the denials leave the worklist. Only open and "
                        "upheld denials are listed.",
                submit_label="Write off", describe=_describe,
            )
        count = 0
        for denial in queryset:
            object_update(actor=actor_for(request), instance=denial, data={"status": Denial.Status.WRITTEN_OFF})
            count += 1
        self.message_user(request, format_html("Wrote off {} denial(s).", count), messages.SUCCESS)
        return None


def _days(count: int) -> str:
    return "day" if count == 1 else "days"


def _describe(denial: Denial) -> str:
    return f"{denial.claim.patient_control_number}: {denial.group_code}-{denial.carc_code}, ${denial.denied_amount}"
