from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def label_in(status, plan) -> str:
    """The status in the plan's council's own words: {{ state.status|label_in:plan }}."""
    return plan.status_label(status) if status else ""


@register.filter
def refs(recommendations) -> str:
    return ", ".join(recommendation.ref for recommendation in recommendations)


@register.filter
def css_string(text) -> str:
    """Text as a quoted CSS string: every character but letters, digits and spaces written as a
    hex escape, so nothing typed can end the string, the rule or the style element."""
    escaped = "".join(
        char if char.isascii() and (char.isalnum() or char == " ") else f"\\{ord(char):06x}"
        for char in str(text)
    )
    # every character but letters, digits and spaces is escaped above
    return mark_safe(f'"{escaped}"')  # noqa: S308  # nosec B308 B703
