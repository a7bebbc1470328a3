"""Views reach council data only through here: anything outside the user's councils is a 404.

Treat every id in a URL as hostile: look it up within the user's councils, so another council's
rows are indistinguishable from rows that do not exist. A user who can see a row but lacks the
role for what they asked gets a 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Council, Role
from .permissions import has_role


def visible_or_404(queryset, user, **lookup):
    """The row matching `lookup` among the user's councils' rows (queryset needs `for_user`)."""
    return get_object_or_404(queryset.for_user(user), **lookup)


def council_or_404(user, slug: str) -> Council:
    return get_object_or_404(Council.objects.for_user(user), slug=slug)


def require_role(user, council, minimum: Role) -> None:
    if not has_role(user, council, minimum):
        raise PermissionDenied(f"This needs the {minimum.label.lower()} role in {council}.")


def council_to_coordinate_or_404(user, slug: str, refusal: str) -> Council:
    """A council of the user's where they are a coordinator; a member with another role is told
    `refusal` (formatted with the council's name)."""
    council = council_or_404(user, slug)
    if not has_role(user, council, Role.COORDINATOR):
        raise PermissionDenied(refusal.format(council=council.name))
    return council


def council_for_site_admin_or_404(user, slug: str, refusal: str) -> Council:
    """A council, for a site administrator only; a member is told `refusal` (formatted with the
    council's name), anyone else gets a 404."""
    council = council_or_404(user, slug)
    if not user.is_superuser:
        raise PermissionDenied(refusal.format(council=council.name))
    return council
