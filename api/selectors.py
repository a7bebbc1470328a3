"""Reads for the read API: a token's council's rows only, filtered as asked, in a fixed number of
queries however many there are."""

from datetime import date

from django.db.models import BooleanField, Case, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from actions.status import Status
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
    as stored today, or, given `as_at`, from the latest update on or before that date."""
    on = as_at or timezone.localdate()
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
    if as_at is not None:
        latest = ProgressUpdate.objects.filter(action=OuterRef("pk"), as_at__lte=as_at).order_by(
            "-as_at", "-recorded_at", "-id"
        )
        actions = actions.annotate(
            status_then=Coalesce(Subquery(latest.values("status")[:1]), Value(Status.NONE)),
            status_as_at_then=Subquery(latest.values("as_at")[:1]),
        )
        status_field = "status_then"
    else:
        status_field = "status"
    is_overdue = Q(target_date__lt=on, target_ongoing=False, closed_on__isnull=True) & ~Q(
        **{status_field: Status.COMPLETE}
    )
    actions = actions.annotate(
        overdue_then=Case(
            When(is_overdue, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )
    if status:
        actions = actions.filter(**{status_field: status})
    if overdue is not None:
        actions = actions.filter(overdue_then=overdue)
    return actions


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
