"""REST API v1: `POST /api/v1/chat`, one message to the receptionist, one reply back."""

from __future__ import annotations

import time
from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from clinics.api.base import ClinicAPIView
from clinics.api.serializers import RejectUnknownFieldsMixin, problem_responses
from nuvae.lib.problems import ApiProblem
from scheduling.receptionist.engine import process
from scheduling.receptionist.session import SessionNotFoundError


class ChatRequestSerializer(RejectUnknownFieldsMixin, serializers.Serializer):  # type: ignore[type-arg]
    message = serializers.CharField(min_length=1, max_length=2000, trim_whitespace=False)
    session_id = serializers.UUIDField(required=False, allow_null=True)

    def validate_message(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("This field may not be blank.")
        return value


class ChatResponseSerializer(serializers.Serializer):  # type: ignore[type-arg]
    message = serializers.CharField()
    session_id = serializers.UUIDField()
    state = serializers.CharField()
    intent = serializers.CharField()
    confidence = serializers.FloatField()
    booking_id = serializers.UUIDField(allow_null=True)
    collected_data = serializers.DictField()
    available_slots = serializers.ListField(child=serializers.DictField())
    processing_time_ms = serializers.FloatField()


class ChatView(ClinicAPIView):
    @extend_schema(
        request=ChatRequestSerializer,
        responses={200: ChatResponseSerializer, **problem_responses(400, 404)},
        summary="Send one message to the receptionist",
        description="Runs the message through the receptionist (safety checks, understanding, booking) and "
        "returns its reply. Omit `session_id` to start a conversation; send the returned one to continue it "
        "(a session of another clinic answers 404).",
    )
    def post(self, request: Request) -> Response:
        started = time.perf_counter()
        body = ChatRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        session_id = body.validated_data.get("session_id")
        try:
            turn = process(
                clinic=self.clinic,
                message=body.validated_data["message"],
                session_id=str(session_id) if session_id else None,
                channel="api",
                actor=self.actor,
            )
        except SessionNotFoundError as exc:
            raise ApiProblem(404, "No such conversation.") from exc
        data: dict[str, Any] = {
            "message": turn.message,
            "session_id": turn.session_id,
            "state": turn.state,
            "intent": turn.intent,
            "confidence": turn.confidence,
            "booking_id": turn.booking_id,
            "collected_data": turn.collected_data,
            "available_slots": turn.available_slots,
            "processing_time_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        return Response(data, status=status.HTTP_200_OK)


urlpatterns = [path("chat", ChatView.as_view(), name="chat")]
