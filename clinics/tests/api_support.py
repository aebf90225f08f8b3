"""Helpers for reading REST API responses in tests."""

from __future__ import annotations

from typing import Any


def error_fields(response: Any) -> list[str]:
    """The `field` of each error of a problem+json 400, in order."""
    assert response["Content-Type"] == "application/problem+json"
    return [error["field"] for error in response.json()["errors"]]


def result_ids(response: Any) -> list[str]:
    """The ids of a 200 list page, in order."""
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def result_id_set(response: Any) -> set[str]:
    return set(result_ids(response))


def problem_type(response: Any) -> str:
    """The last part of a problem's `type` URI (`not-found`, `rate-limited`, …)."""
    return response.json()["type"].rsplit("/", 1)[-1]
