"""Writes of the reporting cycle: open a round, review its updates, publish it.

Emails are sent by `emails.py` from the queue; these functions only ask for them, after the
transaction that made them due has committed."""

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from councils.permissions import Can, roles_that
from jobs.services import job_request
from plans.models import ImprovementPlan

from .models import (
    Decision,
    LatestUpdate,
    ReportingRound,
    RoundChange,
    RoundExtension,
    RoundState,
    UpdateReview,
)
from .publication import files_job_key, snapshot_build
from .selectors import default_covered_actions, last_published_round, round_progress, round_updates
from .tasks import make_round_files, send_round_emails
from .working_days import working_days_before

DEADLINE_WORKING_DAYS = 10


class RoundError(ValueError):
    """A round cannot be opened, changed, reviewed or published as asked; the message says why,
    and `field` which of the form's answers it is about (None: the whole request)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def default_deadline(meeting_date: date) -> date:
    return working_days_before(meeting_date, DEADLINE_WORKING_DAYS)


def round_open(
    *,
    plan: ImprovementPlan,
    user,
    meeting_date: date,
    deadline: date | None = None,
    as_at: date | None = None,
    committee: str = "",
    reminder_days: int = 3,
    actions=None,
    answerer=None,
    today: date | None = None,
) -> ReportingRound:
    """Open the plan's round for a meeting, covering `actions` (default: see
    `default_covered_actions`), and ask for the invitation emails. `answerer` becomes the owner
    of covered actions nobody owns, so the round asks someone about every one."""
    today = today or timezone.localdate()
    deadline = deadline or default_deadline(meeting_date)
    as_at = as_at or deadline
    _check_dates(meeting_date=meeting_date, deadline=deadline, as_at=as_at, today=today)
    covered = Action.objects.filter(plan=plan).leaves().still_open()
    covered = default_covered_actions(plan) if actions is None else covered.filter(pk__in=actions)
    covered_ids = list(covered.values_list("pk", flat=True))
    if not covered_ids:
        raise RoundError("There are no actions to ask for updates on in this plan.")
    try:
        with transaction.atomic():
            reporting_round = ReportingRound.objects.create(
                plan=plan,
                committee=committee.strip(),
                meeting_date=meeting_date,
                as_at=as_at,
                deadline=deadline,
                reminder_days=reminder_days,
                opened_by=user if user is not None and user.is_authenticated else None,
            )
            reporting_round.actions.set(covered_ids)
            if answerer is not None:
                for action in covered.filter(owners__isnull=True):
                    action.owners.add(answerer)
    except IntegrityError:
        raise RoundError(
            f"{plan.title} already has an open round: publish it before opening the next."
        ) from None
    _send_emails_after_commit()
    return reporting_round


def _check_dates(*, meeting_date: date, deadline: date, as_at: date, today: date) -> None:
    if deadline > meeting_date:
        raise RoundError(
            "The deadline for updates must be on or before the meeting date.", "deadline"
        )
    if deadline < today:
        raise RoundError(
            f"The deadline for updates ({deadline:%-d %B %Y}) has already passed.", "deadline"
        )
    if as_at > meeting_date:
        raise RoundError("The as-at date must be on or before the meeting date.", "as_at")


def _locked_open_round(reporting_round: ReportingRound, doing: str) -> ReportingRound:
    locked = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    if locked.state != RoundState.OPEN:
        raise RoundError(
            f"This round is {locked.get_state_display().lower()}: it can no longer be {doing}."
        )
    return locked


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def round_change(
    *,
    reporting_round: ReportingRound,
    user,
    committee: str,
    meeting_date: date,
    deadline: date,
    as_at: date,
    reminder_days: int,
    reason: str = "",
    today: date | None = None,
) -> RoundChange | None:
    """Change an open round's committee, dates or reminder. A new deadline or as-at date is
    emailed once to everyone still to answer; None when nothing changed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked_open_round(reporting_round, "changed")
        # a deadline already passed may stay as it is while other things change
        kept = deadline == locked.deadline
        _check_dates(
            meeting_date=meeting_date,
            deadline=deadline,
            as_at=as_at,
            today=today if not kept else deadline,
        )
        wanted = {
            "committee": committee.strip(),
            "meeting_date": meeting_date,
            "deadline": deadline,
            "as_at": as_at,
            "reminder_days": reminder_days,
        }
        changed = {
            name: (getattr(locked, name), value)
            for name, value in wanted.items()
            if getattr(locked, name) != value
        }
        if not changed:
            return None
        latest_extension = max(
            locked.extensions.values_list("deadline", flat=True), default=deadline
        )
        if meeting_date < latest_extension:
            raise RoundError(
                f"An extension runs to {_day(latest_extension)}: the meeting cannot be before it.",
                "meeting_date",
            )
        for name, value in wanted.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(wanted))
        change = RoundChange.objects.create(
            round=locked,
            summary="; ".join(_change_words(name, *values) for name, values in changed.items()),
            reason=reason.strip(),
            tells_officers=bool({"deadline", "as_at"} & set(changed)),
            moves_deadline="deadline" in changed,
            changed_by=user if user is not None and user.is_authenticated else None,
        )
    reporting_round.refresh_from_db()
    if change.tells_officers:
        _send_emails_after_commit()
    return change


