from django import template

register = template.Library()


@register.filter
def label_in(status, plan) -> str:
    """The status in the plan's council's own words: {{ state.status|label_in:plan }}."""
    return plan.status_label(status) if status else ""


@register.filter
def refs(recommendations) -> str:
    return ", ".join(recommendation.ref for recommendation in recommendations)
