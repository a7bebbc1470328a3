""" "Confirm it's you": changes to how a person signs in (setting up, replacing or turning off
the second factor, new recovery codes) need their password or a current code within the last
IDENTITY_CONFIRM_MINUTES, so a session left open, or one from before, cannot take them over.
Each such change then ends every other session of that person."""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.sessions.models import Session
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

CONFIRMED_KEY = "identity_confirmed_at"


def identity_confirmed(request) -> None:
    request.session[CONFIRMED_KEY] = timezone.now().timestamp()


def stamp_at_sign_in(sender, request, user, **kwargs):
    """Signing in (password and code, or the council's provider) confirms who it is."""
    if request is not None and hasattr(request, "session"):
        identity_confirmed(request)


def identity_confirmed_recently(request) -> bool:
    stamp = request.session.get(CONFIRMED_KEY)
    window = timedelta(minutes=settings.IDENTITY_CONFIRM_MINUTES)
    return stamp is not None and timezone.now().timestamp() - stamp <= window.total_seconds()


def needs_recent_identity(view):
    """The view opens only for a session that confirmed who it is in the last few minutes;
    others are asked first, then sent back (a POST's answer goes back to the page it came from)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if identity_confirmed_recently(request):
            return view(request, *args, **kwargs)
        back = request.get_full_path() if request.method == "GET" else reverse("your_account")
        return redirect(reverse("confirm_identity") + "?" + urlencode({"next": back}))

    return wrapped


def sessions_end(user, *, keep: str | None = None) -> int:
    """End every session of `user` but the one keyed `keep`; returns how many ended."""
    ended = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.session_key != keep
        and session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def other_sessions_end(user, request) -> int:
    """End every session of `user` but this request's."""
    return sessions_end(user, keep=request.session.session_key)
