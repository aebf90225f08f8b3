"""The tenant (Clinic) and the staff who work for it (Membership)."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from clinics.clinic_settings import validate_clinic_settings
from clinics.models.base import TimeStampedModel
from clinics.validators import phone_e164_or_unchanged, validate_phone, validate_timezone, validate_weekly_hours


def default_business_hours() -> dict[str, list[list[str]]]:
    weekday = [["08:00", "17:00"]]
    return {"mon": weekday, "tue": weekday, "wed": weekday, "thu": weekday, "fri": weekday, "sat": [], "sun": []}


class Clinic(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", "Active"
        SUSPENDED = "SUSPENDED", "Suspended"
        INACTIVE = "INACTIVE", "Inactive"

    class RateLimitTier(models.TextChoices):
        FREE = "free", "Free (10/min)"
        STANDARD = "standard", "Standard (60/min)"
        PROFESSIONAL = "professional", "Professional (200/min)"
        ENTERPRISE = "enterprise", "Enterprise (1000/min)"
        UNLIMITED = "unlimited", "Unlimited"

    class EhrProvider(models.TextChoices):
        NONE = "none", "None"
        EPIC = "epic", "Epic"
        CERNER = "cerner", "Oracle Health (Cerner)"
        ATHENA = "athena", "athenahealth"
        ECW = "eclinicalworks", "eClinicalWorks"
        FHIR = "fhir", "Generic FHIR R4"
        OTHER = "other", "Other"

    # Requests per minute for each tier; None means no limit.
    TIER_LIMITS: dict[str, int | None] = {
        "free": 10,
        "standard": 60,
        "professional": 200,
        "enterprise": 1000,
        "unlimited": None,
    }

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=64, unique=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True, validators=[validate_phone])
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=50, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US")
    timezone = models.CharField(max_length=64, default="America/New_York", validators=[validate_timezone])
    business_hours = models.JSONField(default=default_business_hours, validators=[validate_weekly_hours])
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    rate_limit_tier = models.CharField(max_length=16, choices=RateLimitTier.choices, default=RateLimitTier.STANDARD)
    settings = models.JSONField(default=dict, blank=True)
    ehr_provider = models.CharField(max_length=32, choices=EhrProvider.choices, default=EhrProvider.NONE)
    default_reminder_hours = models.PositiveSmallIntegerField(default=24)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_reminder_hours__lte=336), name="clinic_reminder_hours_at_most_two_weeks"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.phone = phone_e164_or_unchanged(self.phone)
        try:
            validate_clinic_settings(self.settings)
        except ValidationError as exc:
            raise ValidationError({"settings": exc.messages}) from None

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def postal_address(self) -> str:
        """One line, US style: "214 Maple Street, Ithaca, NY 14850"."""
        region = " ".join(p for p in (self.state, self.postal_code) if p)
        return ", ".join(p for p in (self.address_line1, self.address_line2, self.city, region) if p)

    @property
    def rate_limit_per_minute(self) -> int | None:
        return self.TIER_LIMITS[self.rate_limit_tier]

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Membership(TimeStampedModel):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        ADMIN = "admin", "Admin"
        BILLER = "biller", "Biller"
        FRONT_DESK = "front_desk", "Front desk"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.FRONT_DESK)

    class Meta:
        ordering = ["clinic__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "clinic"], name="membership_one_per_user_clinic")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.clinic} ({self.get_role_display()})"
