"""Views reach council data only through here: anything outside the user's councils is a 404.

Treat every id in a URL as hostile: look it up within the user's councils, so another council's
rows are indistinguishable from rows that do not exist. A user who can see a row but lacks the
role for what they asked gets a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Council, closed_to
from .permissions import Can, may


class CouncilSignInRequired(Exception):
    """The row is the user's council's, but this session has not met that council's own
    sign-in rules yet: the person is sent to meet them, then back."""

    def __init__(self, council):
        super().__init__(f"{council} asks for its own sign-in first")
        self.council = council


def _closed_council_of(queryset, user, lookup) -> None:
    """Raise CouncilSignInRequired when the row sits in one of the user's closed councils."""
    closed = closed_to(user)
    path = getattr(queryset.model, "council_path", None)
    if not closed or path is None:
        return
    column = f"{path}_id" if path else "pk"
    council_id = (
        queryset.filter(**lookup, **{f"{column}__in": closed}).values_list(column, flat=True)
    ).first()
    if council_id is not None:
        raise CouncilSignInRequired(Council.objects.get(pk=council_id))


def visible_or_404(queryset, user, **lookup):
    """The row matching `lookup` among the user's councils' rows (queryset needs `for_user`)."""
    try:
        return get_object_or_404(queryset.for_user(user), **lookup)
    except Http404:
        _closed_council_of(queryset, user, lookup)
        raise


def council_or_404(user, slug: str) -> Council:
    try:
        return get_object_or_404(Council.objects.for_user(user), slug=slug)
    except Http404:
        _closed_council_of(Council.objects.all(), user, {"slug": slug})
        raise


def council_where_may_or_404(user, slug: str, can: Can, refusal: str) -> Council:
    """A council of the user's where their role may do `can`; a member whose role may not is
    told `refusal` (formatted with the council's name)."""
    council = council_or_404(user, slug)
    if not may(user, council, can):
        raise PermissionDenied(refusal.format(council=council.name))
    return council


def council_for_site_admin_or_404(user, slug: str, refusal: str) -> Council:
    """A council, for a site administrator only; a member is told `refusal` (formatted with the
    council's name), anyone else gets a 404."""
    council = council_or_404(user, slug)
    if not user.is_superuser:
        raise PermissionDenied(refusal.format(council=council.name))
    return council
