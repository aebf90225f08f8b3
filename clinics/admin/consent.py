"""Consents: which patient or conversation agreed to what text, when, and how.

Rows are recorded by the chat and SMS channels; staff read them and withdraw one when a
patient asks (withdrawing is audited and cannot be undone: consenting again is a new row).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import display

from clinics.admin_actions import confirm_then_each
from clinics.admin_base import CHANGE, READ, Area, TenantModelAdmin, actor_for, clinics_where, scope_to_clinics
from clinics.admin_forms import explain_constraints
from clinics.consent import consent_withdraw
from clinics.models import Consent

explain_constraints({
    "consent_has_subject": (None, "A consent belongs to a patient or to a conversation."),
    "consent_withdrawn_after_given": ("withdrawn_at", "Consent cannot be withdrawn before it was given."),
})


@admin.register(Consent)
class ConsentAdmin(TenantModelAdmin):
    area = Area.PATIENTS
    operations = READ
    list_display = ("given_at", "kind", "subject", "channel", "version", "state_label", "withdrawn_at")
    list_select_related = ("clinic", "patient")
    list_filter = (("kind", ChoicesDropdownFilter), ("channel", ChoicesDropdownFilter))
    search_fields = ("patient__last_name", "patient__first_name", "=conversation_key")
    search_help_text = "Patient name, or a conversation id (exact)"
    date_hierarchy = "given_at"
    autocomplete_fields = ("patient",)
    fields = ("clinic", "patient", "conversation_key", "kind", "channel", "version", "text", "given_at", "withdrawn_at")
    readonly_fields = fields
    actions = ("withdraw",)

    @display(description="Patient or conversation")
    def subject(self, obj: Consent) -> str:
        return str(obj.patient) if obj.patient_id else f"conversation {obj.conversation_key[:8]}…"

    @display(description="State", label={"Active": "success", "Withdrawn": "danger"})
    def state_label(self, obj: Consent) -> str:
        return "Active" if obj.is_active else "Withdrawn"

    def has_withdraw_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(clinics_where(request, Area.PATIENTS, CHANGE))

    @admin.action(description="Withdraw selected consents", permissions=["withdraw"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Consent]) -> Any:
        if not request.user.is_superuser:
            queryset = scope_to_clinics(queryset, clinics_where(request, Area.PATIENTS, CHANGE))
        actor = actor_for(request)
        return confirm_then_each(
            self, request, queryset.filter(withdrawn_at__isnull=True),
            title="Withdraw consents",
            message="The assistant will ask again before it continues a conversation with these patients.",
            submit_label="Withdraw",
            apply=lambda consent: consent_withdraw(actor=actor, consent=consent),
            done="Withdrew {count} consent(s).",
        )
