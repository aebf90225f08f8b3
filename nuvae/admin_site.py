"""Small hooks for the admin theme: the header badge, the sidebar and the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone


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
        ("Appointments", "event", "scheduling.appointment", "?day=upcoming"),
        ("Patients", "person", "clinics.patient", ""),
        ("Providers", "stethoscope", "clinics.provider", ""),
        ("Visit types", "category", "scheduling.visittype", ""),
        ("Closures", "event_busy", "scheduling.clinicclosure", "?when=upcoming"),
        ("Provider time off", "beach_access", "scheduling.providertimeoff", ""),
    ]),
    ("Receptionist", [
        ("Handoffs", "support_agent", "scheduling.handoffrequest", "?status__exact=open"),
        ("Conversations", "forum", "scheduling.conversationsession", ""),
    ]),
    ("Clinical records", [
        ("Patient charts", "clinical_notes", "fhir_sync.patientchart", ""),
        ("Encounters", "local_hospital", "fhir_sync.encounter", ""),
        ("Conditions", "coronavirus", "fhir_sync.condition", ""),
        ("Procedures", "healing", "fhir_sync.procedure", ""),
        ("Observations", "monitor_heart", "fhir_sync.observation", ""),
        ("Allergies", "warning", "fhir_sync.allergyintolerance", ""),
        ("Medication requests", "medication", "fhir_sync.medicationrequest", ""),
        ("Coverage", "health_and_safety", "fhir_sync.coverage", ""),
        ("Match suggestions", "join_inner", "fhir_sync.patientmatchsuggestion", "?status__exact=open"),
    ]),
    ("Billing", [
        ("Denials worklist", "assignment_late", "claims.denial", "?status__exact=OPEN"),
        ("Revenue dashboard", "monitoring", "claims.denial", "dashboard/"),
        ("Claims", "receipt_long", "claims.claim", ""),
        ("EDI files (837/835)", "upload_file", "claims.claim", "edi/"),
        ("Remittances", "payments", "claims.remittance", ""),
        ("Claim payments", "request_quote", "claims.claimpayment", ""),
        ("Unmatched payments", "link_off", "claims.claimpayment", "?matched=no"),
        ("Underpaid lines", "trending_down", "claims.servicelinepayment", "?underpaid=yes"),
        ("Appeals", "gavel", "appeals.appeal", ""),
        ("Payers", "account_balance", "contracts.payer", ""),
        ("Payer plans", "list_alt", "contracts.payerplan", ""),
        ("Contracts", "handshake", "contracts.contract", ""),
    ]),
    ("Administration", [
        ("Clinics", "local_hospital", "clinics.clinic", ""),
        ("Staff memberships", "badge", "clinics.membership", ""),
        ("API keys", "key", "clinics.apikey", ""),
        ("FHIR sources", "cable", "fhir_sync.fhirsource", ""),
        ("Chat widgets", "chat", "chat.widgetconfig", ""),
        ("FHIR deliveries", "inbox", "fhir_sync.fhirdelivery", ""),
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
            # A query starting without "?" is a page under the list ("edi/": the claims admin's EDI files;
            # "dashboard/": the denials admin's revenue dashboard).
            link = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + query
            items.append({"title": label, "icon": icon, "link": link})
        if items:
            groups.append({"title": title, "separator": True, "collapsible": False, "items": items})
    return groups


# --- the dashboard: what needs doing today, for the lists this user works ----------------


@dataclass(frozen=True)
class Card:
    title: str
    value: str
    note: str
    link: str
    urgent: bool = False


def _visible(request: HttpRequest, model_label: str) -> Any:
    """The admin of `model_label` when this user may see its list, else None."""
    from django.apps import apps
    from django.contrib import admin

    model = apps.get_model(model_label)
    if not admin.site.is_registered(model):
        return None
    model_admin = admin.site.get_model_admin(model)
    return model_admin if model_admin.has_view_or_change_permission(request) else None


def _changelist(model_admin: Any, query: str) -> str:
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + query


def _schedule_cards(request: HttpRequest, appointments: Any) -> list[Card]:
    model = appointments.model
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today = appointments.get_queryset(request).filter(start_at__gte=start, start_at__lt=start + dt.timedelta(days=1))
    from django.db.models import Count, Q

    counts = today.aggregate(
        booked=Count("pk", filter=~Q(status__in=[model.Status.CANCELLED, model.Status.RESCHEDULED])),
        arrived=Count("pk", filter=Q(status__in=[model.Status.CHECKED_IN, model.Status.COMPLETED])),
        cancelled=Count("pk", filter=Q(status=model.Status.CANCELLED)),
    )
    return [Card("Appointments today", str(counts["booked"]),
                 f"{counts['arrived']} checked in or seen, {counts['cancelled']} cancelled",
                 _changelist(appointments, "?day=today"))]


def _denial_cards(request: HttpRequest, denials: Any) -> list[Card]:
    from django.db.models import Count, Q, Sum

    model = denials.model
    today = timezone.localdate()
    is_open = Q(status=model.Status.OPEN)
    # The same conditions as the worklist's status and deadline filters the cards link to.
    totals = denials.get_queryset(request).aggregate(
        open=Count("pk", filter=is_open),
        worth=Sum("denied_amount", filter=is_open),
        due=Count("pk", filter=is_open & Q(appeal_deadline__gte=today,
                                           appeal_deadline__lte=today + dt.timedelta(days=7))),
        late=Count("pk", filter=is_open & Q(appeal_deadline__lt=today)),
    )
    worth = (totals["worth"] or Decimal(0)).quantize(Decimal("0.01"))
    return [
        Card("Open denials", str(totals["open"]), f"${worth:,} denied", _changelist(denials, "?status__exact=OPEN")),
        Card("Appeal due within 7 days", str(totals["due"]), "open denials",
             _changelist(denials, "?status__exact=OPEN&deadline=7"), urgent=bool(totals["due"])),
        Card("Past the appeal deadline", str(totals["late"]), "open denials",
             _changelist(denials, "?status__exact=OPEN&deadline=overdue"), urgent=bool(totals["late"])),
    ]


def _payment_cards(request: HttpRequest, payments: Any) -> list[Card]:
    unmatched = payments.get_queryset(request).filter(claim__isnull=True).count()
    return [Card("Payments without a claim", str(unmatched), "remitted but not matched to a claim",
                 _changelist(payments, "?matched=no"), urgent=bool(unmatched))]


def dashboard(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    """Cards on the admin's front page, counted through each list's own (clinic-scoped) admin."""
    from clinics.admin_base import staff_timezone

    cards: list[Card] = []
    with timezone.override(staff_timezone(request)):
        if appointments := _visible(request, "scheduling.appointment"):
            cards += _schedule_cards(request, appointments)
        if denials := _visible(request, "claims.denial"):
            cards += _denial_cards(request, denials)
        if payments := _visible(request, "claims.claimpayment"):
            cards += _payment_cards(request, payments)
    return {**context, "nuvae_cards": cards}
