"""Which way email goes is chosen from the environment alone."""

import os
import subprocess
import sys

import pytest

PRINT_BACKEND = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.EMAIL_BACKEND, settings.EMAIL_PORT, settings.EMAIL_USE_TLS)"
)


@pytest.mark.parametrize(
    "environment, expected",
    [
        ({}, "django.core.mail.backends.console.EmailBackend 25 False"),
        (
            {"EMAIL_HOST": "smtp.council.example"},
            "django.core.mail.backends.smtp.EmailBackend 587 True",
        ),
        (
            {"EMAIL_HOST": "smtp.council.example", "EMAIL_PORT": "25", "EMAIL_USE_TLS": "false"},
            "django.core.mail.backends.smtp.EmailBackend 25 False",
        ),
        (
            {"GOVUK_NOTIFY_API_KEY": "key", "EMAIL_HOST": "smtp.council.example"},
            "django_gov_notify.backends.NotifyEmailBackend 587 True",
        ),
    ],
)
def test_the_email_backend_follows_the_environment(environment, expected):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "GOVUK_"))}
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", PRINT_BACKEND],
        env={**clean, "DJANGO_SETTINGS_MODULE": "improvement_tracker.settings.dev", **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected
