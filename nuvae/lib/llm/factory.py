"""`get_provider()`: the configured provider, or None when the deterministic engines answer."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .anthropic_provider import AnthropicProvider
from .base import Provider
from .openai_provider import AzureOpenAIProvider, OpenAIProvider


def get_provider() -> Provider | None:
    """The provider LLM_PROVIDER names, built once per process per configuration (the SDK
    client keeps its connection pool), or None for `none`."""
    return _build(
        settings.LLM_PROVIDER,
        settings.ANTHROPIC_API_KEY,
        settings.OPENAI_API_KEY,
        settings.AZURE_OPENAI_API_KEY,
        settings.AZURE_OPENAI_ENDPOINT,
        settings.AZURE_OPENAI_API_VERSION,
    )


@functools.lru_cache(maxsize=4)
def _build(
    name: str,
    anthropic_key: str | None,
    openai_key: str | None,
    azure_key: str | None,
    azure_endpoint: str | None,
    azure_version: str,
) -> Provider | None:
    # Settings already refuse to start without these; this guards settings overridden later.
    if name == "anthropic":
        return AnthropicProvider(api_key=_needed(anthropic_key, "ANTHROPIC_API_KEY"))
    if name == "openai":
        return OpenAIProvider(api_key=_needed(openai_key, "OPENAI_API_KEY"))
    if name == "azure_openai":
        return AzureOpenAIProvider(
            api_key=_needed(azure_key, "AZURE_OPENAI_API_KEY"),
            endpoint=_needed(azure_endpoint, "AZURE_OPENAI_ENDPOINT"),
            api_version=azure_version,
        )
    return None


def _needed(value: str | None, name: str) -> str:
    if not value:
        raise ImproperlyConfigured(f"{name} must be set for LLM_PROVIDER={settings.LLM_PROVIDER}")
    return value
