"""The receptionist's conversations and the front desk's handoff queue.

Both are read-only records: a conversation is written only by the engine, a handoff changes
only through the "Claim" and "Close" actions, which call `scheduling.receptionist.handoff`
(audited). Transcripts shown here are the REDACTED ones (identifiers are placeholders such
as `[PERSON_1]`): the table never holds the patient's own words. The collected data (which
holds the identifiers the patient typed) is left out of these pages for the same reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from unfold.contrib.filters.admin import ChoicesDropdownFilter
from unfold.decorators import display

from clinics.admin_actions import confirm_then_each
from clinics.admin_base import CHANGE, READ, Area, TenantModelAdmin, actor_for, clinics_where, scope_to_clinics
from scheduling.models import ConversationSession, HandoffRequest
from scheduling.receptionist.handoff import handoff_claim, handoff_close

OUTCOME_LABELS = {
    ConversationSession.Outcome.OPEN: "info",
    ConversationSession.Outcome.BOOKED: "success",
    ConversationSession.Outcome.RESCHEDULED: "success",
    ConversationSession.Outcome.CANCELLED: "warning",
    ConversationSession.Outcome.ANSWERED: "primary",
    ConversationSession.Outcome.HANDED_OFF: "warning",
    ConversationSession.Outcome.ABANDONED: "",
    ConversationSession.Outcome.ERROR: "danger",
}
HANDOFF_STATUS_LABELS = {
    HandoffRequest.Status.OPEN: "danger",
    HandoffRequest.Status.IN_PROGRESS: "warning",
    HandoffRequest.Status.CLOSED: "success",
}
_SPEAKERS = {"patient": "Patient", "assistant": "Receptionist"}


def transcript_html(transcript: list[Any]) -> str:
    """A redacted transcript as a readable exchange, one line per turn (escaped)."""
    if not transcript:
        return "—"
    rows = format_html_join(
        "",
        '<div class="mb-2"><strong>{}:</strong> <span class="whitespace-pre-wrap">{}</span></div>',
        (
            (_SPEAKERS.get(str(turn.get("role")), str(turn.get("role"))), str(turn.get("text", "")))
            for turn in transcript
            if isinstance(turn, dict)
        ),
    )
    return format_html('<div class="max-w-3xl">{}</div>', rows)


def _local(obj: Any, value: Any) -> str:
    return f"{timezone.localtime(value, obj.clinic.tzinfo):%a %Y-%m-%d %H:%M}" if value else "—"


@admin.register(ConversationSession)
class ConversationSessionAdmin(TenantModelAdmin):
    """Conversations with the receptionist, newest first; nothing here is editable."""

    area = Area.SCHEDULE
    operations = READ
    list_display = (
        "started",
        "channel",
        "state",
        "outcome_label",
        "patient",
        "message_count",
        "appointment_link",
        "checks",
    )
    list_select_related = ("clinic", "patient", "appointment")
    list_filter = (("outcome", ChoicesDropdownFilter), ("channel", ChoicesDropdownFilter))
    search_fields = ("=session_key", "patient__last_name", "patient__first_name")
    search_help_text = "Patient name, or a conversation id (exact)"
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "clinic",
                    "session_key",
                    "channel",
                    "started",
                    "patient",
                    "appointment_link",
                    "state",
                    "previous_state",
                    "outcome_label",
                    "message_count",
                    "checks",
                    "expires_at",
                )
            },
        ),
        ("Transcript (redacted)", {"fields": ("transcript_view",)}),
    )
    readonly_fields = (
        "clinic",
        "session_key",
        "channel",
        "started",
        "patient",
        "appointment_link",
        "state",
        "previous_state",
        "outcome_label",
        "message_count",
        "checks",
        "expires_at",
        "transcript_view",
    )

    @display(description="Started", ordering="created_at")
    def started(self, obj: ConversationSession) -> str:
        return _local(obj, obj.created_at)

    @display(description="Outcome", label=OUTCOME_LABELS, ordering="outcome")
    def outcome_label(self, obj: ConversationSession) -> tuple[str, str]:
        return obj.outcome, obj.get_outcome_display()

    @display(description="Appointment made")
    def appointment_link(self, obj: ConversationSession) -> str:
        if obj.appointment is None:
            return "—"
        url = reverse("admin:scheduling_appointment_change", args=[obj.appointment.pk])
        return format_html('<a href="{}">{}</a>', url, _local(obj, obj.appointment.start_at))

    @display(description="Safety checks fired")
    def checks(self, obj: ConversationSession) -> str:
        return ", ".join(obj.safety_checks) or "—"

    @display(description="Transcript")
    def transcript_view(self, obj: ConversationSession) -> str:
        return transcript_html(obj.transcript)


@admin.register(HandoffRequest)
class HandoffRequestAdmin(TenantModelAdmin):
    """The front desk's queue: conversations the receptionist passed to a person."""

    area = Area.SCHEDULE
    operations = READ
    list_display = ("created", "reason", "status_label", "claimed_by", "conversation_link", "closed")
    list_select_related = ("clinic", "claimed_by", "conversation")
    list_filter = (("status", ChoicesDropdownFilter), ("reason", ChoicesDropdownFilter))
    ordering = ("-created_at",)
    date_hierarchy = "created_at"
    fields = (
        "clinic",
        "created",
        "reason",
        "status_label",
        "claimed_by",
        "closed",
        "conversation_link",
        "transcript_view",
    )
    readonly_fields = fields
    actions = ("claim", "close")

    @display(description="Requested", ordering="created_at")
    def created(self, obj: HandoffRequest) -> str:
        return _local(obj, obj.created_at)

    @display(description="Closed", ordering="closed_at")
    def closed(self, obj: HandoffRequest) -> str:
        return _local(obj, obj.closed_at)

    @display(description="Status", label=HANDOFF_STATUS_LABELS, ordering="status")
    def status_label(self, obj: HandoffRequest) -> tuple[str, str]:
        return obj.status, obj.get_status_display()

    @display(description="Conversation")
    def conversation_link(self, obj: HandoffRequest) -> str:
        url = reverse("admin:scheduling_conversationsession_change", args=[obj.conversation_id])
        return format_html('<a href="{}">{}</a>', url, str(obj.conversation))

    @display(description="Transcript (redacted, as of the handoff)")
    def transcript_view(self, obj: HandoffRequest) -> str:
        return transcript_html(obj.transcript)

    # --- actions: the list is read-only, working a handoff is these two ---------------------

    def _workable(self, request: HttpRequest, queryset: QuerySet[HandoffRequest]) -> QuerySet[HandoffRequest]:
        if request.user.is_superuser:
            return queryset
        return scope_to_clinics(queryset, clinics_where(request, self.area, CHANGE))

    def has_claim_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(clinics_where(request, self.area, CHANGE))

    def has_close_permission(self, request: HttpRequest) -> bool:
        return self.has_claim_permission(request)

    @admin.action(description="Claim selected handoffs", permissions=["claim"])
    def claim(self, request: HttpRequest, queryset: QuerySet[HandoffRequest]) -> Any:
        actor, user = actor_for(request), request.user
        return confirm_then_each(
            self, request,
            self._workable(request, queryset).filter(status=HandoffRequest.Status.OPEN).select_related("clinic"),
            title="Claim handoffs",
            message="You become the person following up with these patients. Only open handoffs are listed.",
            submit_label="Claim",
            apply=lambda handoff: handoff_claim(handoff=handoff, actor=actor, user=user),
            done="Claimed {count} handoff(s).",
            danger=False,
            describe=_describe,
        )

    @admin.action(description="Close selected handoffs", permissions=["close"])
    def close(self, request: HttpRequest, queryset: QuerySet[HandoffRequest]) -> Any:
        actor = actor_for(request)
        return confirm_then_each(
            self, request,
            self._workable(request, queryset).exclude(status=HandoffRequest.Status.CLOSED).select_related("clinic"),
            title="Close handoffs",
            message="Close a handoff once the patient has been followed up. Closed handoffs are not listed.",
            submit_label="Close",
            apply=lambda handoff: handoff_close(handoff=handoff, actor=actor),
            done="Closed {count} handoff(s).",
            danger=False,
            describe=_describe,
        )


def _describe(handoff: HandoffRequest) -> str:
    return f"{_local(handoff, handoff.created_at)}: {handoff.get_reason_display()} ({handoff.get_status_display()})"
