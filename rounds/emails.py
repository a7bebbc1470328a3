"""The round's emails: one per person per kind per round, never twice.

Each message is written down (delivery "sending") before it goes and marked sent or failed after.
Running again sends only what has no row yet; a failure the mail server reported is tried again
up to MAX_ATTEMPTS; a row left "sending" by a crash may or may not have gone, so it is marked
"not known" and never sent again by the schedule (a second copy is worse than asking the
officer): a coordinator may send it again from the round's page, warned it may arrive twice."""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.single_line import one_line
from councils.models import Membership
from councils.permissions import Can, role_may, roles_that

from .models import Delivery, MessageKind, ReportingRound, RoundMessage, RoundState
from .selectors import RETURNED, covered_actions

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
INTERRUPTED_AFTER = timedelta(minutes=15)
NOTIFY_BACKEND = "django_gov_notify.backends.NotifyEmailBackend"


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    interrupted: int = 0

    def summary(self) -> str:
        return (
            f"{self.sent} emails sent, {self.failed} failed, "
            f"{self.interrupted} interrupted earlier marked not known"
        )


@dataclass
class Due:
    """One email that is due: its kind, its person, the actions it lists."""

    kind: str
    recipient: object
    items: list
    cc: tuple[str, ...] = ()
    about_update: object = None


def round_emails_send_due(*, today: date | None = None) -> SendReport:
    """Send every email of every open round that is due today and not sent before."""
    today = today or timezone.localdate()
    report = SendReport(interrupted=_mark_interrupted())
    # Failures of earlier runs are tried again; this run's own wait for the next.
    earlier_failures = list(
        RoundMessage.objects.filter(
            delivery=Delivery.FAILED, attempts__lt=MAX_ATTEMPTS, round__state=RoundState.OPEN
        ).exclude(to="")
    )
    connection = get_connection()
    try:
        for row in earlier_failures:
            _retry(row, connection, report)
        for reporting_round in ReportingRound.objects.filter(state=RoundState.OPEN).select_related(
            "plan__council"
        ):
            for due in due_emails(reporting_round, today):
                _send_new(reporting_round, due, connection, report)
    finally:
        connection.close()
    return report


def _mark_interrupted() -> int:
    cutoff = timezone.now() - INTERRUPTED_AFTER
    return RoundMessage.objects.filter(delivery=Delivery.SENDING, created_at__lt=cutoff).update(
        delivery=Delivery.UNKNOWN,
        error="Sending was interrupted; it may not have arrived. It is not sent again.",
    )


def due_emails(reporting_round: ReportingRound, today: date) -> list[Due]:
    """The emails of the round due today that have not been written down yet."""
    members = _members(reporting_round.plan.council)
    covered = covered_actions(reporting_round)
    by_owner = defaultdict(list)
    for item in covered:
        for owner in item.owners:
            if owner.pk in members:  # only people who may still see the action
                by_owner[owner].append(item)
    already = set(reporting_round.messages.values_list("kind", "recipient_id", "about_update_id"))
    # A reminder follows a request sent on an earlier day, never the same day's.
    invited_before = set(
        reporting_round.messages.filter(
            kind=MessageKind.INVITATION, created_at__date__lt=today
        ).values_list("recipient_id", flat=True)
    )
    due = [Due(MessageKind.INVITATION, owner, items) for owner, items in by_owner.items()]
    reminding = reporting_round.deadline - timedelta(reporting_round.reminder_days) <= today
    if reminding and today <= reporting_round.deadline:
        due += [
            Due(MessageKind.REMINDER, owner, to_do)
            for owner, items in by_owner.items()
            if (to_do := [item for item in items if item.needs_update])
            and owner.pk in invited_before
        ]
    if today > reporting_round.deadline:
        coordinators = tuple(
            sorted(
                user.email
                for user in members.values()
                if role_may(user.role, Can.RUN_ROUNDS) and user.email
            )
        )
        due += [
            Due(MessageKind.CHASER, owner, to_do, cc=coordinators)
            for owner, items in by_owner.items()
            if (to_do := [item for item in items if item.needs_update])
        ]
    for item in covered:
        if item.state == RETURNED:
            author = item.update.author
            recipients = [author] if author and author.pk in members else item.owners
            due += [
                Due(MessageKind.RETURNED, person, [item], about_update=item.update)
                for person in recipients
                if person.pk in members
            ]
    return [
        entry
        for entry in due
        if (
            entry.kind,
            entry.recipient.pk,
            entry.about_update.pk if entry.about_update else None,
        )
        not in already
    ]


