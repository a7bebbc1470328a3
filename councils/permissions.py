"""Who may do what in which council: one table, read by every app's `access.py`.

Roles are not a ladder: a viewer (a councillor) reads reports, which an officer does not, and an
officer reports on the actions they own, which a viewer does not. So each role has its own set of
things it may do, and every check asks whether the person's role in that council has the one it
needs. Site administrators count as coordinators in every council.
"""

from enum import StrEnum

from django.contrib.auth import get_user_model

from .models import Council, Membership, Role, closed_to


class Can(StrEnum):
    READ_PLANS = "read the council's plans and actions"
    REPORT_ON_OWN_ACTIONS = "record progress on the actions they own, and be asked for it"
    UPDATE_ANY_ACTION = "record progress on any action"
    READ_REPORTS = "read reports, reporting rounds and published files"
    RUN_ROUNDS = "open, review and publish reporting rounds"
    BUILD_PLANS = "build and change plans, import and export them"
    READ_CHANGES = "read the council's audit trail"
    MANAGE_MEMBERS = "invite members and change their roles"
    MANAGE_API_TOKENS = "issue and revoke read API tokens"
    TAKE_COUNCIL_DATA = "download everything the council holds in one archive"


PERMISSIONS: dict[Role, frozenset[Can]] = {
    Role.VIEWER: frozenset({Can.READ_PLANS, Can.READ_REPORTS}),
    Role.OFFICER: frozenset({Can.READ_PLANS, Can.REPORT_ON_OWN_ACTIONS}),
    Role.COORDINATOR: frozenset(Can),
}


def roles_that(can: Can) -> list[Role]:
    """The roles that may do `can`, in the order Role lists them."""
    return [role for role in Role if can in PERMISSIONS[role]]


def people_who_may(council, can: Can):
    """The council's members whose role may do `can`, by name: the people a form offers."""
    return (
        get_user_model()
        .objects.filter(memberships__council=council, memberships__role__in=roles_that(can))
        .order_by("first_name", "last_name", "username")
    )


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


def role_may(role: Role | str | None, can: Can) -> bool:
    return role is not None and can in PERMISSIONS[role]


def may(user, council, can: Can) -> bool:
    return role_may(role_in(user, council), can)


def can_view(user, council) -> bool:
    return may(user, council, Can.READ_PLANS)


def can_coordinate(user, council) -> bool:
    """Edit the plan, update any action, import, export and print reports."""
    return may(user, council, Can.BUILD_PLANS)


def can_update_action(user, action) -> bool:
    """Coordinators update any action of their council; officers only the actions they own."""
    role = role_in(user, action.plan.council_id)
    if role_may(role, Can.UPDATE_ANY_ACTION):
        return True
    return role_may(role, Can.REPORT_ON_OWN_ACTIONS) and action.owners.filter(pk=user.pk).exists()
