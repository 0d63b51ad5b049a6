"""Production configuration: refuses to start half-configured, and passes `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-for-tests-only",
    "DJANGO_ALLOWED_HOSTS": "restoresportsinjury.co.uk",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://restoresportsinjury.co.uk",
    "SITE_URL": "https://restoresportsinjury.co.uk",
    "SMTP_HOST": "smtp.example.invalid",
}


def manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMTP_", "SITE_URL"))}
    env |= {k: v for k, v in env_overrides.items() if v is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    result = manage("check", **{**PRODUCTION, missing: None})
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


def test_check_deploy_reports_no_issues_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_https_off_lets_production_run_on_plain_http_for_local_checks():
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT, settings.DEBUG)",
        **PRODUCTION, DJANGO_HTTPS="0",
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "False False"
