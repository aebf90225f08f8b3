"""Serializers of the appointment and visit-type resources of the REST API v1.

Input serializers only shape and check what a client sent; booking, cancelling,
rescheduling and status changes are `scheduling.services` calls made by the views.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clinics.api.serializers import AwareDateTimeField, ClinicScopedPrimaryKeyField, RejectUnknownFieldsMixin
from clinics.models import Patient, Provider
from clinics.selectors import patient_list, provider_list
from scheduling.models import Appointment, VisitType
from scheduling.selectors import visit_type_bookable
from scheduling.services import SETTABLE_STATUSES

# Fields that move an appointment in time or to another person: only reschedule may
# change them, so a PATCH carrying one is refused instead of silently ignored.
_MOVING_FIELDS = ("start", "end", "duration_minutes", "provider", "patient", "visit_type")

# The statuses a PATCH may set (named in the schema as AppointmentMilestoneEnum).
MILESTONE_CHOICES = [(s.value, s.label) for s in Appointment.Status if s in SETTABLE_STATUSES]


class VisitTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitType
        fields = ["id", "name", "minutes", "new_patient_only", "active", "description", "created_at", "updated_at"]
        read_only_fields = fields


class AppointmentSerializer(serializers.ModelSerializer):
    start = serializers.DateTimeField(source="start_at", read_only=True)
    end = serializers.DateTimeField(source="end_at", read_only=True)
    provider_name = serializers.CharField(source="provider.display_name", read_only=True)
    patient_name = serializers.CharField(source="patient.full_name", read_only=True)
    # Declared so that the schema says blank ("" until cancelled) is a value it takes.
    cancelled_by = serializers.ChoiceField(choices=Appointment.CancelledBy.choices, allow_blank=True, read_only=True)
    rescheduled_to = serializers.SerializerMethodField(
        help_text="The appointment that replaced this one, when it was rescheduled."
    )

    class Meta:
        model = Appointment
        fields = [
            "id", "provider", "provider_name", "patient", "patient_name", "visit_type", "start", "end",
            "duration_minutes", "status", "reason", "notes", "special_instructions", "external_id",
            "is_new_patient", "booked_via", "confirmed_at", "checked_in_at", "completed_at", "cancelled_at",
            "cancellation_reason", "cancelled_by", "reminder_sent_at", "reminder_count", "rescheduled_from",
            "rescheduled_to", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_rescheduled_to(self, appointment: Appointment) -> Any:
        successor = getattr(appointment, "rescheduled_to", None)
        return successor.pk if successor is not None else None


class AppointmentCreateSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    provider = ClinicScopedPrimaryKeyField(selector=provider_list, model=Provider)
    patient = ClinicScopedPrimaryKeyField(selector=patient_list, model=Patient)
    start = AwareDateTimeField(help_text="ISO 8601 with a UTC offset, for example 2026-09-01T09:00:00-04:00.")
    duration_minutes = serializers.IntegerField(
        required=False, min_value=5, max_value=480,
        help_text="Length of the visit. Without it, the visit type's length, else the provider's default.",
    )
    visit_type = ClinicScopedPrimaryKeyField(
        selector=visit_type_bookable, model=VisitType, required=False, allow_null=True
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    special_instructions = serializers.CharField(required=False, allow_blank=True, default="")
    external_id = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    is_new_patient = serializers.BooleanField(required=False, default=False)


class AppointmentUpdateSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    handled_elsewhere = _MOVING_FIELDS
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    special_instructions = serializers.CharField(required=False, allow_blank=True)
    external_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    status = serializers.ChoiceField(
        choices=MILESTONE_CHOICES,
        required=False,
        help_text="A milestone; its time (confirmed_at, checked_in_at, completed_at) is recorded. "
        "Cancel and reschedule have their own endpoints.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        sent = getattr(self, "initial_data", {}) or {}
        moving = [name for name in _MOVING_FIELDS if name in sent]
        if moving:
            raise serializers.ValidationError(
                {name: ["Use POST /api/v1/appointments/{id}/reschedule/ to move an appointment."] for name in moving}
            )
        if not attrs:
            raise serializers.ValidationError("Nothing to change.")
        return attrs


class AppointmentCancelSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    cancelled_by = serializers.ChoiceField(
        choices=Appointment.CancelledBy.choices, default=Appointment.CancelledBy.STAFF, required=False
    )


class AppointmentRescheduleSerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    start = AwareDateTimeField(help_text="The new start, ISO 8601 with a UTC offset.")
    duration_minutes = serializers.IntegerField(
        required=False, min_value=5, max_value=480, help_text="Defaults to the current appointment's length."
    )
    provider = ClinicScopedPrimaryKeyField(
        selector=provider_list, model=Provider, required=False, help_text="Defaults to the same provider."
    )
