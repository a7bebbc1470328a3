"""Many actions' standing on a date at once (status then, and overdue then by `overdue`'s rule),
for the read API's "as at"; the reports read theirs along with each update's text."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from plans.status import Status

from .models import ProgressUpdate
from .overdue import is_overdue, status_on, target_date_in_force, target_in_force


@dataclass(frozen=True)
class Standing:
    status: Status
    status_as_at: date | None
    overdue: bool


def standing_on(actions, on: date) -> dict[int, Standing]:
    """Each action's status and whether it was overdue on the date, by id. `actions`: a queryset
    holding every sub-action of the actions in it (a council's, or a plan's). Two queries, three
    when some target was changed on the plan itself."""
    plain = actions.select_related(None).prefetch_related(None).order_by()
    rows = {action.pk: action for action in plain.only(*_STANDING_FIELDS)}
    updates = defaultdict(list)
    for action_id, as_at, status, revised in (
        ProgressUpdate.objects.filter(action__in=plain.values("pk"), as_at__lte=on)
        .order_by("action_id", "as_at", "recorded_at", "id")
        .values_list("action_id", "as_at", "status", "revised_target_text")
    ):
        updates[action_id].append((as_at, status, revised))
    revised_by_updates = _revised_by_updates(rows, updates)
    children = defaultdict(list)
    for action in rows.values():
        children[action.parent_id].append(action.pk)
    standings: dict[int, Standing] = {}

    def stand(pk: int) -> Standing:
        if pk not in standings:
            action, own = rows[pk], updates.get(pk, [])
            kids = [stand(child) for child in children.get(pk, [])]
            if own:
                status, as_at = Status(own[-1][1]), own[-1][0]
            else:
                status = status_on(None, (kid.status for kid in kids))
                as_at = max((kid.status_as_at for kid in kids if kid.status_as_at), default=None)
            text, _ = target_in_force(
                action, [revised for _, _, revised in own if revised], pk in revised_by_updates
            )
            target_date, ongoing = target_date_in_force(action, text)
            standings[pk] = Standing(
                status,
                as_at,
                is_overdue(
                    on=on,
                    target_date=target_date,
                    ongoing=ongoing,
                    status=status,
                    closed_on=action.closed_on,
                ),
            )
        return standings[pk]

    for pk in rows:
        stand(pk)
    return standings


_STANDING_FIELDS = (
    "parent_id",
    "target_text",
    "target_date",
    "target_ongoing",
    "original_target_text",
    "original_target_date",
    "closed_on",
)


def revised_by_updates(action_ids) -> set[int]:
    """Which of the actions had their target revised by a progress update, at any date."""
    return set(
        ProgressUpdate.objects.filter(action__in=action_ids)
        .exclude(revised_target_text="")
        .values_list("action_id", flat=True)
    )


def _revised_by_updates(rows: dict, updates: dict) -> set[int]:
    """Asked of the database only for revised actions whose updates by the date revise nothing."""
    unsure = [
        pk
        for pk, action in rows.items()
        if action.target_revised and not any(revised for _, _, revised in updates.get(pk, []))
    ]
    return revised_by_updates(unsure) if unsure else set()
