"""With production settings, `manage.py check --deploy` has nothing to report."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def _production_env(tmp_path: Path) -> dict[str, str]:
    # Every security-relevant variable is given explicitly so that a developer's .env
    # (read without overriding the environment) cannot change the outcome.
    return {
        "PATH": os.environ.get("PATH", ""),
        "NUVAE_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "clinic.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://clinic.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "NUVAE_VAR_DIR": str(tmp_path),
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "STORAGE_BACKEND": "local",
        "BEHIND_TLS_PROXY": "true",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "",
        "SECURE_HSTS_PRELOAD": "true",
        "SESSION_COOKIE_AGE": "",
    }


def test_check_deploy_reports_no_issue_with_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=_production_env(tmp_path), capture_output=True, text=True, timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_flag_a_production_setup_without_https_redirect(tmp_path: Path) -> None:
    # The check above can fail: turning off one protection is reported.
    env = {**_production_env(tmp_path), "SECURE_SSL_REDIRECT": "false"}

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False,
    )

    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr
