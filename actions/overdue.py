"""Overdue, decided once: for the lists, My actions, the reports and annex, the API, the rounds and
the reminders.

An action is overdue on a date when, as things stood that day:
- the target in force had a date, and it had passed;
- it was not an ongoing commitment without a deadline ("March 2025 and ongoing" has one);
- its status then was not complete (a parent without updates of its own takes its sub-actions'
  roll-up);
- it had not been closed by then (an action closed later was still pursued that day).

The target in force on a date is the latest revision a progress update made as at that date; before
any, the plan's original. A target changed on the plan itself, with no update carrying it, has no
date of its own: it counts at every date.

`is_overdue` is the rule; `overdue_q` is the same rule in SQL over the stored fields, which hold
the target and status in force today; `standing.standing_on` reads
any date's standing for many actions at once.
"""

from datetime import date

from django.db.models import Q

from plans.status import Status, rollup

from .target_dates import parse_target_date


def is_overdue(
    *, on: date, target_date: date | None, ongoing: bool, status: str, closed_on: date | None
) -> bool:
    return bool(
        target_date is not None
        and target_date < on
        and not ongoing
        and status != Status.COMPLETE
        and not (closed_on is not None and closed_on <= on)
    )


def overdue_q(on: date) -> Q:
    """`is_overdue` over an action's stored target and status: those in force today."""
    return (
        Q(target_date__lt=on, target_ongoing=False)
        & ~Q(status=Status.COMPLETE)
        & (Q(closed_on__isnull=True) | Q(closed_on__gt=on))
    )


def target_in_force(action, revisions: list[str], revised_by_an_update: bool) -> tuple[str, str]:
    """(the target as written in force, the plan's original when it had been revised by then).
    `revisions`: the revised targets of the action's updates as at the date, oldest first;
    `revised_by_an_update`: whether any of its updates, at any date, revised it."""
    if not action.target_revised:
        return action.target_text, ""
    if revisions:
        return revisions[-1], action.original_target_text
    if not revised_by_an_update:
        return action.target_text, action.original_target_text  # changed on the plan itself
    return action.original_target_text, ""


def target_date_in_force(action, text: str) -> tuple[date | None, bool]:
    """The date and "ongoing" read from a target in force (the stored ones when it is current)."""
    if text == action.target_text:
        return action.target_date, action.target_ongoing
    parsed = parse_target_date(text)
    return parsed.date, parsed.ongoing


def status_on(latest_status: str | None, children_statuses) -> Status:
    """The status then: the latest update's, else the sub-actions' roll-up, else none given."""
    if latest_status is not None:
        return Status(latest_status)
    children_statuses = list(children_statuses)
    return rollup(children_statuses) if children_statuses else Status.NONE
