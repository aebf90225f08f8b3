"""Websocket routes. The receptionist's chat consumer is added by its issue."""

from __future__ import annotations

from typing import Any

websocket_urlpatterns: list[Any] = []
