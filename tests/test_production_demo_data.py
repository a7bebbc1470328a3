"""Production settings allow the demo users (public passwords) only when told to."""

import os
import subprocess
import sys

from django.conf import settings

LIVE_SITE = {
    "DJANGO_SECRET_KEY": "a-long-random-value-for-this-test-only",
    "DJANGO_ALLOWED_HOSTS": "tracker.example.gov.uk",
}


def production_setting(name: str, **env: str) -> str:
    """A production setting as a fresh process reads it from this environment."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            f"from improvement_tracker.settings import prod; print(prod.{name})",
        ],
        env={**environ, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]


def test_production_refuses_demo_data_unless_the_switch_is_set():
    assert production_setting("DEMO_DATA_ALLOWED", **LIVE_SITE) == "False"
    assert (
        production_setting("DEMO_DATA_ALLOWED", **LIVE_SITE, DJANGO_ALLOW_DEMO_DATA="1") == "False"
    )


def test_the_demo_data_switch_allows_demo_data_for_a_loopback_run():
    allowed = production_setting("DEMO_DATA_ALLOWED", **LIVE_SITE, DJANGO_ALLOW_DEMO_DATA="true")
    assert allowed == "True"


def test_production_refuses_to_start_without_a_secret():
    error = production_setting("DEBUG", DJANGO_ALLOWED_HOSTS="tracker.example.gov.uk")
    assert "ImproperlyConfigured: Set DJANGO_SECRET_KEY" in error
