"""The receptionist's conversations (the durable copy of a session) and the requests it
makes for a person to take over."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from clinics.models import TenantModel


class ConversationSession(TenantModel):
    """One conversation with the receptionist.

    The live session is in the cache (`scheduling.receptionist.session`); this row is its
    durable copy, saved after every turn. Its transcript is the REDACTED one (identifiers
    replaced by placeholders): the patient's own words stay only in the cached session,
    for the patient's use while it lives.
    """

    class Channel(models.TextChoices):
        WEB = "web", "Web chat"
        SMS = "sms", "SMS"
        VOICE = "voice", "Voice"
        API = "api", "API"

    class Outcome(models.TextChoices):
        OPEN = "open", "Open"
        BOOKED = "booked", "Booked"
        RESCHEDULED = "rescheduled", "Rescheduled"
        CANCELLED = "cancelled", "Cancelled"
        ANSWERED = "answered", "Answered"
        HANDED_OFF = "handed_off", "Handed off"
        ABANDONED = "abandoned", "Abandoned"
        ERROR = "error", "Error"

    session_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.API)
    patient = models.ForeignKey(
        "clinics.Patient", null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations"
    )
    state = models.CharField(max_length=32, default="IDLE")
    previous_state = models.CharField(max_length=32, blank=True)
    collected_data = models.JSONField(default=dict, blank=True)
    intent_history = models.JSONField(default=list, blank=True)
    slots_shown = models.JSONField(default=list, blank=True)
    slot_selected = models.PositiveSmallIntegerField(null=True, blank=True)
    appointment = models.ForeignKey(
        "scheduling.Appointment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message_count = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.OPEN)
    safety_checks = models.JSONField(default=list, blank=True, help_text="Names of the safety checks that fired.")
    transcript = models.JSONField(default=list, blank=True, help_text="Redacted: identifiers are placeholders.")
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["clinic", "outcome", "created_at"], name="conv_clinic_outcome")]

    def __str__(self) -> str:
        return f"Conversation {str(self.session_key)[:8]} ({self.get_channel_display()}, {self.state})"


class HandoffRequest(TenantModel):
    """A conversation the receptionist hands to the front desk."""

    class Reason(models.TextChoices):
        REQUESTED = "requested", "Patient asked for a person"
        CRISIS = "crisis", "Crisis message"
        REPEATED_FAILURES = "repeated_failures", "Receptionist did not understand"
        IDENTITY = "identity", "Identity could not be confirmed"
        SAFETY_ERROR = "safety_error", "Safety check failed"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        CLOSED = "closed", "Closed"

    conversation = models.ForeignKey(ConversationSession, on_delete=models.CASCADE, related_name="handoffs")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    transcript = models.JSONField(default=list, blank=True, help_text="Redacted, as of the handoff.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Handoff ({self.get_reason_display()}, {self.get_status_display()})"
