"""Who may do what in which council. Every view and admin page asks here."""

from .models import ROLE_RANK, Council, Membership, Role, closed_to


def role_in(user, council) -> Role | None:
    """The user's role in the council, or None. Site administrators count as coordinators."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.COORDINATOR
    council_id = council.pk if isinstance(council, Council) else council
    if council_id in closed_to(user):
        return None  # this session has not met the council's own sign-in rules
    role = (
        Membership.objects.filter(user=user, council_id=council_id)
        .values_list("role", flat=True)
        .first()
    )
    return Role(role) if role else None


def has_role(user, council, minimum: Role) -> bool:
    role = role_in(user, council)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[minimum]


def can_view(user, council) -> bool:
    return has_role(user, council, Role.VIEWER)


def can_coordinate(user, council) -> bool:
    """Edit the plan, update any action, import, export and print reports."""
    return has_role(user, council, Role.COORDINATOR)


def can_update_action(user, action) -> bool:
    """Coordinators update any action of their council; officers only the actions they own."""
    role = role_in(user, action.plan.council_id)
    if role == Role.COORDINATOR:
        return True
    return role == Role.OFFICER and action.owners.filter(pk=user.pk).exists()
