"""The council's audit page: who changed what and when, for its coordinators only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action
from audit.changes import tracked_models
from councils.models import Membership, Role
from tests.factories import ActionFactory, PlanFactory, ThemeFactory, member


def changes_url(council):
    return reverse("council_changes", args=[council.slug])


def test_anonymous_users_are_sent_to_sign_in(client, council):
    response = client.get(changes_url(council))
    assert response.status_code == 302 and "sign-in" in response.url


def test_another_councils_changes_are_not_found(client, coordinator, other_council):
    client.force_login(coordinator)
    assert client.get(changes_url(other_council)).status_code == 404


@pytest.mark.parametrize("role", [Role.OFFICER, Role.VIEWER])
def test_officers_and_viewers_may_not_see_the_changes(client, council, role):
    client.force_login(member(council, role, username=f"a.{role}"))
    assert client.get(changes_url(council)).status_code == 403


def test_a_coordinator_sees_who_changed_what_before_and_after(client, coordinator, action):
    action.title = "A clearer title"
    action.lead_officer = ""
    action._history_user = coordinator
    action.save()
    client.force_login(coordinator)
    response = client.get(changes_url(action.plan.council))
    assert response.status_code == 200
    first = response.context["page"].object_list[0]
    assert (first.what, first.kind) == ("Action 1.1 A clearer title", "Changed")
    assert first.who == coordinator.get_full_name()
    assert [(c.name, c.after) for c in first.changes] == [
        ("Title", "A clearer title"),
        ("Lead officer", ""),
    ]
    page = response.content.decode()
    assert "A clearer title" in page and "Director of Law and Governance → (blank)" in page


def test_long_text_is_cut_short_with_the_whole_text_in_a_details_element(
    client, coordinator, action
):
    action.detail = "Word " * 60
    action.save()
    client.force_login(coordinator)
    page = client.get(changes_url(action.plan.council)).content.decode()
    assert "Detail in full" in page
    assert ("Word " * 60).strip() in page


def test_users_and_memberships_show_by_name_and_never_the_password_hash(
    client, coordinator, council, officer
):
    officer.is_staff = True
    officer.set_password("a-brand-new-password")
    officer.save()
    Membership.objects.filter(user=officer).update(role=Role.OFFICER)  # bulk: not recorded
    membership = Membership.objects.get(user=officer)
    membership.role = Role.COORDINATOR
    membership.save()
    client.force_login(coordinator)
    response = client.get(changes_url(council))
    page = response.content.decode()
    assert f"Membership of {officer.get_full_name()}" in page
    assert "Officer → Coordinator" in page
    assert "Password changed" in page and "Staff status: No → Yes" in page
    officer.refresh_from_db()
    assert officer.password.split("$")[-1] not in page
    assert "pbkdf2" not in page and "argon2" not in page and "md5" not in page


def test_the_page_shows_only_this_councils_changes(client, coordinator, council, other_council):
    ActionFactory(plan=PlanFactory(council=other_council, title="Their plan"), title="Theirs")
    member(other_council, Role.OFFICER, username="their.officer")
    client.force_login(coordinator)
    page = client.get(changes_url(council)).content.decode()
    assert "Their plan" not in page and "their.officer" not in page


def test_changes_of_a_deleted_plan_stay_in_the_trail(client, coordinator, plan):
    ActionFactory(plan=plan, ref="9", written_ref="9 a)", title="Deleted with its plan")
    plan.delete()
    client.force_login(coordinator)
    entries = client.get(changes_url(plan.council)).context["page"].object_list
    seen = {(entry.what, entry.kind) for entry in entries}
    # the number as the council wrote it, never the key
    assert {
        ("Action 9 a) Deleted with its plan", "Deleted"),
        (f"Plan {plan.title}", "Deleted"),
    } <= seen


def make_changes(plan, coordinator, count):
    """`count` changes of every kind in turn: an action, a theme, a membership, a user."""
    for model in tracked_models():
        model.history.model.objects.all().delete()
    action = Action.objects.filter(plan=plan).first()
    theme = plan.themes.first()
    membership = Membership.objects.get(user__username="officer")
    for n in range(count):
        target = [action, theme, membership, coordinator][n % 4]
        if target is membership:
            target.role = [Role.VIEWER, Role.OFFICER][n // 4 % 2]
        elif target is coordinator:
            target.first_name = f"Name {n}"
        else:
            target.title = f"Title {n}"
        target._history_user = coordinator
        target.save()


def queries_for_page(client, council):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(changes_url(council))
    return len(queries), response.context["page"]


def test_the_page_runs_the_same_queries_however_long_the_history(
    client, coordinator, officer, plan
):
    ThemeFactory(plan=plan)
    ActionFactory(plan=plan)
    client.force_login(coordinator)
    make_changes(plan, coordinator, 10)
    few, page = queries_for_page(client, plan.council)
    assert len(page.object_list) == 10
    make_changes(plan, coordinator, 200)
    many, page = queries_for_page(client, plan.council)
    assert len(page.object_list) == 25 and page.paginator.count == 200
    assert few == many, (few, many)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.OFFICER])
def test_the_plan_and_home_pages_link_to_the_changes_for_coordinators_only(client, plan, role):
    client.force_login(member(plan.council, role, username=f"b.{role}"))
    plan_page = reverse("plan_detail", args=[plan.council.slug, plan.slug])
    for url in (plan_page, reverse("home")):
        linked = changes_url(plan.council) in client.get(url).content.decode()
        assert linked == (role == Role.COORDINATOR), url


def test_a_revised_target_shows_once_and_changes_no_one_made_are_the_systems(
    client, coordinator, action
):
    """One line per thing the person changed: the target date as written (not also the date read
    from it), and the original kept; a change made by a command is credited to System."""
    from actions.services import action_target_revise

    action_target_revise(action=action, text="June 2026")  # no one signed in
    client.force_login(coordinator)
    first = client.get(changes_url(action.plan.council)).context["page"].object_list[0]
    assert first.who == "System"
    names = [change.name for change in first.changes]
    assert names.count("Original target date") == 1 and "Target date (read)" not in names
    assert ("Target date", "June 2026") in [(c.name, c.after) for c in first.changes]
