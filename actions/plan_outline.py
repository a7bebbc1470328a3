"""The plan as the council wrote it, read in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch

from plans.models import ImprovementPlan, PlanGrouping, Recommendation

from .progress import attach_progress
from .selectors import StatusCount, counts_in_order


@dataclass
class Section:
    """A theme, a recommendation, or the whole plan: a heading over its actions."""

    number: str
    title: str
    description: str
    actions: list
    counts: list[StatusCount] = field(default_factory=list)

    @property
    def blocks(self) -> list[tuple]:
        """(action, its sub-actions) for actions with sub-actions; runs of others as (None, run)."""
        blocks: list[tuple] = []
        for action in self.actions:
            if action.sub_actions:
                blocks.append((action, action.sub_actions))
            elif blocks and blocks[-1][0] is None:
                blocks[-1][1].append(action)
            else:
                blocks.append((None, [action]))
        return blocks


@dataclass
class PlanOutline:
    plan: ImprovementPlan
    sections: list[Section]
    counts: list[StatusCount]
    total: int


def plan_actions(plan: ImprovementPlan):
    """The plan's actions in order, with their theme and recommendation references."""
    return (
        plan.actions.select_related("theme")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.only("ref", "plan_id"))
        )
        .order_by("position", "id")
    )


def with_sub_actions(actions) -> list:
    """The top-level actions, each given its `sub_actions` in order, from one list of all."""
    children: dict = {}
    for action in actions:
        children.setdefault(action.parent_id, []).append(action)
    for action in actions:
        action.sub_actions = children.get(action.pk, [])
    return children.get(None, [])


def plan_outline(plan: ImprovementPlan) -> PlanOutline:
    actions = list(plan_actions(plan).with_latest_narrative().with_latest_percent())
    top_level = with_sub_actions(actions)
    attach_progress(actions)

    if plan.grouping == PlanGrouping.THEME:
        sections = [
            Section(
                theme.number,
                theme.title,
                theme.description,
                [a for a in top_level if a.theme_id == theme.pk],
            )
            for theme in plan.themes.all()
        ]
        unthemed = [a for a in top_level if a.theme_id is None]
        if unthemed:
            sections.append(Section("", "Other actions", "", unthemed))
    elif plan.grouping == PlanGrouping.RECOMMENDATION:
        sections = [
            Section(
                rec.ref,
                rec.title,
                rec.text,
                [a for a in top_level if rec in a.recommendations.all()],
            )
            for rec in plan.recommendations.all()
        ]
        unlinked = [a for a in top_level if not a.recommendations.all()]
        if unlinked:
            sections.append(Section("", "Other actions", "", unlinked))
    else:
        sections = [Section("", "Actions", "", top_level)]

    for section in sections:
        section.counts = counts_in_order(Counter(a.status for a in _leaves(section.actions)), plan)
    leaves = [a for a in actions if not a.sub_actions]
    return PlanOutline(
        plan, sections, counts_in_order(Counter(a.status for a in leaves), plan), len(leaves)
    )


def _leaves(actions):
    for action in actions:
        if action.sub_actions:
            yield from _leaves(action.sub_actions)
        else:
            yield action