def _members(council) -> dict:
    """Active members who report or coordinate, by id, each with their role."""
    roles = dict(
        Membership.objects.filter(
            council=council, role__in=roles_that(Can.REPORT_ON_OWN_ACTIONS), user__is_active=True
        ).values_list("user_id", "role")
    )
    users = {}
    for user in get_user_model().objects.filter(pk__in=roles):
        user.role = roles[user.pk]
        users[user.pk] = user
    return users


def _send_new(reporting_round, due: Due, connection, report: SendReport) -> None:
    subject, body, html = _compose(reporting_round, due)
    try:
        with transaction.atomic():
            row = RoundMessage.objects.create(
                round=reporting_round,
                kind=due.kind,
                recipient=due.recipient,
                about_update=due.about_update,
                to=due.recipient.email,
                cc=list(due.cc),
                subject=subject,
                action_refs=[item.action.shown_ref for item in due.items],
                body=body,
                html=html,
                attempts=1 if due.recipient.email else 0,
            )
    except IntegrityError:
        return  # another run wrote it down first: it sends it
    if not row.to:
        row.delivery, row.error = Delivery.FAILED, "The account has no email address."
        row.save(update_fields=["delivery", "error"])
        report.failed += 1
        return
    _deliver(row, connection, report)


def _retry(row: RoundMessage, connection, report: SendReport) -> None:
    claimed = RoundMessage.objects.filter(pk=row.pk, delivery=Delivery.FAILED).update(
        delivery=Delivery.SENDING, attempts=F("attempts") + 1
    )
    if claimed:
        row.refresh_from_db()
        _deliver(row, connection, report)


def round_message_send_again(*, message: RoundMessage) -> SendReport:
    """A coordinator sends an email again whose delivery is not known (or that failed every
    try). Claimed first, so two presses send it once."""
    report = SendReport()
    claimed = (
        RoundMessage.objects.filter(pk=message.pk)
        .filter(delivery__in=(Delivery.UNKNOWN, Delivery.FAILED))
        .exclude(to="")
        .update(delivery=Delivery.SENDING, attempts=F("attempts") + 1, created_at=timezone.now())
    )
    if claimed:
        message.refresh_from_db()
        connection = get_connection()
        try:
            _deliver(message, connection, report)
        finally:
            connection.close()
    return report


def _deliver(row: RoundMessage, connection, report: SendReport) -> None:
    to, cc = [row.to], list(row.cc)
    if settings.EMAIL_BACKEND == NOTIFY_BACKEND:
        to, cc = to + cc, []  # Notify has no copies: each person gets their own
    message = EmailMultiAlternatives(
        subject=row.subject, body=row.body, to=to, cc=cc, connection=connection
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    try:
        accepted = message.send()
    except Exception as error:  # the mail server or Notify said no, or could not be reached
        logger.warning("Email %s to %s failed: %s", row.pk, row.to, error)
        connection.close()  # start the next one on a fresh connection
        RoundMessage.objects.filter(pk=row.pk).update(
            delivery=Delivery.FAILED, error=str(error)[:1000]
        )
        report.failed += 1
        return
    if accepted:
        RoundMessage.objects.filter(pk=row.pk).update(
            delivery=Delivery.SENT, sent_at=timezone.now(), error=""
        )
        report.sent += 1
    else:
        RoundMessage.objects.filter(pk=row.pk).update(
            delivery=Delivery.FAILED, error="The mail server did not accept it."
        )
        report.failed += 1


SUBJECTS = {
    MessageKind.INVITATION: "Progress updates needed by {deadline}: {plan}",
    MessageKind.REMINDER: "Reminder: progress updates due by {deadline}: {plan}",
    MessageKind.CHASER: "Overdue: progress updates were due on {deadline}: {plan}",
    MessageKind.RETURNED: "Your update on {ref} has been returned: {plan}",
}


def _compose(reporting_round, due: Due) -> tuple[str, str, str]:
    plan = reporting_round.plan
    subject = SUBJECTS[due.kind].format(
        deadline=f"{reporting_round.deadline:%-d %B %Y}",
        plan=plan.title,
        ref=due.items[0].action.named if due.items else "",
    )
    context = {
        "kind": due.kind,
        "round": reporting_round,
        "plan": plan,
        "council": plan.council,
        "person": due.recipient,
        "actions": [
            {
                "ref": item.action.shown_ref,
                "title": item.action.title,
                "named": item.action.named,
                "state": item.state_label,
                "url": settings.SITE_URL + reverse("progress_update_add", args=[item.action.pk]),
            }
            for item in due.items
        ],
        "review": due.about_update.review if due.about_update else None,
        "my_actions_url": settings.SITE_URL + reverse("home"),
    }
    body = render_to_string("rounds/email/message.txt", context)
    html = render_to_string("rounds/email/message.html", context)
    return one_line(subject)[:300], body, html
