from django import template

register = template.Library()


@register.filter
def page_window(paginator, number):
    """Page numbers around the current page, with None where a run of pages is left out."""
    pages = paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
    return [None if page == paginator.ELLIPSIS else page for page in pages]
