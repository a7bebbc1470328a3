"""The table of what each role may do is what the pages do: for every capability, a page that needs
it answers each role as the table says (and a capability with no page here fails the walk)."""

import pytest
from django.urls import reverse

from councils.models import Role
from councils.permissions import PERMISSIONS, Can
from tests.factories import ActionFactory, member

# A page each capability guards, given the council, plan and the person's own and another action.
PAGES = {
    Can.READ_PLANS: lambda c, p, own, other: reverse("plan_detail", args=[c.slug, p.slug]),
    Can.REPORT_ON_OWN_ACTIONS: lambda c, p, own, other: reverse(
        "progress_update_add", args=[own.pk]
    ),
    Can.UPDATE_ANY_ACTION: lambda c, p, own, other: reverse("progress_update_add", args=[other.pk]),
    Can.READ_REPORTS: lambda c, p, own, other: reverse("reports:summary", args=[c.slug, p.slug]),
    Can.RUN_ROUNDS: lambda c, p, own, other: reverse("rounds:open", args=[c.slug, p.slug]),
    Can.BUILD_PLANS: lambda c, p, own, other: reverse("plan_editor:plan", args=[c.slug, p.slug]),
    Can.READ_CHANGES: lambda c, p, own, other: reverse("council_changes", args=[c.slug]),
    Can.MANAGE_MEMBERS: lambda c, p, own, other: reverse("members:list", args=[c.slug]),
    Can.MANAGE_API_TOKENS: lambda c, p, own, other: reverse("api_tokens:list", args=[c.slug]),
    Can.TAKE_COUNCIL_DATA: lambda c, p, own, other: reverse("council_archive", args=[c.slug]),
}


def test_every_capability_has_a_page_in_the_walk():
    assert set(PAGES) == set(Can)


def test_each_role_gets_what_the_table_gives_it_and_nothing_more(client, council, plan):
    answers = {}
    for role in Role:
        person = member(council, role, username=f"a-{role}")
        own = ActionFactory(plan=plan, title=f"Owned by the {role}")
        own.owners.add(person)
        other = ActionFactory(plan=plan, title=f"Not the {role}'s")
        client.force_login(person)
        for can, page in PAGES.items():
            status = client.get(page(council, plan, own, other)).status_code
            assert status in (200, 403), f"{role} on {can.name}: {status}"
            answers[role, can] = status == 200
    expected = {(role, can): can in PERMISSIONS[role] for role in Role for can in Can}
    assert answers == expected


@pytest.mark.parametrize("role", list(Role))
def test_the_table_gives_each_role_its_part(role):
    """Read as a person would: not a ladder, each role its own."""
    assert {
        Role.VIEWER: {Can.READ_PLANS, Can.READ_REPORTS},
        Role.OFFICER: {Can.READ_PLANS, Can.REPORT_ON_OWN_ACTIONS},
        Role.COORDINATOR: set(Can),
    }[role] == set(PERMISSIONS[role])
