"""REST API v1 routes of this app (filled in by the API work)."""

from __future__ import annotations

from typing import Any

urlpatterns: list[Any] = []
