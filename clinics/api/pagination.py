"""Cursor pagination for every API list: stable under inserts, no page counting.

Newest first by `created_at`, then `id` so rows created in the same instant keep one
order. `?page_size=` may ask for up to `max_page_size` rows.
"""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class CreatedCursorPagination(CursorPagination):
    ordering = ("-created_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
