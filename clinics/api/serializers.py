"""Serializers of the clinic REST API v1 for the clinic itself, providers and patients,
and the field types other apps' API serializers share (tenant-scoped ids, aware datetimes).

Serializers shape and check input; writes go through `clinics.services`, whose
`full_clean` normalises (phones to E.164) and enforces the model invariants.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from clinics.models import Clinic, Patient, Provider
from clinics.selectors import patient_mrn_taken, provider_npi_taken
from nuvae.lib.problems import PROBLEM_CONTENT_TYPE


def context_clinic(field_or_serializer: serializers.Field) -> Clinic:
    """The clinic of the request a (nested) serializer or field is validating for."""
    context = field_or_serializer.context
    if "clinic" in context:
        return context["clinic"]
    return context["view"].clinic


class ClinicScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """The UUID of a row of the request's clinic.

    The queryset comes from a selector given the clinic, so an id of another clinic's
    row fails exactly like an id that was never issued: the answer must not reveal that
    it exists elsewhere.
    """

    def __init__(self, *, selector: Callable[..., QuerySet[Any]], model: type[Model], **kwargs: Any) -> None:
        self.selector = selector
        label = str(model._meta.verbose_name).capitalize()
        kwargs.setdefault("pk_field", serializers.UUIDField(format="hex_verbose"))
        kwargs.setdefault(
            "error_messages", {"does_not_exist": f'{label} "{{pk_value}}" does not exist.'}
        )
        # The model's queryset is only the schema's hint at the id type; lookups use
        # get_queryset below, which is scoped to the clinic.
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return self.selector(clinic=context_clinic(self))


class RejectUnknownFieldsMixin:
    """Refuse fields the resource does not have, so a typo (`frist_name`) is a 400 that
    names it rather than a 200 that silently changes nothing. Read-only fields a client
    echoes back (id, created_at) are known and ignored as usual."""

    fields: Any
    #: Names the serializer answers with its own, more helpful error.
    handled_elsewhere: tuple[str, ...] = ()

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            known = set(self.fields) | set(self.handled_elsewhere)
            unknown = sorted(str(name) for name in data if name not in known)
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)  # type: ignore[misc]


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time that must carry a UTC offset or `Z`.

    DRF would silently read a naive value in the server's time zone; for an appointment
    that is a booking at the wrong hour, so it is refused instead.
    """

    default_error_messages = {
        "naive": "Include a UTC offset or Z, for example 2026-09-01T14:00:00-04:00.",
    }

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None  # well-formed but impossible (February 30): DRF's message below
            if parsed is not None and parsed.tzinfo is None:
                self.fail("naive")
        return super().to_internal_value(value)


# --- problems (for the schema only: responses are built by nuvae.lib.problems) -------


class ProblemFieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Dotted path of the input field; empty for the request as a whole.")
    detail = serializers.CharField()
    code = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem, served as application/problem+json."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    instance = serializers.CharField(required=False)
    request_id = serializers.CharField(required=False)
    errors = ProblemFieldErrorSerializer(many=True, required=False)  # type: ignore[assignment]


# --- the clinic --------------------------------------------------------------------


class ClinicAddressSerializer(serializers.Serializer):
    line1 = serializers.CharField()
    line2 = serializers.CharField()
    city = serializers.CharField()
    state = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()


class ClinicSerializer(serializers.ModelSerializer):
    address = serializers.SerializerMethodField()

    class Meta:
        model = Clinic
        fields = [
            "id", "name", "slug", "email", "phone", "address", "timezone", "business_hours", "status",
            "rate_limit_tier", "ehr_provider", "default_reminder_hours", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ClinicAddressSerializer)
    def get_address(self, clinic: Clinic) -> dict[str, str]:
        return {
            "line1": clinic.address_line1, "line2": clinic.address_line2, "city": clinic.city,
            "state": clinic.state, "postal_code": clinic.postal_code, "country": clinic.country,
        }


# --- providers ---------------------------------------------------------------------


class ProviderSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Provider
        fields = [
            "id", "first_name", "last_name", "title", "display_name", "specialty", "npi", "email", "phone",
            "status", "weekly_schedule", "default_appointment_minutes", "accepting_new_patients", "languages",
            "bio", "external_id", "created_at", "updated_at",
        ]
        read_only_fields = ["id", "display_name", "created_at", "updated_at"]
        extra_kwargs = {
            # Mirrors the model's check constraint so the client gets a field error, not a 500.
            "default_appointment_minutes": {"min_value": 5, "max_value": 480},
            "phone": {"help_text": "Any common format; stored and returned as E.164."},
            "weekly_schedule": {
                "help_text": 'Hours per weekday, for example {"mon": [["09:00", "12:00"], ["13:00", "17:00"]]}.'
            },
        }

    def validate_npi(self, value: str) -> str:
        if value and provider_npi_taken(
            clinic=context_clinic(self), npi=value, exclude_id=getattr(self.instance, "pk", None)
        ):
            raise serializers.ValidationError("Another provider of this clinic has this NPI.")
        return value


# --- patients ----------------------------------------------------------------------


class PatientSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Patient
        fields = [
            "id", "first_name", "last_name", "date_of_birth", "sex", "gender_identity", "email", "phone",
            "address_line1", "address_line2", "city", "state", "postal_code", "external_id", "mrn",
            "preferred_language", "sms_opt_in", "email_opt_in", "phone_verified", "email_verified", "notes",
            "created_at", "updated_at",
        ]
        # Verification is proven by our own flows (codes sent and answered), not asserted by a client.
        read_only_fields = ["id", "phone_verified", "email_verified", "created_at", "updated_at"]
        extra_kwargs = {"phone": {"help_text": "Any common format; stored and returned as E.164."}}

    def validate_mrn(self, value: str) -> str:
        if value and patient_mrn_taken(
            clinic=context_clinic(self), mrn=value, exclude_id=getattr(self.instance, "pk", None)
        ):
            raise serializers.ValidationError("Another patient of this clinic has this MRN.")
        return value


# --- service errors and schema helpers ---------------------------------------------


@contextmanager
def service_field_errors(rename: Mapping[str, str] | None = None) -> Iterator[None]:
    """Answer a service's ValidationError as field errors named like the API's fields.

    Services validate with model field names (`start_at`); the API calls some of them
    differently (`start`), and a client must be able to point at its own input.
    """
    try:
        yield
    except DjangoValidationError as exc:
        detail = serializers.as_serializer_error(exc)
        if rename:
            detail = {rename.get(key, key): value for key, value in detail.items()}
        raise serializers.ValidationError(detail) from exc


_PROBLEM_DESCRIPTIONS = {
    400: "Invalid input: `errors` lists each field and what is wrong with it.",
    401: "No API key, or a header that is not one.",
    403: "The key is unknown, revoked or expired, its clinic is not active, or X-Tenant-ID names another clinic.",
    404: "No such object in the API key's clinic.",
    409: "The request conflicts with the current state: the provider is busy then, the appointment is no "
    "longer active, or a request with this Idempotency-Key is still running.",
    415: "The body is not application/json.",
    422: "The Idempotency-Key was already used with a different request.",
    429: "The clinic's rate limit is exceeded; Retry-After says when to retry.",
}


def problem_responses(*statuses: int) -> dict[Any, OpenApiResponse]:
    """Schema entries for the problem+json answers an operation can give."""
    return {
        (status, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, description=_PROBLEM_DESCRIPTIONS[status])
        for status in statuses
    }
