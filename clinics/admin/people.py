"""Providers and patients: the front desk's daily lookups."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesDropdownFilter
from unfold.decorators import display

from clinics.admin_base import Area, TenantModelAdmin
from clinics.admin_filters import values_filter
from clinics.models import Patient, Provider

PROVIDER_STATUS_LABELS = {
    Provider.Status.ACTIVE: "success",
    Provider.Status.ON_LEAVE: "warning",
    Provider.Status.INACTIVE: "danger",
}
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y")


def parse_search_date(term: str) -> dt.date | None:
    """A date typed the way the front desk types it (1980-04-02, 04/02/1980, 4/2/80)."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(term.strip(), fmt).date()  # noqa: DTZ007 - a date, no time zone
        except ValueError:
            continue
    return None


@admin.register(Provider)
class ProviderAdmin(TenantModelAdmin):
    area = Area.PROVIDERS
    list_display = (
        "display_name", "specialty", "npi", "status_label", "accepting_new_patients", "default_appointment_minutes",
        "phone",
    )
    list_select_related = ("clinic",)
    list_filter = (
        ("status", ChoicesDropdownFilter),
        values_filter("specialty", "specialty"),
        ("accepting_new_patients", BooleanRadioFilter),
    )
    search_fields = ("first_name", "last_name", "npi", "specialty", "email", "external_id")
    ordering = ("last_name", "first_name")
    fieldsets = (
        (None, {"fields": ("clinic", ("first_name", "last_name"), ("title", "specialty"), "npi")}),
        ("Contact", {"fields": ("email", "phone")}),
        ("Scheduling", {"fields": ("status", "accepting_new_patients", "default_appointment_minutes",
                                   "weekly_schedule", "languages")}),
        ("Profile", {"fields": ("bio", "external_id")}),
    )

    @display(description="Provider", ordering="last_name")
    def display_name(self, obj: Provider) -> str:
        return obj.display_name

    @display(description="Status", label=PROVIDER_STATUS_LABELS, ordering="status")
    def status_label(self, obj: Provider) -> tuple[str, str]:
        return obj.status, obj.get_status_display()


@admin.register(Patient)
class PatientAdmin(TenantModelAdmin):
    area = Area.PATIENTS
    list_display = ("full_name", "date_of_birth", "phone", "mrn", "email", "preferred_language", "sms_opt_in")
    list_select_related = ("clinic",)
    list_filter = (
        ("sex", ChoicesDropdownFilter),
        values_filter("preferred_language", "preferred language"),
        ("sms_opt_in", BooleanRadioFilter),
        ("email_opt_in", BooleanRadioFilter),
    )
    search_fields = ("first_name", "last_name", "mrn", "email", "external_id")
    search_help_text = "Name, MRN, email, date of birth (04/02/1980) or phone number"
    ordering = ("last_name", "first_name")
    fieldsets = (
        (None, {"fields": ("clinic", ("first_name", "last_name"), "date_of_birth", ("sex", "gender_identity"),
                           ("mrn", "external_id"))}),
        ("Contact", {"fields": ("phone", "email", ("phone_verified", "email_verified"))}),
        ("Address", {"fields": ("address_line1", "address_line2", ("city", "state", "postal_code"))}),
        ("Preferences", {"fields": ("preferred_language", ("sms_opt_in", "email_opt_in"))}),
        ("Notes", {"fields": ("notes",)}),
    )

    @display(description="Patient", ordering="last_name")
    def full_name(self, obj: Patient) -> str:
        return f"{obj.last_name}, {obj.first_name}"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return results, may_have_duplicates
        extra = Q()
        if (born := parse_search_date(term)) is not None:
            extra |= Q(date_of_birth=born)
        digits = re.sub(r"\D", "", term)
        if len(digits) >= 7:
            # Phones are stored in E.164; match on the national number however it was typed.
            extra |= Q(phone__endswith=digits[-10:])
        if extra:
            results = results | queryset.filter(extra)
        return results, may_have_duplicates
