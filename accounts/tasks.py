"""Scheduled work of signing in."""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from jobs.schedule import scheduled

from .models import SignInRefusal


@scheduled(every=timedelta(days=1))
def remove_old_sign_in_refusals() -> str:
    """Refused sign-ins are kept long enough to look into (SIGN_IN_REFUSAL_DAYS), then go."""
    cutoff = timezone.now() - timedelta(days=settings.SIGN_IN_REFUSAL_DAYS)
    removed, _ = SignInRefusal.objects.filter(happened_at__lt=cutoff).delete()
    return f"{removed} refused sign-ins older than {settings.SIGN_IN_REFUSAL_DAYS} days removed"


@scheduled(every=timedelta(hours=1))
def clear_expired_sessions() -> str:
    """Sessions past their end are removed (Django's `clearsessions`), so the table holds only
    sessions that can still be used."""
    before = Session.objects.count()
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return f"{before - Session.objects.count()} expired sessions removed"
