"""Every cookie the product sets, read from the settings that name and time them, so the cookies
page cannot drift from what the product does."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lasts: str


def _duration(seconds: int) -> str:
    period = timedelta(seconds=seconds)
    if period >= timedelta(days=2):
        return f"{period.days} days"
    hours = round(period.total_seconds() / 3600)
    return f"{hours} hour{'s' if hours != 1 else ''}"


def cookies() -> list[Cookie]:
    return [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            "Keeps you signed in as you move from page to page.",
            f"{_duration(settings.SESSION_COOKIE_AGE)}, or until you sign out",
        ),
        Cookie(
            settings.CSRF_COOKIE_NAME,
            "Stops other websites sending forms to this service in your name.",
            _duration(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            CookieStorage.cookie_name,
            "Carries a message such as “Update saved” to the next page you see.",
            "Until the message is shown",
        ),
    ]
