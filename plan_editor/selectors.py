"""What the coordinator's plan page reads: the plan's structure, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count

from actions.lead_officers import nobody_to_ask
from actions.plan_outline import plan_actions, with_sub_actions
from plans.models import ImprovementPlan


@dataclass
class ThemeBlock:
    theme: object  # a Theme, or None for actions under no theme
    actions: list = field(default_factory=list)


def plan_structure(plan: ImprovementPlan) -> dict:
    actions = list(
        plan_actions(plan).prefetch_related("owners").annotate(update_count=Count("updates"))
    )
    top_level = with_sub_actions(actions)
    blocks = {theme.pk: ThemeBlock(theme) for theme in plan.themes.all()}
    unthemed = ThemeBlock(None)
    for action in top_level:
        blocks.get(action.theme_id, unthemed).actions.append(action)
    return {
        "blocks": [*blocks.values(), *([unthemed] if unthemed.actions else [])],
        "recommendations": plan.recommendations.annotate(answered_by=Count("actions")),
        "action_count": len(actions),
        "nobody_to_ask": nobody_to_ask(plan.actions.all()).count(),
    }
