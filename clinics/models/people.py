"""Providers who see patients, and the patients themselves."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from clinics.models.base import SoftDeleteModel, TenantModel
from clinics.validators import (
    phone_e164_or_unchanged,
    validate_language_list,
    validate_npi,
    validate_phone,
    validate_weekly_hours,
)


def default_languages() -> list[str]:
    return ["en"]


class Provider(SoftDeleteModel, TenantModel):
    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", "Active"
        INACTIVE = "INACTIVE", "Inactive"
        ON_LEAVE = "ON_LEAVE", "On leave"

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    title = models.CharField(max_length=20, blank=True, help_text="MD, DO, NP, PA, …")
    specialty = models.CharField(max_length=100, blank=True, db_index=True)
    npi = models.CharField(max_length=10, blank=True, validators=[validate_npi], verbose_name="NPI")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True, validators=[validate_phone])
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    weekly_schedule = models.JSONField(default=dict, blank=True, validators=[validate_weekly_hours])
    default_appointment_minutes = models.PositiveSmallIntegerField(default=30)
    accepting_new_patients = models.BooleanField(default=True)
    languages = models.JSONField(default=default_languages, blank=True, validators=[validate_language_list])
    bio = models.TextField(blank=True)
    external_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["clinic", "status"], name="provider_clinic_status"),
            models.Index(fields=["clinic", "external_id"], name="provider_clinic_external_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "npi"],
                condition=~models.Q(npi="") & models.Q(deleted_at__isnull=True),
                name="provider_npi_unique_per_clinic",
            ),
            models.CheckConstraint(
                condition=models.Q(default_appointment_minutes__gte=5, default_appointment_minutes__lte=480),
                name="provider_default_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return f"{name}, {self.title}" if self.title else name

    def clean(self) -> None:
        self.phone = phone_e164_or_unchanged(self.phone)


class Patient(SoftDeleteModel, TenantModel):
    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Other"
        UNKNOWN = "unknown", "Unknown"

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN, help_text="Administrative sex")
    gender_identity = models.CharField(max_length=64, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True, validators=[validate_phone], help_text="E.164")
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=50, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    external_id = models.CharField(max_length=100, blank=True)
    mrn = models.CharField(max_length=64, blank=True, verbose_name="MRN")
    preferred_language = models.CharField(max_length=35, default="en")
    sms_opt_in = models.BooleanField(default=False)
    email_opt_in = models.BooleanField(default=False)
    phone_verified = models.BooleanField(default=False)
    email_verified = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["clinic", "last_name", "first_name"], name="patient_clinic_name"),
            models.Index(fields=["clinic", "date_of_birth"], name="patient_clinic_dob"),
            models.Index(fields=["clinic", "phone"], name="patient_clinic_phone"),
            models.Index(fields=["clinic", "external_id"], name="patient_clinic_external_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "mrn"],
                condition=~models.Q(mrn="") & models.Q(deleted_at__isnull=True),
                name="patient_mrn_unique_per_clinic",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        self.phone = phone_e164_or_unchanged(self.phone)
        if isinstance(self.date_of_birth, date) and self.date_of_birth > self._today():
            raise ValidationError({"date_of_birth": "The date of birth cannot be in the future."})

    def _today(self) -> date:
        # "Today" where the clinic is: a baby born this evening in Honolulu is not in the future.
        if self.clinic_id is not None:
            return timezone.localdate(timezone=self.clinic.tzinfo)
        return timezone.localdate()
