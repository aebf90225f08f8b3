"""What the chat API gives back: never the identity a patient typed to be verified."""

from __future__ import annotations

import pytest

from clinics.tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_chat_response_does_not_echo_name_birth_date_or_phone(api, clinic):
    ProviderFactory.create(clinic=clinic, first_name="Ana", last_name="Lee", specialty="Family Medicine")
    first = api.post("/api/v1/chat", {"message": "I'd like to book a checkup next Tuesday morning"}, format="json")
    session_id = first.json()["session_id"]

    response = api.post(
        "/api/v1/chat",
        {"message": "My name is Dana Whitfield, born 4/12/1988, phone 617-555-0100", "session_id": session_id},
        format="json",
    )

    assert response.status_code == 200
    body = response.content.decode()
    for value in ("Whitfield", "1988", "555-0100", "5550100", "_identity"):
        assert value not in body
