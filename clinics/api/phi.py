"""REST API v1: de-identification of free text and FHIR R4 JSON (`POST /api/v1/phi/deidentify/`).

The endpoint reads no tenant rows and stores nothing: the clinic sends data it already
holds and gets it back de-identified. Surrogates and hashes are keyed per clinic (HMAC of
Django's SECRET_KEY and the clinic id), so they are stable for a clinic across requests
and change if SECRET_KEY is rotated. The body is never logged: this module logs nothing,
and validation errors name fields and allowed values, never the submitted text.

No audit event is recorded: no PHI held by Nuvae is read or changed, and an event could
not say more than "this key sent something" (the key's use and the rate limit already
count requests).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from clinics.api.base import ClinicAPIView
from clinics.api.serializers import RejectUnknownFieldsMixin, problem_responses
from nuvae.lib.safety.deidentify import DateMethod, Method, clinic_secret, deidentify_fhir, deidentify_text
from nuvae.lib.safety.phi.engine import PRESETS, SAFE_HARBOR_ENTITIES

MAX_TEXT_LENGTH = 100_000


def _choice(choices: list[str], **kwargs: Any) -> serializers.ChoiceField:
    allowed = ", ".join(choices)
    return serializers.ChoiceField(
        choices=choices,
        error_messages={"invalid_choice": f'"{{input}}" is not a valid choice; use one of: {allowed}.'},
        **kwargs,
    )


class DeidentifySerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=MAX_TEXT_LENGTH,
        help_text=f"Free text, at most {MAX_TEXT_LENGTH:,} characters. Give `text` or `fhir`, not both.",
    )
    fhir = serializers.JSONField(
        required=False, help_text="A FHIR R4 resource or Bundle (a JSON object with `resourceType`)."
    )
    method = _choice([m.value for m in Method], default=Method.REDACT.value)
    date_method = _choice(
        [m.value for m in DateMethod],
        required=False,
        help_text="FHIR only: `shift` (default) moves every date by one offset, `generalize` keeps the year.",
    )
    preset = _choice(list(PRESETS), default="safe_harbor")
    entities = serializers.ListField(
        child=_choice(list(SAFE_HARBOR_ENTITIES)),
        required=False,
        allow_empty=False,
        help_text="Only these identifier types (a subset of the preset's); default: all of the preset.",
    )

    def validate_fhir(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("Must be a JSON object: a FHIR resource or Bundle.")
        if not isinstance(value.get("resourceType"), str) or not value["resourceType"]:
            raise serializers.ValidationError("A FHIR resource needs a resourceType.")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("text" in attrs) == ("fhir" in attrs):
            raise serializers.ValidationError("Give exactly one of text or fhir.")
        if "text" in attrs and "date_method" in attrs:
            raise serializers.ValidationError({"date_method": ["Applies to fhir only."]})
        allowed = PRESETS[attrs["preset"]]
        outside = [name for name in attrs.get("entities", []) if name not in allowed]
        if outside:
            raise serializers.ValidationError(
                {
                    "entities": [
                        f"Not in the {attrs['preset']} preset: {', '.join(outside)}; use some of: {', '.join(allowed)}."
                    ]
                }
            )
        return attrs


class DeidentifiedEntitySerializer(serializers.Serializer):
    type = serializers.CharField()
    start = serializers.IntegerField(help_text="Offset in the input text (characters).")
    end = serializers.IntegerField()
    score = serializers.FloatField()


class DeidentifiedSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, help_text="The de-identified text (when `text` was sent).")
    fhir = serializers.JSONField(required=False, help_text="The de-identified resource (when `fhir` was sent).")
    method = serializers.CharField()
    date_method = serializers.CharField(required=False)
    entities = DeidentifiedEntitySerializer(
        many=True, required=False, help_text="Text only: what was found, with positions in the input and no values."
    )
    summary = serializers.JSONField(
        help_text="Counts per entity type (`entities`) and, for FHIR, per kind of field (`fields`); never values."
    )


_TEXT_EXAMPLE = OpenApiExample(
    "Text, redacted",
    request_only=True,
    value={"text": "Patient: Maria Lopez, DOB 03/14/1985, MRN 4481234, call (617) 555-0143.", "method": "redact"},
)
_TEXT_ANSWER = OpenApiExample(
    "Text, redacted",
    response_only=True,
    value={
        "text": "Patient: [PERSON], DOB [DATE_OF_BIRTH], MRN [MRN], call [PHONE_NUMBER].",
        "method": "redact",
        "entities": [
            {"type": "PERSON", "start": 9, "end": 20, "score": 0.9},
            {"type": "DATE_OF_BIRTH", "start": 26, "end": 36, "score": 0.95},
            {"type": "MRN", "start": 42, "end": 49, "score": 0.9},
            {"type": "PHONE_NUMBER", "start": 56, "end": 70, "score": 0.85},
        ],
        "summary": {"entities": {"DATE_OF_BIRTH": 1, "MRN": 1, "PERSON": 1, "PHONE_NUMBER": 1}, "total": 4},
    },
)
_FHIR_EXAMPLE = OpenApiExample(
    "FHIR Patient, surrogates",
    request_only=True,
    value={
        "fhir": {
            "resourceType": "Patient",
            "id": "p1",
            "name": [{"family": "Lopez", "given": ["Maria"]}],
            "birthDate": "1985-03-14",
            "telecom": [{"system": "phone", "value": "617-555-0143"}],
        },
        "method": "replace",
        "date_method": "shift",
    },
)


class DeidentifyView(ClinicAPIView):
    @extend_schema(
        operation_id="phi_deidentify",
        summary="De-identify text or FHIR",
        description=(
            "Finds identifiers (HIPAA Safe Harbor types by default) and rewrites them: `redact` → `[TYPE]`, "
            "`mask` → every letter and digit becomes `*`, `replace` → consistent realistic surrogates, "
            "`hash` → `TYPE_` + 16 hex digits of a keyed HMAC-SHA256. Surrogates and hashes are stable for "
            "the clinic across requests. FHIR dates are shifted by one offset per patient or cut to the year. "
            "Nothing is stored and the body is never logged."
        ),
        request=DeidentifySerializer,
        responses={200: DeidentifiedSerializer, **problem_responses(400)},
        examples=[_TEXT_EXAMPLE, _TEXT_ANSWER, _FHIR_EXAMPLE],
        tags=["phi"],
    )
    def post(self, request: Request) -> Response:
        serializer = DeidentifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        secret = clinic_secret(settings.SECRET_KEY, self.clinic.pk)
        options = {
            "method": data["method"],
            "secret": secret,
            "preset": data["preset"],
            "entities": data.get("entities"),
        }
        if "text" in data:
            result = deidentify_text(data["text"], **options)
            entities = [{"type": e.type, "start": e.start, "end": e.end, "score": e.score} for e in result.entities]
            body: dict[str, Any] = {
                "text": result.text,
                "method": data["method"],
                "entities": entities,
                "summary": result.summary,
            }
        else:
            date_method = data.get("date_method", DateMethod.SHIFT.value)
            fhir = deidentify_fhir(data["fhir"], date_method=date_method, **options)
            body = {
                "fhir": fhir.resource,
                "method": data["method"],
                "date_method": date_method,
                "summary": fhir.summary,
            }
        return Response(body)
