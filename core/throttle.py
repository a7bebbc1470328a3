"""At most as many requests as sign-in allows attempts, per thing asked about and per client:
what keeps a form that sends email from flooding an inbox or walking through addresses."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def within_limits(purpose: str, kind: str, value: str) -> bool:
    """Count one request of `purpose` for this `kind` of value ("email", "ip"); False once more
    than AXES_FAILURE_LIMIT were counted in the last AXES_COOLOFF_TIME."""
    key = f"{purpose}:" + hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()
    window = int(settings.AXES_COOLOFF_TIME.total_seconds())
    cache.add(key, 0, window)
    return cache.incr(key) <= settings.AXES_FAILURE_LIMIT
