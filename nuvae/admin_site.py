"""Small hooks for the admin theme."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def environment_badge(request: HttpRequest) -> list[str] | None:
    """Shown in the admin header so nobody mistakes the demo for production."""
    if settings.ENVIRONMENT == "production":
        return None
    colour = "warning" if settings.ENVIRONMENT == "development" else "info"
    return [settings.ENVIRONMENT.title(), colour]
