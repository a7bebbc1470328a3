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


NEW_DATES = (MessageKind.CHANGED, MessageKind.EXTENDED)


@dataclass
class Due:
    """One email that is due: its kind, its person, the actions it lists."""

    kind: str
    recipient: object
    items: list
    cc: tuple[str, ...] = ()
    about_update: object = None
    sequence: int = 0
    about: object = None  # the change or extension the email tells of


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
    """The emails of the round due today that have not been written down yet. Reminders and
    chasers go against each action's own deadline (the round's, or an extension's), once per
    deadline the round has had."""
    members = _members(reporting_round.plan.council)
    covered = covered_actions(reporting_round)
    by_owner = defaultdict(list)
    for item in covered:
        for owner in item.owners:
            if owner.pk in members:  # only people who may still see the action
                by_owner[owner].append(item)
    already = set(
        reporting_round.messages.values_list("kind", "recipient_id", "about_update_id", "sequence")
    )
    invited = set(
        reporting_round.messages.filter(kind=MessageKind.INVITATION).values_list(
            "recipient_id", "created_at__date"
        )
    )
    invited_people = {person for person, _ in invited}
    # A reminder follows a request sent on an earlier day, never the same day's.
    invited_before = {person for person, day in invited if day < today}
    changes = list(reporting_round.changes.order_by("id"))
    deadline_set = max((c.pk for c in changes if c.moves_deadline), default=0)
    due = [Due(MessageKind.INVITATION, owner, items) for owner, items in by_owner.items()]
    days = reporting_round.reminder_days
    reminders = [
        Due(MessageKind.REMINDER, owner, to_do, sequence=deadline_set)
        for owner, items in by_owner.items()
        if (
            to_do := [item for item in items if item.needs_update and _reminding(item, today, days)]
        )
        and owner.pk in invited_before
    ]
    coordinators = tuple(
        sorted(
            user.email
            for user in members.values()
            if role_may(user.role, Can.RUN_ROUNDS) and user.email
        )
    )
    due += [
        Due(MessageKind.CHASER, owner, to_do, cc=coordinators, sequence=deadline_set)
        for owner, items in by_owner.items()
        if (to_do := [item for item in items if item.needs_update and today > item.deadline])
    ]
    told = [change for change in changes if change.tells_officers]
    if told:  # only the latest change: its email gives every date as it now stands
        due += [
            Due(MessageKind.CHANGED, owner, to_do, sequence=told[-1].pk, about=told[-1])
            for owner, items in by_owner.items()
            if (to_do := [item for item in items if item.needs_update])
            and owner.pk in invited_people
        ]
    for extension in reporting_round.extensions.all():
        for owner, items in by_owner.items():
            given = [
                item
                for item in items
                if item.needs_update
                and (extension.action_id == item.action.pk or extension.person_id == owner.pk)
            ]
            if given:
                due.append(
                    Due(MessageKind.EXTENDED, owner, given, sequence=extension.pk, about=extension)
                )
    for item in covered:
        if item.state == RETURNED:
            author = item.update.author
            recipients = [author] if author and author.pk in members else item.owners
            due += [
                Due(MessageKind.RETURNED, person, [item], about_update=item.update)
                for person in recipients
                if person.pk in members
            ]
    due = [entry for entry in due + reminders if _key(entry) not in already]
    # Told of a new date today: their reminder waits for tomorrow, one email a day is enough.
    told_today = {entry.recipient.pk for entry in due if entry.kind in NEW_DATES} | set(
        reporting_round.messages.filter(kind__in=NEW_DATES, created_at__date=today).values_list(
            "recipient_id", flat=True
        )
    )
    return [
        entry
        for entry in due
        if entry.kind != MessageKind.REMINDER or entry.recipient.pk not in told_today
    ]


def _key(entry: Due) -> tuple:
    about = entry.about_update.pk if entry.about_update else None
    return (entry.kind, entry.recipient.pk, about, entry.sequence)


def _reminding(item, today: date, days: int) -> bool:
    return item.deadline - timedelta(days) <= today <= item.deadline


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
                sequence=due.sequence,
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
        RoundMessage.objects.filter(pk=message.pk, round__state=RoundState.OPEN)
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
    MessageKind.CHANGED: "Changed: progress updates now due by {deadline}: {plan}",
    MessageKind.EXTENDED: "More time: your progress updates are now due by {deadline}: {plan}",
}


def _compose(reporting_round, due: Due) -> tuple[str, str, str]:
    plan = reporting_round.plan
    # the listed actions' own deadline: an extension's where one gives the person more time
    deadline = max((item.deadline for item in due.items), default=reporting_round.deadline)
    subject = SUBJECTS[due.kind].format(
        deadline=f"{deadline:%-d %B %Y}",
        plan=plan.title,
        ref=due.items[0].action.named if due.items else "",
    )
    context = {
        "kind": due.kind,
        "round": reporting_round,
        "deadline": deadline,
        "change": due.about if due.kind == MessageKind.CHANGED else None,
        "extension": due.about if due.kind == MessageKind.EXTENDED else None,
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
