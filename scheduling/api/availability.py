"""REST API v1: `GET /api/v1/availability/`, the open-slot search.

The same search as the conversation engine's (`scheduling.availability.slots_search`),
so clinics' software and the chat offer the same times, and every time offered passes
the booking service's checks (at the moment of the search).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from clinics.api.base import ClinicGenericViewSet
from clinics.api.serializers import ClinicScopedPrimaryKeyField, RejectUnknownFieldsMixin, problem_responses
from clinics.models import Clinic, Patient, Provider
from clinics.selectors import patient_list, provider_list
from scheduling.availability import (
    MAX_LIMIT,
    AlternativeKind,
    PartOfDay,
    Refusal,
    SearchResult,
    Slot,
    slots_search,
)
from scheduling.models import VisitType
from scheduling.selectors import visit_type_bookable

MAX_PER_REQUEST_LIMIT = 50


class AvailabilityQuerySerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    provider = serializers.ListField(
        child=ClinicScopedPrimaryKeyField(selector=provider_list, model=Provider),
        required=False,
        help_text="Provider id; repeat for several. Without it, every active provider.",
    )
    specialty = serializers.CharField(required=False, max_length=100, help_text="Any case, e.g. family medicine.")
    visit_type = ClinicScopedPrimaryKeyField(
        selector=visit_type_bookable,
        model=VisitType,
        required=False,
        help_text="Sets the length, and limits providers to the visit type's specialty and new-patient rule.",
    )
    minutes = serializers.IntegerField(
        required=False,
        min_value=5,
        max_value=480,
        help_text="Slot length; defaults to the visit type's, else each provider's default.",
    )
    patient = ClinicScopedPrimaryKeyField(
        selector=patient_list,
        model=Patient,
        required=False,
        help_text="Apply each provider's new-patient rule to this patient.",
    )
    new_patient = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Without `patient`: false shows providers closed to new patients too (the caller vouches that "
        "the patient is returning). Default: a new patient.",
    )
    date = serializers.DateField(required=False, help_text="One local date (YYYY-MM-DD).")
    start_date = serializers.DateField(required=False, help_text="First local date of a range.")
    end_date = serializers.DateField(required=False, help_text="Last local date of a range (inclusive).")
    part_of_day = serializers.ChoiceField(
        choices=[(p.value, p.value) for p in PartOfDay],
        required=False,
        help_text="Local start time: morning before 12:00, afternoon 12:00-16:59, evening from 17:00.",
    )
    time = serializers.TimeField(required=False, format="%H:%M", help_text="Exact local start time, HH:MM.")
    earliest = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The first open slots from now to the booking horizon (no dates may be given).",
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PER_REQUEST_LIMIT, default=10)
    per_day = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_LIMIT, help_text="At most this many slots of any one day."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, str] = {}
        if "date" in attrs and ({"start_date", "end_date"} & set(attrs)):
            errors["date"] = "Give either date or start_date/end_date."
        if attrs.get("earliest") and ({"date", "start_date", "end_date"} & set(attrs)):
            errors["earliest"] = "earliest searches from now: leave the dates out."
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start and end and end < start:
            errors["end_date"] = "The range ends before it starts."
        if "patient" in attrs and attrs.get("new_patient") is not None:
            errors["new_patient"] = "With a patient, whether they are new is known: leave new_patient out."
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ClinicLocalDateTimeField(serializers.DateTimeField):
    """ISO 8601 in the slot's own zone (the clinic's), with its offset: DRF would convert
    to the server's zone, and "09:00-05:00" reads better to a clinic than "14:00Z"."""

    def to_representation(self, value: Any) -> Any:
        return value.isoformat()


class SlotSerializer(serializers.Serializer):
    provider = serializers.UUIDField(source="provider_id")
    provider_name = serializers.CharField()
    specialty = serializers.CharField()
    start = ClinicLocalDateTimeField(help_text="In the clinic's time zone, with its offset.")
    end = ClinicLocalDateTimeField()
    minutes = serializers.IntegerField()
    visit_type = serializers.UUIDField(source="visit_type_id", allow_null=True)


class AlternativeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(k.value, k.value) for k in AlternativeKind],
        help_text="other_times_same_days: the time dropped; same_time_other_days: nearby dates at the time asked; "
        "other_providers: colleagues of the same specialty; wider_range: nearby dates at any time.",
    )
    slots = SlotSerializer(many=True)


class ExcludedProviderSerializer(serializers.Serializer):
    provider = serializers.UUIDField()
    reason = serializers.ChoiceField(choices=[(r.value, r.value) for r in Refusal])


class AvailabilitySerializer(serializers.Serializer):
    time_zone = serializers.CharField(help_text="The clinic's IANA time zone: dates and times are local to it.")
    first_date = serializers.DateField(help_text="First local date searched (after minimum notice).")
    last_date = serializers.DateField(help_text="Last local date searched (at most the booking horizon).")
    slots = SlotSerializer(many=True, help_text="Ordered by start, then provider name.")
    alternatives = AlternativeSerializer(many=True, help_text="Only when `slots` is empty.")
    excluded_providers = ExcludedProviderSerializer(
        many=True, help_text="Providers matching the request who cannot be offered to this patient, and why."
    )


def availability_payload(clinic: Clinic, result: SearchResult) -> dict[str, Any]:
    def slots(items: list[Slot]) -> Any:
        return SlotSerializer(items, many=True).data

    return {
        "time_zone": clinic.timezone,
        "first_date": result.first_date,
        "last_date": result.last_date,
        "slots": slots(result.slots),
        "alternatives": [{"kind": a.kind.value, "slots": slots(a.slots)} for a in result.alternatives],
        "excluded_providers": [{"provider": pid, "reason": r.value} for pid, r in result.excluded.items()],
    }


@extend_schema_view(
    retrieve=extend_schema(
        summary="Search open slots",
        description=(
            "Open appointment times from each provider's weekly schedule within the clinic's business hours, "
            "minus appointments, clinic closures and provider time off, from the clinic's minimum notice to its "
            "booking horizon. Dates and times are the clinic's local ones. With no date, the earliest slots. "
            "When nothing matches, `alternatives` lists the nearest ones."
        ),
        parameters=[AvailabilityQuerySerializer],
        responses={200: AvailabilitySerializer, **problem_responses(400)},
    )
)
class AvailabilityViewSet(ClinicGenericViewSet):
    serializer_class = AvailabilitySerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def retrieve(self, request: Request) -> Response:
        query: dict[str, Any] = {key: request.query_params.get(key) for key in request.query_params}
        if "provider" in request.query_params:
            query["provider"] = request.query_params.getlist("provider")
        params = AvailabilityQuerySerializer(data=query, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        data = params.validated_data
        result = slots_search(
            clinic=self.clinic,
            providers=data.get("provider", []),
            specialty=data.get("specialty", ""),
            visit_type=data.get("visit_type"),
            minutes=data.get("minutes"),
            on=data.get("date"),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            part_of_day=data.get("part_of_day"),
            at=data.get("time"),
            patient=data.get("patient"),
            new_patient=data.get("new_patient"),
            limit=data["limit"],
            per_day=data.get("per_day"),
        )
        return Response(availability_payload(self.clinic, result))


@extend_schema_view(retrieve=extend_schema(exclude=True))
class AvailabilityNoSlashViewSet(AvailabilityViewSet):
    """`/availability` without the slash: the same search, documented once."""
