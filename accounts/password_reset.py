"""Forgotten passwords: a single-use link by email, the same answer whether or not the address
has an account, and no more requests than sign-in allows attempts.

The link is the one invitations use (`councils.members.set_password_path`): Django's token, which
stops working once the password changes and after PASSWORD_RESET_TIMEOUT."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from core.throttle import within_limits
from councils.members import set_password_path

logger = logging.getLogger(__name__)


def password_reset_request(*, email: str, network_address: str) -> None:
    """Email a link to choose a new password to each active account with this address. Says
    nothing about whether there was one: the caller shows the same page either way."""
    email = email.strip()
    # Both are counted every time: per address asked for (no one's inbox is flooded) and per
    # client (one client cannot walk through many addresses).
    for_address = within_limits("password-reset", "email", email.lower())
    from_client = within_limits("password-reset", "ip", network_address or "")
    if not (for_address and from_client):
        logger.warning("Password reset requests throttled")
        return
    for user in get_user_model().objects.filter(email__iexact=email, is_active=True):
        message = EmailMessage(
            subject="Choose a new password for Improvement Tracker",
            body=render_to_string(
                "accounts/email/password_reset.txt",
                {
                    "user": user,
                    "link": settings.SITE_URL + set_password_path(user),
                    "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
                },
            ),
            to=[user.email],
        )
        try:
            message.send()
        except Exception:  # the mail server is down: the page says the same, the log says why
            logger.exception("Password reset email to user %s was not sent", user.pk)
