"""Local development: debug on, a throwaway secret, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_list

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
DEMO_DATA_ALLOWED = True

# Static files come straight from the apps and static/ (no collectstatic step).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
