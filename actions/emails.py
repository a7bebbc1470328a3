"""Emails about one action outside a reporting round: an officer told how their request to move
a target date was decided."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from .models import RequestState, TargetDateRequest

logger = logging.getLogger(__name__)


def date_request_decision_send(date_request: TargetDateRequest) -> str | None:
    """Tell the officer who asked what was decided. Returns who was emailed, or None when nobody
    could be (their account is gone or has no address, or the mail server failed: logged)."""
    officer = date_request.requested_by
    if officer is None or not officer.is_active or not officer.email:
        return None
    action = date_request.action
    agreed = date_request.state == RequestState.AGREED
    context = {
        "name": officer.get_full_name() or officer.get_username(),
        "request": date_request,
        "action": action,
        "agreed": agreed,
        "action_url": settings.SITE_URL + reverse("action_detail", args=[action.pk]),
    }
    message = EmailMessage(
        subject=f"Target date {'agreed' if agreed else 'not agreed'}: {action.named}",
        body=render_to_string("actions/email/date_request_decided.txt", context),
        to=[officer.email],
    )
    try:
        message.send()
    except Exception:  # any mail server failure: the decision stands and the page says so
        logger.exception("The decision on target date request %s was not emailed", date_request.pk)
        return None
    return context["name"]
