"""Websocket routes (routed by nuvae/asgi.py behind AllowedHostsOriginValidator)."""

from __future__ import annotations

from typing import Any

from django.urls import path

from chat.consumers import ChatConsumer

websocket_urlpatterns: list[Any] = [
    path("ws/chat/", ChatConsumer.as_asgi()),
]
