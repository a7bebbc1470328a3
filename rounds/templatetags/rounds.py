from django import template
from django.utils import timezone

from ..overview import plans_overview
from ..selectors import rounds_for_owner, rounds_to_steer

register = template.Library()


@register.inclusion_tag("rounds/includes/due_in_rounds.html")
def rounds_due(user):
    """On My actions: the open rounds asking this person for updates, and what is left to do."""
    return {"officer_rounds": rounds_for_owner(user)}


@register.inclusion_tag("rounds/includes/rounds_to_steer.html")
def rounds_to_steer_for(user):
    """On a coordinator's home: each open round they run, and who is still to answer."""
    return {"steered": rounds_to_steer(user), "today": timezone.localdate()}


@register.inclusion_tag("rounds/includes/plans_overview.html")
def plans_overview_for(user, heading_level=2):
    """Each plan the person may read reports of: totals, chart, latest published report."""
    return {"overview": plans_overview(user), "heading_level": heading_level}
