"""REST API v1: the key's own clinic, its providers and its patients.

Reads come from `clinics.selectors` given the key's clinic (so another clinic's row is a
404); writes call `clinics.services`, which validate, normalise and audit.
"""

from __future__ import annotations

from typing import Any, cast

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from clinics import services
from clinics.api.base import ClinicGenericViewSet, ClinicViewSet
from clinics.api.filters import PatientFilter, ProviderFilter
from clinics.api.phi import DeidentifyView
from clinics.api.serializers import (
    ClinicSerializer,
    PatientSerializer,
    ProviderSerializer,
    problem_responses,
    service_field_errors,
)
from clinics.models import Clinic, Patient, Provider
from clinics.selectors import clinic_profile, patient_list, provider_list


@extend_schema_view(
    retrieve=extend_schema(
        summary="The API key's clinic", description="Profile, time zone and business hours of the key's clinic."
    )
)
class ClinicProfileViewSet(ClinicGenericViewSet):
    queryset = Clinic.objects.none()
    serializer_class = ClinicSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def retrieve(self, request: Request) -> Response:
        return Response(self.get_serializer(clinic_profile(clinic=self.clinic)).data)


@extend_schema_view(retrieve=extend_schema(exclude=True))
class ClinicProfileNoSlashViewSet(ClinicProfileViewSet):
    """`/clinic` without the slash: the same resource, documented once."""


_WRITE_PROBLEMS = problem_responses(400, 404)


@extend_schema_view(
    list=extend_schema(summary="List providers"),
    retrieve=extend_schema(summary="A provider", responses={200: ProviderSerializer, **problem_responses(404)}),
    create=extend_schema(
        summary="Add a provider", responses={201: ProviderSerializer, **problem_responses(400)}
    ),
    update=extend_schema(summary="Replace a provider", responses={200: ProviderSerializer, **_WRITE_PROBLEMS}),
    partial_update=extend_schema(
        summary="Change a provider", responses={200: ProviderSerializer, **_WRITE_PROBLEMS}
    ),
    destroy=extend_schema(
        summary="Remove a provider",
        description="Soft delete: the provider disappears from the API; history is kept.",
        responses={204: None, **problem_responses(404)},
    ),
)
class ProviderViewSet(ClinicViewSet):
    queryset = Provider.objects.none()
    serializer_class = ProviderSerializer
    filterset_class = ProviderFilter

    def get_queryset(self) -> Any:
        return provider_list(clinic=self.clinic)

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        with service_field_errors():
            serializer.instance = services.provider_create(
                actor=self.actor, clinic=self.clinic, **serializer.validated_data
            )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        with service_field_errors():
            serializer.instance = services.provider_update(
                actor=self.actor, provider=cast(Provider, serializer.instance), data=serializer.validated_data
            )

    def perform_destroy(self, instance: Provider) -> None:
        services.provider_delete(actor=self.actor, provider=instance)


@extend_schema_view(
    list=extend_schema(summary="List and search patients"),
    retrieve=extend_schema(summary="A patient", responses={200: PatientSerializer, **problem_responses(404)}),
    create=extend_schema(summary="Add a patient", responses={201: PatientSerializer, **problem_responses(400)}),
    update=extend_schema(summary="Replace a patient", responses={200: PatientSerializer, **_WRITE_PROBLEMS}),
    partial_update=extend_schema(
        summary="Change a patient", responses={200: PatientSerializer, **_WRITE_PROBLEMS}
    ),
    destroy=extend_schema(
        summary="Remove a patient",
        description="Soft delete: the patient disappears from the API; the record is kept.",
        responses={204: None, **problem_responses(404)},
    ),
)
class PatientViewSet(ClinicViewSet):
    queryset = Patient.objects.none()
    serializer_class = PatientSerializer
    filterset_class = PatientFilter

    def get_queryset(self) -> Any:
        return patient_list(clinic=self.clinic)

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        with service_field_errors():
            serializer.instance = services.patient_create(
                actor=self.actor, clinic=self.clinic, **serializer.validated_data
            )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        with service_field_errors():
            serializer.instance = services.patient_update(
                actor=self.actor, patient=cast(Patient, serializer.instance), data=serializer.validated_data
            )

    def perform_destroy(self, instance: Patient) -> None:
        services.patient_delete(actor=self.actor, patient=instance)


router = SimpleRouter()
router.register("providers", ProviderViewSet, basename="provider")
router.register("patients", PatientViewSet, basename="patient")

urlpatterns = [
    path("clinic/", ClinicProfileViewSet.as_view({"get": "retrieve"}), name="clinic-profile"),
    path("clinic", ClinicProfileNoSlashViewSet.as_view({"get": "retrieve"}), name="clinic-profile-no-slash"),
    path("phi/deidentify/", DeidentifyView.as_view(), name="phi-deidentify"),
    *router.urls,
]
