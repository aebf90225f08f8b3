"""Consent to be helped by an AI receptionist, or to be messaged by SMS.

A consent belongs to a patient, or — before anyone is identified — to one conversation
(`conversation_key`, the chat session's id). It is never edited: withdrawing sets
`withdrawn_at`, and consenting again creates a new row, so the history shows exactly
which text, in which version, was agreed to when and through which channel.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from clinics.models.base import TenantModel


class Consent(TenantModel):
    class Kind(models.TextChoices):
        AI_CHAT = "ai_chat", "AI-assisted chat"
        SMS = "sms", "SMS messaging"

    class Channel(models.TextChoices):
        WEB = "web", "Web chat"
        SMS = "sms", "SMS"
        VOICE = "voice", "Voice"
        API = "api", "API"
        STAFF = "staff", "Recorded by staff"

    patient = models.ForeignKey(
        "clinics.Patient", null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    conversation_key = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="The chat session this consent was given in."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    version = models.CharField(max_length=32, help_text="Version of the consent text that was shown.")
    text = models.TextField(help_text="The consent text exactly as it was shown.")
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["clinic", "patient", "kind"], name="consent_patient_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(patient__isnull=False) | ~Q(conversation_key=""),
                name="consent_has_subject",
                violation_error_message="A consent belongs to a patient or to a conversation.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
                violation_error_message="Consent cannot be withdrawn before it was given.",
            ),
        ]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_at else "given"
        return f"{self.get_kind_display()} consent v{self.version} ({state})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
