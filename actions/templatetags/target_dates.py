from django import template

from ..target_dates import read_back as read_back_words

register = template.Library()


@register.filter
def read_back(text) -> str:
    """How a target date as typed is read: "Read as a deadline of 30 June 2025"."""
    return read_back_words(text)
