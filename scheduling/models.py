"""Appointments and the visit types they are booked as."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone

from clinics.models import SoftDeleteModel, TenantModel


class VisitType(TenantModel):
    name = models.CharField(max_length=100)
    minutes = models.PositiveSmallIntegerField(default=30)
    new_patient_only = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="visittype_name_unique_per_clinic"),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=5, minutes__lte=480), name="visittype_minutes_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.minutes} min)"


class Appointment(SoftDeleteModel, TenantModel):
    class Status(models.TextChoices):
        SCHEDULED = "SCHEDULED", "Scheduled"
        CONFIRMED = "CONFIRMED", "Confirmed"
        CHECKED_IN = "CHECKED_IN", "Checked in"
        COMPLETED = "COMPLETED", "Completed"
        CANCELLED = "CANCELLED", "Cancelled"
        NO_SHOW = "NO_SHOW", "No show"
        RESCHEDULED = "RESCHEDULED", "Rescheduled"

    # Statuses that hold the provider's time. The PostgreSQL exclusion constraint in
    # migration 0002 uses the same list; keep them in step.
    ACTIVE_STATUSES = (Status.SCHEDULED, Status.CONFIRMED, Status.CHECKED_IN)

    class CancelledBy(models.TextChoices):
        PATIENT = "patient", "Patient"
        STAFF = "staff", "Staff"
        PROVIDER = "provider", "Provider"
        SYSTEM = "system", "System"

    class Channel(models.TextChoices):
        WEB = "web", "Web chat"
        SMS = "sms", "SMS"
        VOICE = "voice", "Voice"
        API = "api", "API"
        ADMIN = "admin", "Admin"

    provider = models.ForeignKey("clinics.Provider", on_delete=models.PROTECT, related_name="appointments")
    patient = models.ForeignKey("clinics.Patient", on_delete=models.PROTECT, related_name="appointments")
    external_id = models.CharField(max_length=100, blank=True)
    start_at = models.DateTimeField()
    end_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    visit_type = models.ForeignKey(VisitType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=500, blank=True)
    cancelled_by = models.CharField(max_length=16, choices=CancelledBy.choices, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    is_new_patient = models.BooleanField(default=False)
    special_instructions = models.TextField(blank=True)
    rescheduled_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="rescheduled_to"
    )
    booked_via = models.CharField(max_length=8, choices=Channel.choices, default=Channel.ADMIN)

    class Meta:
        ordering = ["start_at"]
        indexes = [
            models.Index(fields=["clinic", "start_at"], name="appt_clinic_start"),
            models.Index(fields=["provider", "start_at"], name="appt_provider_start"),
            models.Index(fields=["clinic", "status", "start_at"], name="appt_clinic_status_start"),
            models.Index(fields=["patient", "start_at"], name="appt_patient_start"),
            models.Index(fields=["clinic", "external_id"], name="appt_clinic_external_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_at__gt=models.F("start_at")), name="appt_ends_after_start"),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=480), name="appt_duration_range"
            ),
        ]

    def __str__(self) -> str:
        # Read by staff (admin titles, messages, history): names and the clinic's time, no ids.
        if self.start_at is None:
            return "New appointment"
        when = timezone.localtime(self.start_at, self.clinic.tzinfo)
        return f"{when:%a %Y-%m-%d %H:%M} {self.patient} with {self.provider} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @staticmethod
    def end_for(start_at: object, minutes: int) -> object:
        return start_at + timedelta(minutes=minutes)  # type: ignore[operator]
