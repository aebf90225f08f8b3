"""REST API v1: the clinic's claims (with lines, payments, adjustments and denials) and
its denial worklist. Read-only: claims and denials are written by imports and staff."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.routers import SimpleRouter

from claims.api.edi import EdiFileViewSet, EdiJobViewSet
from claims.api.filters import ClaimFilter, DenialFilter
from claims.api.serializers import ClaimDetailSerializer, ClaimSerializer, DenialSerializer
from claims.models import Claim, Denial
from claims.selectors import claim_detail_list, claim_list, denial_list
from clinics.api.base import ClinicGenericViewSet
from clinics.api.pagination import CreatedCursorPagination
from clinics.api.serializers import problem_responses


class DeadlineCursorPagination(CreatedCursorPagination):
    """The worklist order: nearest appeal deadline first (see `claims.selectors.denial_list`)."""

    ordering = ("deadline_order", "-denied_amount", "id")  # type: ignore[assignment]


@extend_schema_view(
    list=extend_schema(summary="List claims"),
    retrieve=extend_schema(
        summary="A claim with its lines, payments and denials",
        responses={200: ClaimDetailSerializer, **problem_responses(404)},
    ),
)
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ClinicGenericViewSet):
    queryset = Claim.objects.none()
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter

    def get_queryset(self) -> Any:
        if self.action == "retrieve":
            return claim_detail_list(clinic=self.clinic)
        return claim_list(clinic=self.clinic)

    def get_serializer_class(self) -> Any:
        return ClaimDetailSerializer if self.action == "retrieve" else ClaimSerializer


@extend_schema_view(
    list=extend_schema(summary="List denials", description="Ordered by appeal deadline, nearest first."),
    retrieve=extend_schema(summary="A denial", responses={200: DenialSerializer, **problem_responses(404)}),
)
class DenialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ClinicGenericViewSet):
    queryset = Denial.objects.none()
    serializer_class = DenialSerializer
    filterset_class = DenialFilter
    pagination_class = DeadlineCursorPagination

    def get_queryset(self) -> Any:
        return denial_list(clinic=self.clinic)


router = SimpleRouter()
router.register("claims", ClaimViewSet, basename="claim")
router.register("denials", DenialViewSet, basename="denial")
router.register("edi/files", EdiFileViewSet, basename="edi-file")
router.register("edi/jobs", EdiJobViewSet, basename="edi-job")

urlpatterns = router.urls
