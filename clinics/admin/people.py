"""Providers and patients: the front desk's daily lookups."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

import phonenumbers
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from unfold.contrib.filters.admin import BooleanRadioFilter, ChoicesDropdownFilter
from unfold.decorators import display

from clinics.admin_base import Area, TenantAdminForm, TenantModelAdmin
from clinics.admin_fields import weekly_hours_html
from clinics.admin_filters import values_filter
from clinics.admin_forms import explain_constraints
from clinics.models import Patient, Provider

PROVIDER_STATUS_LABELS = {
    Provider.Status.ACTIVE: "success",
    Provider.Status.ON_LEAVE: "warning",
    Provider.Status.INACTIVE: "danger",
}
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y")


explain_constraints({
    "provider_npi_unique_per_clinic": ("npi", "Another provider of this clinic has this NPI."),
    "provider_default_minutes_range": ("default_appointment_minutes", "Give a length between 5 and 480 minutes."),
    "patient_mrn_unique_per_clinic": ("mrn", "Another patient of this clinic has this MRN."),
})


def parse_search_date(term: str) -> dt.date | None:
    """A date typed the way the front desk types it (1980-04-02, 04/02/1980, 4/2/80)."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(term.strip(), fmt).date()  # noqa: DTZ007 - a date, no time zone
        except ValueError:
            continue
    return None


def readable_phone(value: str) -> str:
    """+16075550120 as (607) 555-0120; numbers of other countries in international form."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    style = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 1 else (
        phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


@admin.register(Provider)
class ProviderAdmin(TenantModelAdmin):
    area = Area.PROVIDERS
    list_display = (
        "display_name", "specialty", "npi", "status_label", "accepting_new_patients", "default_appointment_minutes",
        "phone_number",
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

    read_only_displays: ClassVar[dict[str, str]] = {
        "weekly_schedule": "weekly_schedule_text", "languages": "languages_text",
    }

    @display(description="Provider", ordering="last_name")
    def display_name(self, obj: Provider) -> str:
        return obj.display_name

    @display(description="Phone", ordering="phone")
    def phone_number(self, obj: Provider) -> str:
        return readable_phone(obj.phone)

    @display(description="Languages")
    def languages_text(self, obj: Provider) -> str:
        return ", ".join(obj.languages) or "-"

    @display(description="Weekly schedule")
    def weekly_schedule_text(self, obj: Provider) -> str:
        return weekly_hours_html(obj.weekly_schedule)

    @display(description="Status", label=PROVIDER_STATUS_LABELS, ordering="status")
    def status_label(self, obj: Provider) -> tuple[str, str]:
        return obj.status, obj.get_status_display()


@admin.register(Patient)
class PatientAdmin(TenantModelAdmin):
    area = Area.PATIENTS
    form = TenantAdminForm
    list_display = ("full_name", "date_of_birth", "phone_number", "mrn", "email", "preferred_language", "sms")
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

    @display(description="Phone", ordering="phone")
    def phone_number(self, obj: Patient) -> str:
        return readable_phone(obj.phone)

    @display(description="SMS", boolean=True, ordering="sms_opt_in")
    def sms(self, obj: Patient) -> bool:
        return obj.sms_opt_in

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # "Clark, Victoria" is how the list shows a name, so it is how staff type it.
        words = search_term.replace(",", " ")
        results, may_have_duplicates = super().get_search_results(request, queryset, words)
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
