from django import template

from ..overview import plans_overview
from ..selectors import rounds_for_owner

register = template.Library()


@register.inclusion_tag("rounds/includes/due_in_rounds.html")
def rounds_due(user):
    """On My actions: the open rounds asking this person for updates, and what is left to do."""
    return {"officer_rounds": rounds_for_owner(user)}


@register.inclusion_tag("rounds/includes/plans_overview.html")
def plans_overview_for(user, heading_level=2):
    """Each plan the person may read reports of: totals, chart, latest published report."""
    return {"overview": plans_overview(user), "heading_level": heading_level}
