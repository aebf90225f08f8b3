"""Cursor pagination for every API list: stable under inserts, no page counting.

Newest first by `created_at`, then `id` so rows created in the same instant keep one
order. `?page_size=` may ask for up to `max_page_size` rows.

A cursor is opaque to clients, but it is only base64: a tampered or truncated one is a
400 `invalid-cursor`, never a 404 (the list exists) nor a 500.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request

from nuvae.lib.problems import ApiProblem


def invalid_cursor() -> ApiProblem:
    return ApiProblem(
        400, "The cursor is not one this list gave out; follow `next` or `previous` as given.", slug="invalid-cursor"
    )


class CreatedCursorPagination(CursorPagination):
    ordering = ("-created_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request: Request) -> Any:
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise invalid_cursor() from None
        if cursor is not None and cursor.position is not None and not _has_utc_form(cursor.position):
            # SQLite would fail converting it (a 500); PostgreSQL would accept it: refuse it on both.
            raise invalid_cursor()
        return cursor

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except DjangoValidationError:
            # A well-formed cursor whose position is not a value of the ordering field.
            if request.query_params.get(self.cursor_query_param) is None:
                raise
            raise invalid_cursor() from None


def _has_utc_form(position: Any) -> bool:
    """False for an instant before year 1 or after 9999 in UTC (`9999-12-31T23:00-14:00`)."""
    try:
        moment = parse_datetime(str(position))
    except ValueError:
        return True  # not a date-time at all: the ordering field's validation refuses it
    if moment is None or moment.tzinfo is None:
        return True
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return False
    return True
