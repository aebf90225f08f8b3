"""REST API v1 for X12 files: upload an 837 or 835 (202 with a job), follow the job, read
each file's per-claim report and, for an 837, pyx12's check and its 999 acknowledgement.

Upload as the raw body (`Content-Type: application/edi-x12`, `text/plain` or
`application/octet-stream`, with `?name=` for the file name) or as multipart form data with
a `file` field. The file's SHA-256 makes the upload idempotent on its own: the same bytes
again answer 202 with a finished job that says nothing changed.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, parsers, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.models import EdiFile, Job
from claims.selectors import edi_file_list, job_list
from claims.services import MAX_EDI_BYTES, edi_file_submit
from clinics.api.base import ClinicGenericViewSet
from clinics.api.serializers import problem_responses
from nuvae.lib.problems import ApiProblem


class RawFileParser(parsers.BaseParser):
    """The request body is the file."""

    media_type = "*/*"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        return stream.read(MAX_EDI_BYTES + 1) if stream is not None else b""


class EdiFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = EdiFile
        fields = [
            "id",
            "name",
            "kind",
            "status",
            "source",
            "sha256",
            "size",
            "lenient",
            "segment_count",
            "units_imported",
            "units_rejected",
            "units_skipped",
            "problem",
            "created_at",
            "imported_at",
        ]
        read_only_fields = fields


class ValidationSerializer(serializers.Serializer):
    """pyx12's check of an 837 against its implementation guide (run after the import; it
    never changes what was imported)."""

    status = serializers.CharField(
        source="validation_status",
        help_text="Empty (not validated), QUEUED, RUNNING, VALID, ERRORS or FAILED (the validator could not run)",
    )
    problem = serializers.CharField(source="validation_problem", help_text="Why the validator failed")
    error_count = serializers.IntegerField(source="validation_error_count")
    # A declared field, not the serializer's `errors` property: DRF moves it into `fields`.
    errors = serializers.JSONField(  # type: ignore[assignment]
        source="validation_errors",
        help_text="The first 500 findings: segment, position (segment number in the file), loop, element, "
        "code, message, value",
    )
    acknowledgement_kind = serializers.CharField(help_text='"999", or "997" for a 4010 file')
    acknowledgement_code = serializers.CharField(help_text="AK901: A accepted, E with errors, P in part, R rejected")
    acknowledgement_url = serializers.SerializerMethodField(help_text="The acknowledgement as an X12 file")
    validated_at = serializers.DateTimeField()

    def get_acknowledgement_url(self, obj: EdiFile) -> str | None:
        if not obj.acknowledgement:
            return None
        path = reverse("edi-file-acknowledgement", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class EdiFileReportSerializer(EdiFileSerializer):
    report = serializers.JSONField(
        read_only=True,
        help_text="Per transaction set and per claim (or claim payment): "
        "status, segment number and the reason of any problem.",
    )
    validation = ValidationSerializer(source="*", read_only=True)

    class Meta(EdiFileSerializer.Meta):
        fields = [*EdiFileSerializer.Meta.fields, "report", "validation"]
        read_only_fields = fields


class JobSerializer(serializers.ModelSerializer):
    file = EdiFileReportSerializer(source="edi_file", read_only=True)

    class Meta:
        model = Job
        fields = ["id", "kind", "status", "done", "total", "message", "created_at", "started_at", "finished_at", "file"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="List uploaded X12 files"),
    retrieve=extend_schema(
        summary="An uploaded file with its per-claim report",
        responses={200: EdiFileReportSerializer, **problem_responses(404)},
    ),
    create=extend_schema(
        summary="Upload an 837 or 835 file",
        description="The file is stored, hashed and imported in the background: follow the returned job. "
        "The same file again changes nothing (its job says so).",
        parameters=[
            OpenApiParameter("name", str, description="File name, for a raw body"),
            OpenApiParameter(
                "lenient", bool, description="Accept trailer count and control-number mismatches as warnings"
            ),
        ],
        request={
            "application/edi-x12": OpenApiTypes.BINARY,
            "multipart/form-data": inline_serializer("EdiUpload", {"file": serializers.FileField()}),
        },
        responses={
            202: inline_serializer(
                "EdiUploadAccepted", {"job": JobSerializer(), "duplicate": serializers.BooleanField()}
            ),
            **problem_responses(400),
        },
    ),
)
@extend_schema_view(
    acknowledgement=extend_schema(
        summary="The 999 acknowledgement pyx12 wrote for an 837",
        description="The X12 text of the 999 (997 for a 4010 file), once the file has been validated. "
        "404 for a file without one.",
        responses={(200, "application/edi-x12"): OpenApiTypes.STR, **problem_responses(404)},
    ),
)
class EdiFileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ClinicGenericViewSet):
    queryset = EdiFile.objects.none()
    serializer_class = EdiFileSerializer
    parser_classes = [parsers.MultiPartParser, RawFileParser]

    def get_queryset(self) -> Any:
        return edi_file_list(clinic=self.clinic)

    def get_serializer_class(self) -> Any:
        return EdiFileReportSerializer if self.action == "retrieve" else EdiFileSerializer

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # The content hash is the idempotency key of an upload; the generic Idempotency-Key
        # machinery would try to fingerprint the file as JSON.
        if request.method == "POST":
            request.META.pop("HTTP_IDEMPOTENCY_KEY", None)
        super().initial(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        name = request.query_params.get("name", "")
        if request.META.get("CONTENT_LENGTH") in (None, "", "0"):
            raise ApiProblem(400, "The file is empty.", slug="empty-file")
        if isinstance(request.data, bytes):
            content = request.data
        else:
            upload = (
                request.data.get("file") if isinstance(request.data, dict) or hasattr(request.data, "get") else None
            )
            if upload is None or not hasattr(upload, "read"):
                raise ApiProblem(
                    400, "Send the file as the request body or as the multipart field `file`.", slug="missing-file"
                )
            content = upload.read(MAX_EDI_BYTES + 1)
            name = name or upload.name
        if not content:
            raise ApiProblem(400, "The file is empty.", slug="empty-file")
        if len(content) > MAX_EDI_BYTES:
            raise ApiProblem(413, f"The file is larger than {MAX_EDI_BYTES // (1024 * 1024)} MB.", slug="too-large")
        lenient = request.query_params.get("lenient", "false").lower() in ("1", "true", "yes")
        submission = edi_file_submit(
            clinic=self.clinic,
            name=name or "upload.edi",
            content=content,
            source=EdiFile.Source.API,
            actor=self.actor,
            lenient=lenient,
        )
        submission.job.refresh_from_db()
        location = reverse("edi-job-detail", args=[submission.job.pk])
        job = JobSerializer(submission.job, context=self.get_serializer_context()).data
        body = {"job": job, "duplicate": submission.duplicate}
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})

    @action(detail=True, methods=["get"], url_path="acknowledgement")
    def acknowledgement(self, request: Request, pk: Any = None) -> HttpResponse:
        edi_file = self.get_object()
        if not edi_file.acknowledgement:
            raise ApiProblem(404, "pyx12 has written no acknowledgement for this file.", slug="no-acknowledgement")
        response = HttpResponse(edi_file.acknowledgement, content_type="application/edi-x12; charset=utf-8")
        stem = edi_file.name.rsplit(".", 1)[0] or "file"
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{stem}.{edi_file.acknowledgement_kind or '999'}"
        )
        return response


@extend_schema_view(
    list=extend_schema(summary="List import jobs"),
    retrieve=extend_schema(
        summary="An import job: status, progress and the file's per-claim report",
        responses={200: JobSerializer, **problem_responses(404)},
    ),
)
class EdiJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ClinicGenericViewSet):
    queryset = Job.objects.none()
    serializer_class = JobSerializer

    def get_queryset(self) -> Any:
        return job_list(clinic=self.clinic)
