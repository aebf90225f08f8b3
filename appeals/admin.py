"""Appeals of denials: the letter, its level and where it stands."""

from __future__ import annotations

from django.contrib import admin
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import display

from appeals.models import Appeal
from clinics.admin_base import Area, TenantModelAdmin
from clinics.admin_filters import ScopedRelatedFilter
from clinics.admin_forms import explain_constraints

APPEAL_STATUS_LABELS = {
    Appeal.Status.DRAFT: "",
    Appeal.Status.READY: "info",
    Appeal.Status.SUBMITTED: "primary",
    Appeal.Status.WON: "success",
    Appeal.Status.LOST: "danger",
}


explain_constraints({
    "appeal_one_per_level": ("level", "This denial already has an appeal at this level."),
})


@admin.register(Appeal)
class AppealAdmin(TenantModelAdmin):
    area = Area.BILLING
    list_display = ("denial", "claim_number", "level", "status_label", "source", "author", "submitted_at",
                    "outcome_at")
    list_select_related = ("clinic", "denial", "denial__claim", "author")
    list_filter = (
        ("status", ChoicesDropdownFilter),
        ("level", ChoicesDropdownFilter),
        ("source", ChoicesDropdownFilter),
        ("author", ScopedRelatedFilter),
    )
    search_fields = ("=denial__claim__patient_control_number", "denial__carc_code", "denial__claim__patient__last_name")
    search_help_text = "Claim number (exact), CARC, patient name"
    autocomplete_fields = ("denial",)
    fieldsets = (
        (None, {"fields": ("clinic", "denial", "level", "source", "status", "author")}),
        ("Letter", {"fields": ("letter_text",)}),
        ("Outcome", {"fields": ("submitted_at", "outcome", "outcome_at")}),
    )

    @display(description="Claim", ordering="denial__claim__patient_control_number")
    def claim_number(self, obj: Appeal) -> str:
        return obj.denial.claim.patient_control_number

    @display(description="Status", label=APPEAL_STATUS_LABELS, ordering="status")
    def status_label(self, obj: Appeal) -> tuple[str, str]:
        return obj.status, obj.get_status_display()
