"""Many actions' standing on a date at once (status then, and overdue then by `overdue`'s rule),
for the read API's "as at"; the reports read theirs along with each update's text."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import OuterRef, Subquery

from plans.status import Status

from .models import ProgressUpdate
from .overdue import is_overdue, status_on, target_date_in_force, target_in_force


@dataclass(frozen=True)
class Standing:
    status: Status
    status_as_at: date | None
    overdue: bool


class _Row(NamedTuple):
    """What the rule reads of an action, and its latest update as at the date."""

    pk: int
    parent_id: int | None
    target_text: str
    target_date: date | None
    target_ongoing: bool
    original_target_text: str
    original_target_date: date | None
    closed_on: date | None
    latest_status: str | None
    latest_as_at: date | None

    @property
    def target_revised(self) -> bool:
        return bool(self.original_target_text or self.original_target_date)


def standing_on(actions, on: date) -> dict[int, Standing]:
    """Each action's status and whether it was overdue on the date, by id. `actions`: a queryset
    holding every sub-action of the actions in it (a council's, or a plan's). Two queries, three
    when some target was changed on the plan itself."""
    plain = actions.select_related(None).prefetch_related(None).order_by()
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk"), as_at__lte=on).order_by(
        "-as_at", "-recorded_at", "-id"
    )
    rows = {
        row.pk: row
        for row in map(
            _Row._make,
            plain.annotate(
                latest_status=Subquery(latest.values("status")[:1]),
                latest_as_at=Subquery(latest.values("as_at")[:1]),
            ).values_list(*_Row._fields),
        )
    }
    revisions = defaultdict(list)
    for action_id, text in (
        ProgressUpdate.objects.filter(action__in=plain.values("pk"), as_at__lte=on)
        .exclude(revised_target_text="")
        .order_by("action_id", "as_at", "recorded_at", "id")
        .values_list("action_id", "revised_target_text")
    ):
        revisions[action_id].append(text)
    unsure = [pk for pk, row in rows.items() if row.target_revised and pk not in revisions]
    revised = set(revisions) | (revised_by_updates(unsure) if unsure else set())
    children = defaultdict(list)
    for row in rows.values():
        children[row.parent_id].append(row.pk)
    standings: dict[int, Standing] = {}

    def stand(pk: int) -> Standing:
        if pk not in standings:
            row = rows[pk]
            kids = [stand(child) for child in children.get(pk, [])]
            status = status_on(row.latest_status, (kid.status for kid in kids))
            as_at = row.latest_as_at or max(
                (kid.status_as_at for kid in kids if kid.status_as_at), default=None
            )
            text, _ = target_in_force(row, revisions.get(pk, []), pk in revised)
            target_date, ongoing = target_date_in_force(row, text)
            overdue = is_overdue(
                on=on,
                target_date=target_date,
                ongoing=ongoing,
                status=status,
                closed_on=row.closed_on,
            )
            standings[pk] = Standing(status, as_at, overdue)
        return standings[pk]

    for pk in rows:
        stand(pk)
    return standings


def revised_by_updates(action_ids) -> set[int]:
    """Which of the actions had their target revised by a progress update, at any date."""
    return set(
        ProgressUpdate.objects.filter(action__in=action_ids)
        .exclude(revised_target_text="")
        .values_list("action_id", flat=True)
    )
