"""The audit log: read-only for everyone, superusers included."""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from unfold.contrib.filters.admin import ChoicesDropdownFilter, RangeDateTimeFilter
from unfold.decorators import display

from clinics.admin_base import READ, Area, TenantModelAdmin
from clinics.models import AuditEvent

SEVERITY_LABELS = {
    AuditEvent.Severity.INFO: "info",
    AuditEvent.Severity.WARNING: "warning",
    AuditEvent.Severity.ERROR: "danger",
    AuditEvent.Severity.CRITICAL: "danger",
}


def _model_of(resource_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(resource_type)
    except (LookupError, ValueError):
        return None


@admin.register(AuditEvent)
class AuditEventAdmin(TenantModelAdmin):
    area = Area.AUDIT
    # Append-only: the model refuses changes too, but the admin should not even offer them.
    operations = READ
    list_display = ("occurred_at", "action", "severity_label", "actor", "resource", "ip_address")
    list_select_related = ("clinic",)
    list_filter = (
        ("action", ChoicesDropdownFilter),
        ("severity", ChoicesDropdownFilter),
        ("actor_type", ChoicesDropdownFilter),
        ("occurred_at", RangeDateTimeFilter),
    )
    date_hierarchy = "occurred_at"
    search_fields = ("=resource_id", "=request_id", "actor_label", "resource_type")
    search_help_text = "Resource id or request id (exact), actor or resource type"
    fields = (
        "occurred_at", "clinic", "action", "severity", "actor_type", "actor_label", "actor_user", "api_key",
        "resource", "resource_id", "details_pretty", "ip_address", "user_agent", "request_id",
    )
    readonly_fields = fields
    actions = None

    @display(description="Severity", label=SEVERITY_LABELS, ordering="severity")
    def severity_label(self, obj: AuditEvent) -> tuple[str, str]:
        return obj.severity, obj.get_severity_display()

    @display(description="Actor", ordering="actor_label")
    def actor(self, obj: AuditEvent) -> str:
        return obj.actor_label

    @display(description="Resource", ordering="resource_type")
    def resource(self, obj: AuditEvent) -> Any:
        """The record's kind and the start of its id, linked to its admin page when it has one."""
        model = _model_of(obj.resource_type)
        if model is None:
            return f"{obj.resource_type} {obj.resource_id[:8]}".strip() or "-"
        text = f"{capfirst(model._meta.verbose_name)} {obj.resource_id[:8]}"
        if not obj.resource_id or not admin.site.is_registered(model):
            return text
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.resource_id])
        except NoReverseMatch:
            return text
        return format_html('<a href="{}" title="{}">{}</a>', url, obj.resource_id, text)

    @display(description="API key")
    def api_key(self, obj: AuditEvent) -> Any:
        return obj.actor_api_key or "-"

    @display(description="IP address", ordering="ip")
    def ip_address(self, obj: AuditEvent) -> str:
        return obj.ip or "-"

    @display(description="Details")
    def details_pretty(self, obj: AuditEvent) -> Any:
        return format_html("<pre class=\"whitespace-pre-wrap\">{}</pre>", json.dumps(obj.details, indent=2,
                                                                                     sort_keys=True))