CHANGE_NAMES = {
    "committee": "Committee",
    "meeting_date": "Meeting date",
    "deadline": "Deadline for updates",
    "as_at": "Progress as at",
    "reminder_days": "Reminder, days before the deadline",
}


def _change_words(name: str, before, after) -> str:
    def shown(value):
        return _day(value) if isinstance(value, date) else (str(value) if value != "" else "none")

    return f"{CHANGE_NAMES[name]}: {shown(before)} → {shown(after)}"


def round_extend(
    *,
    reporting_round: ReportingRound,
    user,
    deadline: date,
    person=None,
    action=None,
    reason: str = "",
) -> RoundExtension:
    """Give one person, or one action, until `deadline` to answer; they are told once."""
    if (person is None) == (action is None):
        raise RoundError("Choose a person or an action to give more time to, not both.", "person")
    with transaction.atomic():
        locked = _locked_open_round(reporting_round, "extended")
        if deadline <= locked.deadline:
            raise RoundError(
                f"The new deadline must be after the round's, {_day(locked.deadline)}.", "deadline"
            )
        if deadline > locked.meeting_date:
            raise RoundError(
                f"The new deadline must be on or before the meeting, {_day(locked.meeting_date)}.",
                "deadline",
            )
        if action is not None and not locked.actions.filter(pk=action.pk).exists():
            raise RoundError("That action is not covered by this round.", "action")
        if person is not None and not locked.actions.filter(owners=person).exists():
            raise RoundError("That person owns none of the actions this round covers.", "person")
        extension = RoundExtension.objects.create(
            round=locked,
            person=person,
            action=action,
            deadline=deadline,
            reason=reason.strip(),
            granted_by=user if user is not None and user.is_authenticated else None,
        )
    _send_emails_after_commit()
    return extension


def round_withdraw(*, reporting_round: ReportingRound, user, reason: str) -> ReportingRound:
    """Stop an open round without publishing it: no email of it goes from now on, and the plan
    may open another. Updates officers gave stay on their actions."""
    reason = reason.strip()
    if not reason:
        raise RoundError("Say why the round is withdrawn.", "reason")
    with transaction.atomic():
        locked = _locked_open_round(reporting_round, "withdrawn")
        locked.state = RoundState.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = user if user is not None and user.is_authenticated else None
        locked.withdrawn_reason = reason
        locked.save(update_fields=["state", "withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    return locked


def _send_emails_after_commit() -> None:
    transaction.on_commit(lambda: send_round_emails.enqueue())


def update_review(
    *,
    reporting_round: ReportingRound,
    update: ProgressUpdate,
    decision: Decision | str,
    comment: str,
    reviewer,
) -> UpdateReview:
    """Accept an update of the round, or return it to its officer with a comment."""
    decision = Decision(decision)
    comment = comment.strip()
    if reporting_round.state != RoundState.OPEN:
        raise RoundError(
            f"This round is {reporting_round.get_state_display().lower()}: "
            "its updates can no longer be reviewed."
        )
    if not round_updates(reporting_round).filter(pk=update.pk).exists():
        raise RoundError("This update was not recorded for this round.")
    if decision == Decision.RETURNED and not comment:
        raise RoundError("Say what the officer needs to change.")
    review, _ = UpdateReview.objects.update_or_create(
        update=update,
        defaults={
            "round": reporting_round,
            "decision": decision,
            "comment": comment,
            "reviewer": reviewer,
        },
    )
    LatestUpdate.objects.filter(update=update).update(decision=decision)
    if decision == Decision.RETURNED:
        _send_emails_after_commit()
    return review


def round_publish(*, reporting_round: ReportingRound, user) -> ReportingRound:
    """Freeze the round as it stands now, and ask for its files once that has committed."""
    with transaction.atomic():
        locked = _locked_open_round(reporting_round, "published")
        progress = round_progress(locked)
        plan = locked.plan
        if plan.review_required:
            unreviewed = progress.unreviewed_count
            if unreviewed:
                raise RoundError(
                    f"{plan.title} needs every update reviewed before publication: "
                    f"{unreviewed} update{'s are' if unreviewed != 1 else ' is'} not reviewed yet."
                )
        locked.frozen_at = timezone.now()
        locked.compared_with = last_published_round(plan, before=locked)
        locked.snapshot = snapshot_build(locked)
        locked.state = RoundState.PUBLISHED
        locked.published_at = locked.frozen_at
        locked.published_by = user if user is not None and user.is_authenticated else None
        locked.save()
    transaction.on_commit(lambda: publication_files_request(locked, user=user))
    return locked


def publication_files_request(reporting_round: ReportingRound, *, user):
    return job_request(
        task=make_round_files,
        council=reporting_round.plan.council,
        user=user,
        title=f"Published files of {reporting_round.plan.title}, {reporting_round.name}",
        roles=roles_that(Can.READ_REPORTS),
        params={"round_id": reporting_round.pk, "plan_id": reporting_round.plan_id},
        key=files_job_key(reporting_round),
        repeatable=True,
        back_url=reverse("rounds:detail", args=[reporting_round.pk]),
        next_url=reverse("rounds:detail", args=[reporting_round.pk]),
    )
