"""The denial worklist: what is open, what it is worth, how long is left to appeal, and who
has it. Assigning and writing off are actions (audited, with a confirmation page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import display
from unfold.widgets import UnfoldAdminSelectWidget

from claims.models import Denial
from clinics.admin_actions import ConfirmForm, confirmation_page, confirmed_data
from clinics.admin_base import CHANGE, Area, TenantAdminForm, TenantModelAdmin, actor_for
from clinics.admin_filters import DeadlineFilter, ScopedRelatedFilter, values_filter
from clinics.admin_forms import explain_constraints
from clinics.models import Membership
from clinics.services import object_update

DENIAL_STATUS_LABELS = {
    Denial.Status.OPEN: "warning",
    Denial.Status.IN_APPEAL: "info",
    Denial.Status.OVERTURNED: "success",
    Denial.Status.UPHELD: "danger",
    Denial.Status.WRITTEN_OFF: "",
}
WORKABLE = (Denial.Status.OPEN, Denial.Status.UPHELD)
BILLING_ROLES = (Membership.Role.OWNER, Membership.Role.ADMIN, Membership.Role.BILLER)


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


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=get_user_model()._default_manager.none(), widget=UnfoldAdminSelectWidget)

    def __init__(self, *args: Any, staff: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]


@admin.register(Denial)
class DenialAdmin(TenantModelAdmin):
    area = Area.BILLING
    form = DenialForm
    list_display = ("claim", "patient", "payer", "denied", "reason", "status_label", "appeal_deadline", "days_left",
                    "assignee")
    list_select_related = ("clinic", "claim", "claim__patient", "claim__payer", "assignee")
    list_filter = (
        ("status", ChoicesDropdownFilter),
        ("category", ChoicesDropdownFilter),
        ("claim__payer", ScopedRelatedFilter),
        values_filter("carc_code", "CARC"),
        ("assignee", ScopedRelatedFilter),
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

    # --- actions ---------------------------------------------------------------------------

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Denial]) -> None:
        count = 0
        for denial in self.restrict(request, queryset, CHANGE):
            object_update(actor=actor_for(request), instance=denial, data={"assignee": request.user})
            count += 1
        self.message_user(request, f"Assigned {count} denial(s) to you.", messages.SUCCESS)

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
        their_clinics = set(
            Membership.objects.filter(user=assignee, role__in=BILLING_ROLES).values_list("clinic_id", flat=True)
        )
        done = skipped = 0
        for denial in queryset:
            # A denial only goes to someone who works denials for its clinic.
            if denial.clinic_id not in their_clinics:
                skipped += 1
                continue
            object_update(actor=actor_for(request), instance=denial, data={"assignee": assignee})
            done += 1
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
