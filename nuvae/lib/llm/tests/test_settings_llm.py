"""A provider switched on without its key stops start-up, naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings


def _start_django(**env: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "nuvae.settings", "NUVAE_ENV": "test"}
    blank = dict.fromkeys(
        ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "LLM_INTENT_MODEL"], ""
    )
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR, env={**base, **blank, **env}, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("provider", "variable"),
    [("anthropic", "ANTHROPIC_API_KEY"), ("openai", "OPENAI_API_KEY"), ("azure_openai", "AZURE_OPENAI_API_KEY")],
)
def test_a_provider_without_its_key_stops_start_up(provider: str, variable: str) -> None:
    result = _start_django(LLM_PROVIDER=provider)

    assert result.returncode != 0
    assert f"{variable} must be set" in result.stderr


def test_a_threshold_outside_zero_to_one_stops_start_up() -> None:
    result = _start_django(LLM_CONFIDENCE_THRESHOLD="1.5")

    assert result.returncode != 0
    assert "LLM_CONFIDENCE_THRESHOLD must be between" in result.stderr


def test_the_default_is_no_provider() -> None:
    result = _start_django()

    assert result.returncode == 0, result.stderr
