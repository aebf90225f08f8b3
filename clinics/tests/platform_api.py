"""A tiny API used only by the API-platform tests (auth, rate limits, idempotency, problems).

It exercises the base classes without depending on any resource endpoint. Tests point
`ROOT_URLCONF` at this module.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import include, path
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from clinics.api.base import ClinicAPIView, ClinicGenericViewSet
from clinics.models import ApiKey
from clinics.services import api_key_create
from nuvae.lib.problems import ApiProblem, DomainConflict

# Set by the concurrency test: the first request waits here until the test releases it.
HOLD = threading.Event()
HOLD.set()


class SlotTaken(DomainConflict):
    def __init__(self, message: str, *, conflicting_id: Any = None) -> None:
        super().__init__(message)
        self.conflicting_id = conflicting_id


class KeyNameSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(max_length=100)


class KeyOutSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = ApiKey
        fields = ["id", "name", "created_at"]


class KeyViewSet(ClinicGenericViewSet):
    """Creating an API key is a real, audited, countable side effect."""

    serializer_class = KeyOutSerializer
    queryset = ApiKey.objects.none()

    def get_queryset(self) -> Any:
        return ApiKey.objects.filter(clinic=self.clinic)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(KeyOutSerializer(page, many=True).data)

    def create(self, request: Request) -> Response:
        incoming = KeyNameSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        HOLD.wait(timeout=10)
        key, _raw = api_key_create(actor=self.actor, clinic=self.clinic, name=incoming.validated_data["name"])
        return Response(KeyOutSerializer(key).data, status=201, headers={"Location": f"/keys/{key.pk}/"})

    @action(detail=False, methods=["post"], url_path="unavailable")
    def unavailable(self, request: Request) -> Response:
        raise ApiProblem(503, "Try again later.", slug="unavailable")

    @action(detail=False, methods=["post"], url_path="crash")
    def crash(self, request: Request) -> Response:
        raise RuntimeError("unexpected")

    @action(detail=False, methods=["post"], url_path="service-invalid")
    def service_invalid(self, request: Request) -> Response:
        raise DjangoValidationError({"start": ["Must be in the future."], "__all__": ["Outside business hours."]})

    @action(detail=False, methods=["post"], url_path="conflict")
    def conflict(self, request: Request) -> Response:
        raise SlotTaken("The provider already has an appointment at that time.", conflicting_id="c0ffee")


class WhoAmIView(ClinicAPIView):
    def get(self, request: Request) -> Response:
        return Response(
            {
                "clinic": self.clinic.slug,
                "api_key": self.api_key.prefix,
                "principal": type(request.user).__name__,
                "actor": self.actor.label,
            }
        )


class MissingView(ClinicAPIView):
    def get(self, request: Request) -> Response:
        raise Http404("No appointment with that id.")


router = SimpleRouter()
router.register("keys", KeyViewSet, basename="platform-keys")

urlpatterns = [
    path("api/v1/whoami/", WhoAmIView.as_view()),
    path("api/v1/missing/", MissingView.as_view()),
    path("api/v1/", include(router.urls)),
]

handler404 = "nuvae.lib.problems.api_404_or_html"
handler500 = "nuvae.lib.problems.api_500_or_html"
