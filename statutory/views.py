"""The pages every public-sector service publishes: readable by anyone, signed in or not."""

from django.conf import settings
from django.shortcuts import render

from .cookies import cookies


def _contact() -> dict:
    return {
        "organisation": settings.SERVICE_OPERATOR,
        "email": settings.SERVICE_CONTACT_EMAIL,
        "protection_email": settings.DATA_PROTECTION_EMAIL,
        "statement_date": settings.ACCESSIBILITY_STATEMENT_DATE,
    }


def accessibility(request):
    return render(request, "statutory/accessibility.html", _contact())


def privacy(request):
    return render(
        request,
        "statutory/privacy.html",
        {
            **_contact(),
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
            "lockout_limit": settings.AXES_FAILURE_LIMIT,
            "hold_days": settings.EVIDENCE_HOLD_DAYS,
            "refusal_days": settings.SIGN_IN_REFUSAL_DAYS,
        },
    )


def cookies_page(request):
    return render(request, "statutory/cookies.html", {**_contact(), "cookies": cookies()})
