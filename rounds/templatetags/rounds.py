from django import template

from ..selectors import rounds_for_owner

register = template.Library()


@register.inclusion_tag("rounds/includes/due_in_rounds.html")
def rounds_due(user):
    """On My actions: the open rounds asking this person for updates, and what is left to do."""
    return {"officer_rounds": rounds_for_owner(user)}
