"""The coordinator's pages reach a council's plans only through here. Another council's plan,
theme, recommendation or action is a 404, as if it did not exist (every id in a URL is hostile);
a member who is not a coordinator is told who may."""

from django.shortcuts import get_object_or_404

from councils.access import council_where_may_or_404
from councils.models import Council
from councils.permissions import Can
from plans.models import ImprovementPlan

REFUSAL = "Building and changing {council}'s plans is for its coordinators."


def council_to_manage_or_404(user, council_slug: str) -> Council:
    return council_where_may_or_404(user, council_slug, Can.BUILD_PLANS, REFUSAL)


def plan_to_manage_or_404(user, council_slug: str, plan_slug: str) -> ImprovementPlan:
    council = council_to_manage_or_404(user, council_slug)
    return get_object_or_404(council.plans.select_related("council"), slug=plan_slug)


def part_of(plan: ImprovementPlan, related: str, pk: int):
    """A theme, recommendation or action of this plan only (`related`: "themes", …)."""
    return get_object_or_404(getattr(plan, related).all(), pk=pk)
