"""`POST /api/v1/chat`: the request's validation and authentication problems."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from clinics.tests.api_support import error_fields, problem_type

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [{"message": ""}, {"message": "   "}, {"message": "x" * 2001}, {}],
    ids=["empty", "blank", "too-long", "missing"],
)
def test_bad_message_is_a_400_on_the_message_field(api, body):
    response = api.post("/api/v1/chat", body, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["message"]


def test_message_of_2000_characters_is_accepted(api):
    response = api.post("/api/v1/chat", {"message": "hello " * 333 + "hi"}, format="json")

    assert response.status_code == 200


def test_unknown_field_is_a_400(api):
    response = api.post("/api/v1/chat", {"message": "hello", "patient_id": "1"}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["patient_id"]


def test_session_id_that_is_not_a_uuid_is_a_400(api):
    response = api.post("/api/v1/chat", {"message": "hello", "session_id": "abc"}, format="json")

    assert response.status_code == 400
    assert error_fields(response) == ["session_id"]


def test_without_a_key_is_a_401_problem(db):
    response = APIClient().post("/api/v1/chat", {"message": "hello"}, format="json")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "WWW-Authenticate" in response


def test_unknown_key_is_a_403_problem(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer ar_test_" + "x" * 43)

    response = client.post("/api/v1/chat", {"message": "hello"}, format="json")

    assert response.status_code == 403
    assert problem_type(response) == "invalid-api-key"


def test_another_clinics_session_is_a_404(api, other_api):
    started = other_api.post("/api/v1/chat", {"message": "hello"}, format="json").json()

    response = api.post("/api/v1/chat", {"message": "hello", "session_id": started["session_id"]}, format="json")

    assert response.status_code == 404
    assert problem_type(response) == "not-found"
