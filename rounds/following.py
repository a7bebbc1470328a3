"""Residents following a public plan by email: asked for on the public page, confirmed from the
email, stopped from any email in one step. No account: the address and a random token only.

A notice of a published round is written down before it goes and never sent twice, so the files
job that sends them can run again after a crash without a second copy."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.throttle import within_limits
from plans.models import ImprovementPlan

from .models import PlanFollower, PublicationNotice, ReportingRound

logger = logging.getLogger(__name__)

# One confirmation email per address and plan in this time, however often the form is sent: the
# form cannot be used to flood someone's inbox.
ASK_AGAIN_AFTER = timedelta(hours=1)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def follow_request(*, plan: ImprovementPlan, email: str, network_address: str) -> None:
    """Send the confirmation email, unless one went to this address in the last hour, or this
    address or client asked more often than sign-in allows attempts. Says nothing of whether
    the address already follows the plan: the caller shows the same page either way."""
    email = email.strip().lower()
    for_address = within_limits("follow", "email", email)
    from_client = within_limits("follow", "ip", network_address or "")
    if not (for_address and from_client):
        logger.warning("Requests to follow a plan throttled")
        return
    now = timezone.now()
    follower = PlanFollower.objects.filter(plan=plan, email=email).first()
    if follower is None:
        try:
            with transaction.atomic():
                follower = PlanFollower.objects.create(
                    plan=plan, email=email, token=secrets.token_urlsafe(32), asked_at=now
                )
        except IntegrityError:  # asked twice at once: the first request's email is enough
            return
    elif follower.confirmed_at is not None or now - follower.asked_at < ASK_AGAIN_AFTER:
        return
    else:
        follower.asked_at = now
        follower.save(update_fields=["asked_at"])
    _send(follower, "confirm", f"Confirm you want emails about {plan.title}")


def follower_by_token(plan: ImprovementPlan, token: str) -> PlanFollower | None:
    return PlanFollower.objects.filter(plan=plan, token=token).first()


def follow_confirm(follower: PlanFollower) -> None:
    if follower.confirmed_at is None:
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["confirmed_at"])


def follow_stop(follower: PlanFollower) -> None:
    """The address is forgotten, not marked: nothing is kept of someone who stopped."""
    follower.delete()


def publication_notices_send(reporting_round: ReportingRound) -> int:
    """Email each confirmed follower of the round's plan, once; how many were sent now."""
    plan = reporting_round.plan
    if not plan.public:
        return 0
    sent = 0
    for follower in plan.followers.exclude(confirmed_at=None).order_by("pk"):
        try:
            with transaction.atomic():
                notice = PublicationNotice.objects.create(follower=follower, round=reporting_round)
        except IntegrityError:
            continue  # written down before: sent, or lost in a crash; never twice
        subject = f"{plan.council.name} has published progress on {plan.title}"
        if _send(follower, "published", subject, reporting_round=reporting_round):
            notice.sent_at = timezone.now()
            notice.save(update_fields=["sent_at"])
            sent += 1
    return sent


def _send(follower: PlanFollower, kind: str, subject: str, **context) -> bool:
    plan = follower.plan
    args = [plan.council.slug, plan.slug, follower.token]
    stop_url = absolute(reverse("public:follow_stop", args=args))
    body = render_to_string(
        f"rounds/email/follow_{kind}.txt",
        {
            "plan": plan,
            "confirm_url": absolute(reverse("public:follow_confirm", args=args)),
            "stop_url": stop_url,
            "plan_url": absolute(reverse("public:plan", args=args[:2])),
            **context,
        },
    )
    message = EmailMessage(
        subject,
        body,
        to=[follower.email],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        message.send()
    except Exception:  # the mail server's refusal: logged; the page or job carries on
        logger.exception("Could not email a follower of plan %s", plan.pk)
        return False
    return True
