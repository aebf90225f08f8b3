"""Appointments, the visit types they are booked as, and the time nobody can book:
clinic closures and provider time off."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from clinics.models import SoftDeleteModel, TenantModel


class VisitType(TenantModel):
    name = models.CharField(max_length=100)
    minutes = models.PositiveSmallIntegerField(default=30)
    new_patient_only = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    description = models.CharField(max_length=300, blank=True)
    specialty = models.CharField(
        max_length=100,
        blank=True,
        help_text="Only providers of this specialty offer it (as written on the provider, any case); "
        "empty: every provider.",
    )

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

    def offered_by(self, provider: Any) -> bool:
        return not self.specialty or self.specialty.casefold() == (provider.specialty or "").casefold()


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


class ClinicClosure(TenantModel):
    """Days (or part of one day) the whole clinic is closed: holidays, training, a move.

    Dates and times are the clinic's local ones. A closure with no times covers whole days
    from `start_date` to `end_date` inclusive; one with times covers that part of a single
    day. Seeded US federal holidays have `source=holiday`; a clinic that opens on one
    unticks `active` rather than deleting it (the next seeding would bring it back).
    """

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by staff"
        HOLIDAY = "holiday", "US federal holiday"

    name = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(help_text="Last closed day (the same as the first for one day).")
    start_time = models.TimeField(null=True, blank=True, help_text="Closed from (local time); empty: all day.")
    end_time = models.TimeField(null=True, blank=True, help_text="Closed until (local time); empty: all day.")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    active = models.BooleanField(default=True, help_text="Untick to stay open on this day after all.")

    class Meta:
        ordering = ["start_date", "start_time"]
        indexes = [models.Index(fields=["clinic", "start_date", "end_date"], name="closure_clinic_dates")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="closure_dates_order"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(start_time__isnull=True, end_time__isnull=True)
                    | models.Q(
                        start_time__isnull=False,
                        end_time__isnull=False,
                        end_time__gt=models.F("start_time"),
                        end_date=models.F("start_date"),
                    )
                ),
                name="closure_times_within_one_day",
            ),
            models.UniqueConstraint(
                fields=["clinic", "start_date"],
                condition=models.Q(source="holiday"),
                name="closure_one_holiday_per_day",
            ),
        ]

    def __str__(self) -> str:
        days = f"{self.start_date}" if self.end_date == self.start_date else f"{self.start_date} to {self.end_date}"
        hours = f" {self.start_time:%H:%M}-{self.end_time:%H:%M}" if self.start_time and self.end_time else ""
        return f"{self.name} ({days}{hours})"

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The last closed day cannot be before the first."
        if (self.start_time is None) != (self.end_time is None):
            errors["end_time"] = "Give both times for a partial day, or neither for whole days."
        elif self.start_time is not None and self.end_time is not None:
            if self.end_time <= self.start_time:
                errors["end_time"] = "The closure must end after it starts."
            if self.start_date != self.end_date:
                errors["end_date"] = "A closure with times covers one day: make the last day the first."
        if errors:
            raise ValidationError(errors)


class ProviderTimeOff(TenantModel):
    """A provider is away (vacation, conference, a half day): nothing is offered or booked
    with them from `starts_at` until `ends_at`."""

    provider = models.ForeignKey("clinics.Provider", on_delete=models.CASCADE, related_name="time_off")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True, help_text="Shown to staff only.")

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "provider time off"
        verbose_name_plural = "provider time off"
        indexes = [models.Index(fields=["provider", "starts_at"], name="timeoff_provider_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="timeoff_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        tz = self.clinic.tzinfo
        start, end = timezone.localtime(self.starts_at, tz), timezone.localtime(self.ends_at, tz)
        return f"{self.provider} away {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "Time off must end after it starts."})
        if self.provider_id and self.clinic_id and self.provider.clinic_id != self.clinic_id:
            raise ValidationError({"provider": "No such provider in this clinic."})
