"""The audit log: read-only for everyone, superusers included."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.utils.html import format_html
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


@admin.register(AuditEvent)
class AuditEventAdmin(TenantModelAdmin):
    area = Area.AUDIT
    # Append-only: the model refuses changes too, but the admin should not even offer them.
    operations = READ
    list_display = (
        "occurred_at", "action", "severity_label", "actor_type", "actor_label", "resource_type", "resource_id",
        "request_id", "ip",
    )
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
        "occurred_at", "clinic", "action", "severity", "actor_type", "actor_label", "actor_user", "actor_api_key",
        "resource_type", "resource_id", "details_pretty", "ip", "user_agent", "request_id",
    )
    readonly_fields = fields
    actions = None

    @display(description="Severity", label=SEVERITY_LABELS, ordering="severity")
    def severity_label(self, obj: AuditEvent) -> tuple[str, str]:
        return obj.severity, obj.get_severity_display()

    @display(description="Details")
    def details_pretty(self, obj: AuditEvent) -> Any:
        return format_html("<pre class=\"whitespace-pre-wrap\">{}</pre>", json.dumps(obj.details, indent=2,
                                                                                     sort_keys=True))
