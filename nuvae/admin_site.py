"""Small hooks for the admin theme."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def environment_badge(request: HttpRequest) -> list[str] | None:
    """Shown in the admin header so nobody mistakes the demo for production."""
    if settings.ENVIRONMENT == "production":
        return None
    colour = "warning" if settings.ENVIRONMENT == "development" else "info"
    return [settings.ENVIRONMENT.title(), colour]


# Grouped by how staff work, not by Django app. An item shows only when the user's role
# lets them see that list (see clinics/admin_base.py for the matrix).
_NAVIGATION: list[tuple[str, list[tuple[str, str, str, str]]]] = [
    ("Front desk", [
        ("Appointments", "event", "scheduling.appointment", ""),
        ("Patients", "person", "clinics.patient", ""),
        ("Providers", "stethoscope", "clinics.provider", ""),
        ("Visit types", "category", "scheduling.visittype", ""),
    ]),
    ("Billing", [
        ("Denials worklist", "assignment_late", "claims.denial", "?status__exact=OPEN"),
        ("Claims", "receipt_long", "claims.claim", ""),
        ("Remittances", "payments", "claims.remittance", ""),
        ("Claim payments", "request_quote", "claims.claimpayment", ""),
        ("Appeals", "gavel", "appeals.appeal", ""),
        ("Payers", "account_balance", "contracts.payer", ""),
        ("Payer plans", "list_alt", "contracts.payerplan", ""),
        ("Contracts", "handshake", "contracts.contract", ""),
    ]),
    ("Administration", [
        ("Clinics", "local_hospital", "clinics.clinic", ""),
        ("Staff memberships", "badge", "clinics.membership", ""),
        ("API keys", "key", "clinics.apikey", ""),
        ("Audit log", "history", "clinics.auditevent", ""),
        ("Users", "manage_accounts", "auth.user", ""),
        ("Groups", "groups", "auth.group", ""),
        ("Scheduled jobs", "schedule", "django_celery_beat.periodictask", ""),
    ]),
]


def sidebar_navigation(request: HttpRequest) -> list[dict[str, Any]]:
    from django.apps import apps
    from django.contrib import admin

    groups = []
    for title, entries in _NAVIGATION:
        items = []
        for label, icon, model_label, query in entries:
            model = apps.get_model(model_label)
            if not admin.site.is_registered(model):
                continue
            model_admin = admin.site.get_model_admin(model)
            if not model_admin.has_view_or_change_permission(request):
                continue
            opts = model._meta
            link = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + query
            items.append({"title": label, "icon": icon, "link": link})
        if items:
            groups.append({"title": title, "separator": True, "collapsible": False, "items": items})
    return groups
