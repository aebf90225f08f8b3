"""The EDI file records: a read-only list of received X12 files with pyx12's verdict on
each 837, and the action that asks pyx12 to check the selected 837s again ("Validate with
pyx12 (999)"). Files are only written by the import and validation services; the upload
and each file's result page are the claims admin's EDI pages (`claims.admin.edi`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import display

from claims.admin.edi import validation_context
from claims.models import EdiFile
from claims.services import edi_file_validation_queue
from clinics.admin_actions import confirm_then_each
from clinics.admin_base import CHANGE, READ, Area, TenantModelAdmin, actor_for, clinics_where, scope_to_clinics

VALIDATION_LABELS = {
    EdiFile.Validation.QUEUED: "info",
    EdiFile.Validation.RUNNING: "info",
    EdiFile.Validation.VALID: "success",
    EdiFile.Validation.ERRORS: "warning",
    EdiFile.Validation.FAILED: "danger",
}


@admin.register(EdiFile)
class EdiFileAdmin(TenantModelAdmin):
    area = Area.BILLING
    operations = READ
    list_display = (
        "file_link",
        "kind",
        "status",
        "validation_label",
        "acknowledgement_code",
        "validation_error_count",
        "units_imported",
        "units_rejected",
        "created_at",
    )
    list_select_related = ("clinic",)
    list_filter = (
        ("kind", ChoicesDropdownFilter),
        ("status", ChoicesDropdownFilter),
        ("validation_status", ChoicesDropdownFilter),
        ("source", ChoicesDropdownFilter),
    )
    search_fields = ("name", "=sha256")
    search_help_text = "File name, or its SHA-256 (exact)"
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fields = (
        "clinic",
        "file_link",
        "kind",
        "status",
        "source",
        "segment_count",
        "units_imported",
        "units_rejected",
        "units_skipped",
        "created_at",
        "imported_at",
        "validation_view",
    )
    readonly_fields = fields
    actions = ("validate_with_pyx12",)

    @display(description="File", ordering="name")
    def file_link(self, obj: EdiFile) -> str:
        return format_html('<a href="{}">{}</a>', reverse("admin:claims_edi_file", args=[obj.pk]), obj.name)

    @display(description="pyx12", label=VALIDATION_LABELS, ordering="validation_status")
    def validation_label(self, obj: EdiFile) -> tuple[str, str]:
        return obj.validation_status, obj.get_validation_status_display() if obj.validation_status else "-"

    @display(description="Implementation-guide check (pyx12)")
    def validation_view(self, obj: EdiFile) -> str:
        return render_to_string("admin/claims/edi/validation.html", validation_context(None, obj, with_form=False))

    # --- the action: queue pyx12's check of the selected 837s ----------------------------

    def has_validate_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(clinics_where(request, self.area, CHANGE))

    def may_validate(self, request: HttpRequest, edi_file: EdiFile) -> bool:
        """Asking for a check takes the right to change billing in the file's clinic."""
        return request.user.is_superuser or edi_file.clinic_id in clinics_where(request, self.area, CHANGE)

    @admin.action(description="Validate with pyx12 (999)", permissions=["validate"])
    def validate_with_pyx12(self, request: HttpRequest, queryset: QuerySet[EdiFile]) -> Any:
        actor = actor_for(request)
        files = (
            queryset
            if request.user.is_superuser
            else scope_to_clinics(queryset, clinics_where(request, self.area, CHANGE))
        )
        return confirm_then_each(
            self,
            request,
            files.filter(kind=EdiFile.Kind.CLAIMS).select_related("clinic"),
            title="Validate with pyx12",
            message="pyx12 checks each 837 against its implementation guide in the background and writes a 999 "
            "acknowledgement; the results appear on each file's page. Nothing imported changes. Only 837 files "
            "are listed.",
            submit_label="Validate",
            apply=lambda edi_file: edi_file_validation_queue(clinic=edi_file.clinic, edi_file=edi_file, actor=actor),
            done="Asked pyx12 to validate {count} file(s).",
            danger=False,
            describe=_describe,
        )


def _describe(edi_file: EdiFile) -> str:
    verdict = edi_file.get_validation_status_display() if edi_file.validation_status else "not validated"
    return f"{edi_file.name} ({edi_file.clinic}, {verdict})"
