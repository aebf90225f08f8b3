"""Settings fail loudly: a bad value stops start-up with a message naming the variable."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from nuvae.settings import env_bool, env_choice, env_int, env_list, env_required, env_url

VAR = "NUVAE_TEST_SETTING"


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("1", True), ("Yes", True), ("off", False), ("", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv(VAR, raw)

    assert env_bool(VAR, not expected) is expected


def test_env_bool_uses_the_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(VAR, raising=False)

    assert env_bool(VAR, True) is True


def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, "sometimes")

    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be a boolean.*'sometimes'"):
        env_bool(VAR, False)


def test_env_int_parses_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, " 42 ")

    assert env_int(VAR, 1) == 42


def test_env_int_refuses_a_non_number_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, "ten")

    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be an integer.*'ten'"):
        env_int(VAR, 1)


def test_env_int_refuses_a_value_below_the_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, "0")

    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be at least 1, got 0"):
        env_int(VAR, 5, minimum=1)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, " a.example.org, ,b.example.org ")

    assert env_list(VAR, []) == ["a.example.org", "b.example.org"]


def test_env_choice_accepts_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, "JSON")

    assert env_choice(VAR, "text", {"text", "json"}) == "json"


def test_env_choice_refuses_an_unknown_value_listing_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, "xml")

    with pytest.raises(ImproperlyConfigured, match=rf"{VAR} must be one of \['json', 'text'\], got 'xml'"):
        env_choice(VAR, "text", {"text", "json"})


def test_env_url_accepts_an_allowed_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, "redis://127.0.0.1:6379/0")

    assert env_url(VAR, {"redis"}) == "redis://127.0.0.1:6379/0"


def test_env_url_refuses_another_scheme_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, "http://127.0.0.1:6379")

    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be a URL with scheme"):
        env_url(VAR, {"redis", "rediss"})


def test_env_required_names_the_missing_variable_and_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, "  ")

    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be set: it is needed"):
        env_required(VAR, "it is needed")


# --- start-up in a fresh process ----------------------------------------------------


def _start_django(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a new interpreter with exactly these variables (plus PATH).

    Variables are passed explicitly, even as empty strings: settings load a local .env
    without overriding what the environment already has, so a developer's .env cannot
    change the outcome.
    """
    base = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "nuvae.settings", "SECRET_KEY": ""}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR, env={**base, **env}, capture_output=True, text=True, timeout=60, check=False,
    )


def test_production_without_a_secret_key_refuses_to_start_naming_it() -> None:
    result = _start_django(NUVAE_ENV="production", DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_with_a_weak_secret_key_refuses_to_start() -> None:
    result = _start_django(NUVAE_ENV="production", DEBUG="false", SECRET_KEY="changeme")

    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_a_misspelt_debug_value_stops_start_up_naming_debug() -> None:
    result = _start_django(NUVAE_ENV="test", DEBUG="ture")

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_s3_storage_without_a_bucket_stops_start_up_naming_the_bucket_variable() -> None:
    result = _start_django(NUVAE_ENV="test", STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="")

    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME must be set" in result.stderr


def test_development_starts_without_any_configuration() -> None:
    result = _start_django(NUVAE_ENV="development", DEBUG="true", DATABASE_URL="sqlite:///:memory:")

    assert result.returncode == 0, result.stderr


# --- every variable is documented ----------------------------------------------------


def _variables_read_by_settings() -> set[str]:
    source = (settings.BASE_DIR / "nuvae" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'env_(?:str|bool|int|float|list|choice|url|required)\(\s*"([A-Z][A-Z0-9_]*)"', source))


def test_the_settings_scan_finds_the_variables() -> None:
    # Guards the scan below: a broken pattern would make the documentation tests vacuous.
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "AZURE_CONNECTION_STRING"} <= _variables_read_by_settings()


@pytest.mark.parametrize("document", [".env.example", "docs/CONFIGURATION.md"])
def test_every_variable_settings_reads_is_documented(document: str) -> None:
    text = (settings.BASE_DIR / document).read_text(encoding="utf-8")

    missing = sorted(name for name in _variables_read_by_settings() if name not in text)

    assert missing == []
