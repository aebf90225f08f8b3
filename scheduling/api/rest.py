"""REST API v1: appointments (list, detail, book, milestones, cancel, reschedule), visit
types and the availability search (`scheduling/api/availability.py`).

Bookings go through `scheduling.services`, which lock the provider and (on PostgreSQL)
rely on an exclusion constraint, so concurrent requests for one slot cannot both win:
the loser gets 409.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from clinics.api.base import ClinicGenericViewSet
from clinics.api.pagination import CreatedCursorPagination
from clinics.api.serializers import problem_responses, service_field_errors
from nuvae.lib.problems import ApiProblem
from scheduling import services
from scheduling.api.availability import AvailabilityNoSlashViewSet, AvailabilityViewSet
from scheduling.api.filters import AppointmentFilter, VisitTypeFilter
from scheduling.api.serializers import (
    AppointmentCancelSerializer,
    AppointmentCreateSerializer,
    AppointmentRescheduleSerializer,
    AppointmentSerializer,
    AppointmentUpdateSerializer,
    VisitTypeSerializer,
)
from scheduling.models import Appointment, VisitType
from scheduling.selectors import appointment_api_list, visit_type_list

# Services name the model's fields; the API calls the start `start`.
_API_FIELD_NAMES = {"start_at": "start", "end_at": "start"}


_REFUSALS = (
    "The time must be open as `GET /api/v1/availability/` would offer it; otherwise 409 with a `reason` (also the "
    "last part of the problem `type`): `conflict` (another appointment), `outside-hours` (outside the provider's "
    "schedule or the clinic's business hours), `clinic-closed`, `provider-time-off`, `too-soon` (inside the "
    "clinic's minimum notice), `beyond-horizon`, `new-patients-not-accepted`, `visit-type-new-patients-only`, "
    "`visit-type-not-offered`."
)


class StartCursorPagination(CreatedCursorPagination):
    """Appointments page in the order of the day: by start time."""

    ordering = ("start_at", "id")


@contextmanager
def _booking_errors() -> Iterator[None]:
    """A busy provider is 409; input the service refuses is 400 with API field names."""
    try:
        with service_field_errors(rename=_API_FIELD_NAMES):
            yield
    except services.AppointmentConflict as exc:
        extra: dict[str, Any] = {"conflicting_id": str(exc.conflicting_id)} if exc.conflicting_id else {}
        raise ApiProblem(409, str(exc), slug="conflict", reason="conflict", **extra) from exc


@contextmanager
def _state_errors() -> Iterator[None]:
    """Cancelling or moving an appointment that is no longer active conflicts with its
    state (409); the client sent no `status` field to blame."""
    try:
        yield
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict") and set(exc.error_dict) == {"status"}:
            raise ApiProblem(409, " ".join(exc.messages), slug="appointment-not-active") from exc
        raise


@extend_schema_view(
    list=extend_schema(summary="List appointments", description="Ordered by start time."),
    retrieve=extend_schema(summary="An appointment", responses={200: AppointmentSerializer, **problem_responses(404)}),
)
class AppointmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ClinicGenericViewSet):
    # No PUT and no DELETE: an appointment is moved with reschedule and ended with cancel.
    http_method_names = ["get", "post", "patch", "head", "options"]
    queryset = Appointment.objects.none()
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilter
    pagination_class = StartCursorPagination

    def get_queryset(self) -> Any:
        return appointment_api_list(clinic=self.clinic)

    def _answer(self, appointment: Appointment, *, created: bool = False) -> Response:
        # Re-read through the selector so the answer has the same shape as a GET.
        fresh = appointment_api_list(clinic=self.clinic).get(pk=appointment.pk)
        data = AppointmentSerializer(fresh, context=self.get_serializer_context()).data
        if not created:
            return Response(data)
        location = self.request.build_absolute_uri(reverse("appointment-detail", kwargs={"pk": fresh.pk}))
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": location})

    @extend_schema(
        summary="Book an appointment",
        description=_REFUSALS,
        request=AppointmentCreateSerializer,
        responses={201: AppointmentSerializer, **problem_responses(400, 409)},
    )
    def create(self, request: Request) -> Response:
        serializer = AppointmentCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with _booking_errors():
            appointment = services.appointment_book(
                clinic=self.clinic,
                provider=data["provider"],
                patient=data["patient"],
                start_at=data["start"],
                duration_minutes=data.get("duration_minutes"),
                visit_type=data.get("visit_type"),
                reason=data["reason"],
                notes=data["notes"],
                special_instructions=data["special_instructions"],
                external_id=data["external_id"],
                is_new_patient=data["is_new_patient"],
                booked_via=Appointment.Channel.API,
                actor=self.actor,
            )
        return self._answer(appointment, created=True)

    @extend_schema(
        summary="Change notes or record a milestone",
        description="Edits fields that do not move the appointment, and records status milestones "
        "(CONFIRMED, CHECKED_IN, COMPLETED, NO_SHOW) with their time.",
        request=AppointmentUpdateSerializer,
        responses={200: AppointmentSerializer, **problem_responses(400, 404)},
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        appointment = self.get_object()
        serializer = AppointmentUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        new_status = data.pop("status", None)
        # One change, one outcome: fields and milestone commit together or not at all.
        with transaction.atomic(), service_field_errors():
            if data:
                appointment = services.appointment_update(appointment=appointment, actor=self.actor, data=data)
            if new_status:
                appointment = services.appointment_set_status(
                    appointment=appointment, status=new_status, actor=self.actor
                )
        return self._answer(appointment)

    @extend_schema(
        summary="Cancel an appointment",
        request=AppointmentCancelSerializer,
        responses={200: AppointmentSerializer, **problem_responses(400, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        appointment = self.get_object()
        serializer = AppointmentCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with _state_errors():
            appointment = services.appointment_cancel(
                appointment=appointment,
                actor=self.actor,
                reason=serializer.validated_data["reason"],
                cancelled_by=serializer.validated_data["cancelled_by"],
            )
        return self._answer(appointment)

    @extend_schema(
        summary="Reschedule an appointment",
        description="The appointment becomes RESCHEDULED and frees its slot; the answer is the new "
        "appointment, linked by `rescheduled_from`. 409 when the provider is busy at the new time "
        "(nothing changes then). Staying with the same provider skips the new-patient rules. " + _REFUSALS,
        request=AppointmentRescheduleSerializer,
        responses={201: AppointmentSerializer, **problem_responses(400, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk: Any = None) -> Response:
        appointment = self.get_object()
        serializer = AppointmentRescheduleSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with _booking_errors(), _state_errors():
            new = services.appointment_reschedule(
                appointment=appointment,
                start_at=data["start"],
                duration_minutes=data.get("duration_minutes"),
                provider=data.get("provider"),
                booked_via=Appointment.Channel.API,
                actor=self.actor,
            )
        return self._answer(new, created=True)


@extend_schema_view(
    list=extend_schema(summary="List visit types"),
    retrieve=extend_schema(summary="A visit type", responses={200: VisitTypeSerializer, **problem_responses(404)}),
)
class VisitTypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ClinicGenericViewSet):
    queryset = VisitType.objects.none()
    serializer_class = VisitTypeSerializer
    filterset_class = VisitTypeFilter

    def get_queryset(self) -> Any:
        return visit_type_list(clinic=self.clinic)


router = SimpleRouter()
router.register("appointments", AppointmentViewSet, basename="appointment")
router.register("visit-types", VisitTypeViewSet, basename="visit-type")

urlpatterns = [
    path("availability/", AvailabilityViewSet.as_view({"get": "retrieve"}), name="availability"),
    path("availability", AvailabilityNoSlashViewSet.as_view({"get": "retrieve"}), name="availability-no-slash"),
    *router.urls,
]
