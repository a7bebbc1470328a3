from councils.models import Council, Role
from councils.permissions import (
    Can,
    can_coordinate,
    can_update_action,
    can_view,
    role_in,
    roles_that,
)
from tests.factories import ActionFactory


def test_members_see_only_their_own_councils(council, other_council, officer):
    assert list(Council.objects.for_user(officer)) == [council]
    assert can_view(officer, council)
    assert not can_view(officer, other_council)


def test_site_administrators_see_every_council(council, other_council, superuser):
    assert set(Council.objects.for_user(superuser)) == {council, other_council}
    assert role_in(superuser, other_council) == Role.COORDINATOR


def test_a_user_can_hold_different_roles_in_different_councils(council, other_council, officer):
    from councils.models import Membership

    Membership.objects.create(user=officer, council=other_council, role=Role.COORDINATOR)
    assert role_in(officer, council) == Role.OFFICER
    assert role_in(officer, other_council) == Role.COORDINATOR
    assert list(Council.objects.for_user(officer, roles=roles_that(Can.BUILD_PLANS))) == [
        other_council
    ]


def test_officers_update_only_the_actions_they_own(action, officer):
    assert not can_update_action(officer, action)
    action.owners.add(officer)
    assert can_update_action(officer, action)


def test_coordinators_update_any_action_of_their_council_only(action, coordinator, other_council):
    assert can_update_action(coordinator, action)
    assert can_coordinate(coordinator, action.plan.council)
    foreign = ActionFactory(plan__council=other_council)
    assert not can_update_action(coordinator, foreign)


def test_viewers_update_nothing_even_when_named_owner(action, viewer):
    action.owners.add(viewer)
    assert can_view(viewer, action.plan.council)
    assert not can_update_action(viewer, action)


def test_inactive_accounts_have_no_role(council, officer):
    officer.is_active = False
    assert role_in(officer, council) is None
    assert not Council.objects.for_user(officer).exists()
