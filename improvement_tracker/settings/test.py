"""Test runs: fast hashing, in-memory cache, the same database rules as production."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY

SECRET_KEY = SECRET_KEY or "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DEMO_DATA_ALLOWED = True
# The test database is a file, as the embedded database is in use, not SQLite's in-memory one: an
# in-memory database has one connection, which the browser tests' server would share between its
# request threads and the test, and two threads using one SQLite connection at once can freeze the
# whole process.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"tracker-tests-{os.getpid()}.sqlite3")
    }
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
