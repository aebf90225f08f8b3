"""The append-only audit trail.

Rows are written by `clinics.audit.audit_record` only. The model layer refuses updates
and deletes; on PostgreSQL a trigger refuses them too (migration 0002), so neither a bug
nor a raw queryset call can rewrite history.
"""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditImmutableError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AuditImmutableError("Audit events cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError("Audit events cannot be changed.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "CREATE", "Create"
        UPDATE = "UPDATE", "Update"
        DELETE = "DELETE", "Delete"
        LOGIN = "LOGIN", "Login"
        LOGIN_FAILED = "LOGIN_FAILED", "Login failed"
        LOGOUT = "LOGOUT", "Logout"
        VIEW = "VIEW", "View"
        EXPORT = "EXPORT", "Export"
        IMPORT = "IMPORT", "Import"
        API_KEY_CREATED = "API_KEY_CREATED", "API key created"
        API_KEY_REVOKED = "API_KEY_REVOKED", "API key revoked"
        SAFETY_TRIGGER = "SAFETY_TRIGGER", "Safety trigger"
        EMERGENCY = "EMERGENCY", "Emergency"
        PHI_DETECTED = "PHI_DETECTED", "PHI detected"
        APPOINTMENT_BOOKED = "APPOINTMENT_BOOKED", "Appointment booked"
        APPOINTMENT_CANCELLED = "APPOINTMENT_CANCELLED", "Appointment cancelled"
        APPOINTMENT_RESCHEDULED = "APPOINTMENT_RESCHEDULED", "Appointment rescheduled"

    class ActorType(models.TextChoices):
        USER = "user", "Staff user"
        API_KEY = "api_key", "API key"
        SYSTEM = "system", "System"

    class Severity(models.TextChoices):
        INFO = "info", "Info"
        WARNING = "warning", "Warning"
        ERROR = "error", "Error"
        CRITICAL = "critical", "Critical"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # PROTECT everywhere: an audit row outlives the things it names, so a clinic, user or
    # key that has history is deactivated, never deleted.
    clinic = models.ForeignKey("clinics.Clinic", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_type = models.CharField(max_length=8, choices=ActorType.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_api_key = models.ForeignKey(
        "clinics.ApiKey", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices, db_index=True)
    resource_type = models.CharField(max_length=64, blank=True)
    resource_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    request_id = models.CharField(max_length=128, blank=True)
    severity = models.CharField(max_length=8, choices=Severity.choices, default=Severity.INFO)

    objects = AuditQuerySet.as_manager()

    class Meta:
        # Related-object access and internal updates use the base manager; make it the
        # refusing one too so no path reaches a plain QuerySet.update().
        base_manager_name = "objects"
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["clinic", "-occurred_at"], name="audit_clinic_time"),
            models.Index(fields=["resource_type", "resource_id"], name="audit_resource"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.resource_type} {self.resource_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditImmutableError("Audit events cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditImmutableError("Audit events cannot be deleted.")
