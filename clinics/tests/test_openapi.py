"""The OpenAPI document validates, shows both key schemes, and the docs pages load offline."""

from __future__ import annotations

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

_CDN_HOSTS = ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "fonts.googleapis.com")


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _platform_schema() -> dict:
    return SchemaGenerator(urlconf="clinics.tests.platform_api").get_schema(request=None, public=True)


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_api_schema_is_a_valid_openapi_document(schema):
    validate(schema)

    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Nuvae clinic API"


def test_api_schema_declares_both_key_schemes(schema):
    schemes = schema["components"]["securitySchemes"]

    assert (schemes["ApiKeyBearer"]["type"], schemes["ApiKeyBearer"]["scheme"]) == ("http", "bearer")
    assert schemes["ApiKeyHeader"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}


def test_platform_operations_accept_either_key_scheme_once():
    document = _platform_schema()
    validate(document)

    securities = [operation["security"] for _path, _method, operation in _operations(document)]

    assert securities
    assert all(security == [{"ApiKeyBearer": []}, {"ApiKeyHeader": []}] for security in securities)


def test_post_operations_document_the_idempotency_key_header():
    document = _platform_schema()

    for _path, method, operation in _operations(document):
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert "X-Tenant-ID" in headers
        assert ("Idempotency-Key" in headers) is (method == "post")


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_page_loads_only_local_assets(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert not any(host in html for host in _CDN_HOSTS)
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert assets
    assert all(not asset.startswith(("http://", "https://", "//")) for asset in assets)


def test_appointment_schema_allows_the_values_of_an_active_appointment(schema):
    fields = schema["components"]["schemas"]["Appointment"]["properties"]

    # Until an appointment is cancelled `cancelled_by` is "", and until it is rescheduled
    # `rescheduled_to` is null.
    assert {"$ref": "#/components/schemas/BlankEnum"} in fields["cancelled_by"]["oneOf"]
    assert schema["components"]["schemas"]["BlankEnum"] == {"enum": [""]}
    assert fields["rescheduled_to"]["nullable"] is True


def test_every_operation_documents_the_key_and_rate_limit_problems(schema):
    for path, method, operation in _operations(schema):
        for status in ("401", "403", "429"):
            content = operation["responses"].get(status, {}).get("content", {})
            assert "application/problem+json" in content, f"{method.upper()} {path} does not document {status}"


def test_post_operations_document_the_idempotency_problems(schema):
    posts = [(path, operation) for path, method, operation in _operations(schema) if method == "post"]

    assert posts
    for path, operation in posts:
        assert {"400", "409", "415", "422"} <= set(operation["responses"]), path


def test_list_operations_document_the_400_of_a_bad_filter_or_cursor(schema):
    lists = [
        (path, operation)
        for path, method, operation in _operations(schema)
        if method == "get" and "cursor" in {p["name"] for p in operation.get("parameters", [])}
    ]

    assert lists
    for path, operation in lists:
        assert "400" in operation["responses"], path
