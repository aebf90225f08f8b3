"""REST API v1: a patient as FHIR R4 (read-only, the clinic's API key).

`GET /api/v1/fhir/Patient/{id}` is the Patient; `.../$everything` a searchset Bundle with
the Patient, their appointments, the providers those name, and their clinical records.
Another clinic's patient answers 404, like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from clinics.access import get_for_clinic
from clinics.api.base import ClinicAPIView
from clinics.api.serializers import problem_responses
from clinics.audit import audit_record
from clinics.models import AuditEvent, Patient
from fhir_sync.export import patient_everything, patient_resource

FHIR_JSON = "application/fhir+json"


class FhirJSONRenderer(JSONRenderer):
    media_type = FHIR_JSON
    format = "fhir"


class _FhirView(ClinicAPIView):
    renderer_classes = [FhirJSONRenderer, JSONRenderer]

    def _patient(self, pk: str) -> Patient:
        return get_for_clinic(Patient, self.clinic, pk)

    def _audit(self, patient: Patient, **details: Any) -> None:
        audit_record(
            actor=self.actor,
            action=AuditEvent.Action.EXPORT,
            clinic=self.clinic,
            resource=patient,
            details={"format": "fhir", **details},
        )


class FhirPatientView(_FhirView):
    @extend_schema(
        summary="A patient as a FHIR R4 Patient",
        tags=["fhir"],
        operation_id="fhir_patient_read",
        responses={(200, FHIR_JSON): OpenApiTypes.OBJECT, **problem_responses(404)},
    )
    def get(self, request: Request, pk: str) -> Response:
        patient = self._patient(pk)
        self._audit(patient, operation="read")
        return Response(patient_resource(patient), content_type=FHIR_JSON)


class FhirPatientEverythingView(_FhirView):
    @extend_schema(
        summary="Everything about a patient as a FHIR R4 searchset Bundle",
        tags=["fhir"],
        operation_id="fhir_patient_everything",
        responses={(200, FHIR_JSON): OpenApiTypes.OBJECT, **problem_responses(404)},
    )
    def get(self, request: Request, pk: str) -> Response:
        patient = self._patient(pk)
        resources = patient_everything(clinic=self.clinic, patient=patient)
        base = request.build_absolute_uri("/api/v1/fhir/")
        bundle = {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(resources),
            "link": [{"relation": "self", "url": request.build_absolute_uri()}],
            "entry": [
                {"fullUrl": f"{base}{r['resourceType']}/{r['id']}", "resource": r, "search": {"mode": "match"}}
                for r in resources
            ],
        }
        self._audit(patient, operation="$everything", resources=len(resources))
        return Response(bundle, content_type=FHIR_JSON)


urlpatterns = [
    path("fhir/Patient/<str:pk>", FhirPatientView.as_view(), name="fhir-patient-detail"),
    path("fhir/Patient/<str:pk>/$everything", FhirPatientEverythingView.as_view(), name="fhir-patient-everything"),
]
