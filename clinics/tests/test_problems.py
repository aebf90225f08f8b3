"""RFC 9457 problem+json for every API error, and the request id on every API response."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from conftest import client_for

PROBLEM = "application/problem+json"
KEYS = "/api/v1/keys/"


def _nested_lists(depth: int) -> list:
    nested: list = []
    for _ in range(depth - 1):
        nested = [nested]
    return nested


def _assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"] == f"https://nuvae.dev/problems/{slug}"
    assert body["status"] == status
    assert body["title"]
    assert body["instance"] == response.wsgi_request.path
    assert body["request_id"] == response["X-Request-ID"]
    return body


@pytest.mark.django_db
@pytest.mark.urls("clinics.tests.platform_api")
class TestDrfErrors:
    def test_serializer_errors_list_each_field(self, api):
        body = _assert_problem(api.post(KEYS, {"name": "x" * 101}, format="json"), 400, "validation-error")

        assert body["detail"] == "The request has invalid fields."
        assert body["errors"] == [
            {"field": "name", "detail": "Ensure this field has no more than 100 characters.", "code": "max_length"}
        ]

    def test_service_validation_error_becomes_400_with_field_errors(self, api):
        body = _assert_problem(api.post(KEYS + "service-invalid/", {}, format="json"), 400, "validation-error")

        assert body["errors"] == [
            {"field": "start", "detail": "Must be in the future.", "code": "invalid"},
            {"field": "", "detail": "Outside business hours.", "code": "invalid"},
        ]

    def test_domain_conflict_becomes_409_with_the_conflicting_id(self, api):
        body = _assert_problem(api.post(KEYS + "conflict/", {}, format="json"), 409, "conflict")

        assert body["detail"] == "The provider already has an appointment at that time."
        assert body["conflicting_id"] == "c0ffee"

    def test_http404_from_a_view_is_a_problem(self, api):
        body = _assert_problem(api.get("/api/v1/missing/"), 404, "not-found")

        assert body["detail"] == "Not found."

    def test_wrong_method_is_405(self, api):
        response = api.delete("/api/v1/whoami/")

        _assert_problem(response, 405, "method-not-allowed")
        assert "GET" in response["Allow"]

    def test_wrong_content_type_is_415(self, api):
        response = api.post(KEYS, data="name=x", content_type="text/plain")

        body = _assert_problem(response, 415, "unsupported-media-type")
        assert "text/plain" in body["detail"]

    def test_malformed_json_is_400_saying_so(self, api):
        response = api.post(KEYS, data='{"name": ', content_type="application/json")

        body = _assert_problem(response, 400, "malformed-body")
        assert body["detail"].startswith("The request body is not valid JSON: Expecting value")

    def test_body_nested_beyond_the_json_parsers_recursion_limit_is_400(self, api):
        response = api.post(KEYS, data="[" * 100_000 + "]" * 100_000, content_type="application/json")

        body = _assert_problem(response, 400, "malformed-body")
        assert body["detail"] == "The request body nests deeper than 32 levels."

    def test_body_nested_deeper_than_32_levels_is_400(self, api):
        response = api.post(KEYS, {"name": "x", "extra": _nested_lists(32)}, format="json")

        body = _assert_problem(response, 400, "malformed-body")
        assert body["detail"] == "The request body nests deeper than 32 levels."

    def test_body_nested_32_levels_deep_is_accepted(self, api):
        response = api.post(KEYS, {"name": "x", "extra": _nested_lists(31)}, format="json")

        assert response.status_code == 201, response.content

    def test_body_over_the_size_limit_is_a_413_problem(self, api, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

        response = api.post(KEYS, {"name": "x", "padding": "x" * 2048}, format="json")

        body = _assert_problem(response, 413, "payload-too-large")
        assert body["detail"] == "The request body is larger than this API accepts."

    def test_unhandled_error_is_a_500_problem_without_internals(self, api_key):
        client = client_for(api_key)
        client.raise_request_exception = False

        response = client.post(KEYS + "crash/", {}, format="json")

        body = _assert_problem(response, 500, "server-error")
        assert "unexpected" not in response.content.decode()
        assert "RuntimeError" not in response.content.decode()
        assert body["detail"] == "Something went wrong on our side; the request id identifies it."

    def test_authentication_error_is_a_problem(self, db):
        _assert_problem(APIClient().get("/api/v1/whoami/"), 401, "not-authenticated")


@pytest.mark.django_db
def test_unknown_api_url_is_a_404_problem():
    response = APIClient().get("/api/v1/no-such-resource/")

    _assert_problem(response, 404, "not-found")


@pytest.mark.django_db
def test_api_url_without_its_trailing_slash_is_a_308_keeping_the_query(api):
    response = api.post("/api/v1/patients?source=ehr", {"first_name": "Ana"}, format="json")

    body = _assert_problem(response, 308, "trailing-slash")
    assert response["Location"] == "/api/v1/patients/?source=ehr"
    assert body["detail"] == "Send the request to /api/v1/patients/: API addresses end with a slash."


@pytest.mark.django_db
def test_unknown_api_url_without_a_slash_is_a_404_problem(api):
    response = api.post("/api/v1/no-such-resource", {}, format="json")

    _assert_problem(response, 404, "not-found")


@pytest.mark.django_db
def test_request_django_refuses_before_a_view_is_a_400_problem_on_api_paths(api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3

    response = api.get("/api/v1/providers/", {"status": ["ACTIVE", "INACTIVE", "ON_LEAVE", "ACTIVE"]})

    body = _assert_problem(response, 400, "bad-request")
    assert body["detail"] == "The request could not be read."


@pytest.mark.django_db
def test_unknown_non_api_url_is_html():
    response = APIClient().get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.urls("clinics.tests.platform_api")
def test_request_id_sent_by_the_client_is_echoed(api):
    response = api.get("/api/v1/whoami/", HTTP_X_REQUEST_ID="client-req-42")

    assert response["X-Request-ID"] == "client-req-42"


@pytest.mark.django_db
@pytest.mark.urls("clinics.tests.platform_api")
def test_request_id_is_generated_when_absent_or_unsafe(api):
    absent = api.get("/api/v1/whoami/")
    unsafe = api.get("/api/v1/whoami/", HTTP_X_REQUEST_ID="bad\nid")

    assert re.fullmatch(r"[0-9a-f]{32}", absent["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", unsafe["X-Request-ID"])
