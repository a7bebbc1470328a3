"""Test runs: fast hashing, in-memory cache, the same database rules as production."""

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
