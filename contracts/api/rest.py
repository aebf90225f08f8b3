"""REST API v1: the clinic's payers (read-only)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.routers import SimpleRouter

from clinics.api.base import ClinicGenericViewSet
from clinics.api.serializers import problem_responses
from contracts.api.filters import PayerFilter
from contracts.api.serializers import PayerSerializer
from contracts.models import Payer
from contracts.selectors import payer_list


@extend_schema_view(
    list=extend_schema(summary="List payers"),
    retrieve=extend_schema(summary="A payer", responses={200: PayerSerializer, **problem_responses(404)}),
)
class PayerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ClinicGenericViewSet):
    queryset = Payer.objects.none()
    serializer_class = PayerSerializer
    filterset_class = PayerFilter

    def get_queryset(self) -> Any:
        return payer_list(clinic=self.clinic)


router = SimpleRouter()
router.register("payers", PayerViewSet, basename="payer")

urlpatterns = router.urls
