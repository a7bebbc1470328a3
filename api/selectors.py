"""Reads for the read API: a token's council's rows only, filtered as asked, in a fixed number of
queries however many there are."""

from datetime import date

from django.db.models import BooleanField, Case, Prefetch, Value, When
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from actions.overdue import overdue_q
from actions.standing import standing_on
from plans.models import ImprovementPlan, Recommendation, Theme


def plans_of(council):
    return ImprovementPlan.objects.filter(council=council).select_related("council").order_by("pk")


def themes_of(council, plan: int | None = None):
    themes = Theme.objects.filter(plan__council=council).order_by("plan", "pk")
    return themes.filter(plan=plan) if plan else themes


def recommendations_of(council, plan: int | None = None):
    recommendations = Recommendation.objects.filter(plan__council=council).order_by("plan", "pk")
    return recommendations.filter(plan=plan) if plan else recommendations


def actions_of(
    council,
    *,
    plan: int | None = None,
    status: str | None = None,
    overdue: bool | None = None,
    as_at: date | None = None,
):
    """The council's actions, each with `status_then`, `status_as_at_then` and `overdue_then`:
    as stored today, or, given `as_at`, as things stood that day (`actions.overdue`'s rule)."""
    actions = (
        Action.objects.filter(plan__council=council)
        .select_related("plan")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.only("ref", "plan_id"))
        )
        .order_by("plan", "position", "pk")
    )
    if plan:
        actions = actions.filter(plan=plan)
    if as_at is None:
        actions = actions.annotate(
            overdue_then=Case(
                When(overdue_q(timezone.localdate()), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        if status:
            actions = actions.filter(status=status)
        if overdue is not None:
            actions = actions.filter(overdue_then=overdue)
        return actions
    standing = standing_on(actions, as_at)
    if status or overdue is not None:
        wanted = [
            pk
            for pk, then in standing.items()
            if (not status or then.status == status)
            and (overdue is None or then.overdue == overdue)
        ]
        actions = actions.filter(pk__in=wanted)
    return ActionsAsAt(actions, standing)


class ActionsAsAt:
    """Actions read a page (or a chunk) at a time, each given its standing on the date: what the
    pagination and the CSV ask of a queryset."""

    def __init__(self, actions, standing: dict):
        self.actions, self.standing = actions, standing

    def all(self):
        return self

    def count(self) -> int:
        return self.actions.count()

    def __getitem__(self, index):
        return [self._stood(action) for action in self.actions[index]]

    def iterator(self, chunk_size: int):
        return (self._stood(action) for action in self.actions.iterator(chunk_size))

    def _stood(self, action):
        then = self.standing[action.pk]
        action.status_then, action.status_as_at_then = then.status, then.status_as_at
        action.overdue_then = then.overdue
        return action


def updates_of(council, *, plan: int | None = None, action: int | None = None, as_at=None):
    updates = (
        ProgressUpdate.objects.filter(action__plan__council=council)
        .prefetch_related("files")
        .order_by("action__plan", "action", "as_at", "recorded_at", "pk")
    )
    if plan:
        updates = updates.filter(action__plan=plan)
    if action:
        updates = updates.filter(action=action)
    if as_at is not None:
        updates = updates.filter(as_at__lte=as_at)
    return updates
