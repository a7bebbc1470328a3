"""Test runs: fast hashing, in-memory cache, the same database rules as production."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import SECRET_KEY

SECRET_KEY = SECRET_KEY or "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DEMO_DATA_ALLOWED = True
# Throttling has its own tests, which switch it on.
AXES_ENABLED = False

# Static files come straight from the apps and static/ (no collectstatic step).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Tasks run at once, inside the caller, unless a test about the queue starts a real worker
# (it sets TASKS_BACKEND). Stored files go to a folder of the test run's own.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or tempfile.mkdtemp(prefix="tracker-media-"))
