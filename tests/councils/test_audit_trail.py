"""What the audit trail records: who changed what, when, before → after."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actions.models import Action
from actions.services import progress_update_create
from councils.models import Membership, Role
from plans.status import Status
from tests.factories import RecommendationFactory, ThemeFactory, member

User = get_user_model()


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def action_form(action, **changes):
    fields = {
        "plan": action.plan_id,
        "theme": action.theme_id or "",
        "parent": action.parent_id or "",
        "ref": action.ref,
        "title": action.title,
        "detail": action.detail,
        "position": action.position,
        "recommendations": [r.pk for r in action.recommendations.all()],
        "recommendations_as_written": action.recommendations_as_written,
        "lead_officer": action.lead_officer,
        "owners": [u.pk for u in action.owners.all()],
        "target_text": action.target_text,
        "target_date": action.target_date or "",
        "target_ongoing": action.target_ongoing,
    }
    for prefix in ("children", "updates"):
        fields |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return fields | changes


def test_editing_an_action_in_admin_records_who_and_before_and_after_in_one_row(
    client, coordinator, action
):
    recommendation = RecommendationFactory(plan=action.plan, ref="R1")
    client.force_login(coordinator)
    before = action.history.count()
    response = client.post(
        change_url(action),
        action_form(action, title="A clearer title", recommendations=[recommendation.pk]),
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert action.history.count() == before + 1
    latest, previous = action.history.all()[:2]
    assert latest.history_user == coordinator
    assert latest.history_type == "~"
    diff = latest.diff_against(previous)
    changes = {change.field: (change.old, change.new) for change in diff.changes}
    assert changes["title"][1] == "A clearer title"
    linked = {"action": action.pk, "recommendation": recommendation.pk}
    assert changes["recommendations"] == ([], [linked])


def test_a_membership_role_change_is_recorded(client, superuser, council, officer):
    membership = Membership.objects.get(user=officer, council=council)
    client.force_login(superuser)
    response = client.post(
        change_url(membership),
        {"user": officer.pk, "council": council.pk, "role": Role.COORDINATOR},
    )
    assert response.status_code == 302
    latest = membership.history.first()
    assert latest.history_user == superuser
    assert latest.diff_against(latest.prev_record).changed_fields == ["role"]


def test_a_users_staff_access_change_is_recorded_without_the_password_hash(superuser, officer):
    officer.is_staff = True
    officer._history_user = superuser
    officer.save()
    latest = officer.history.first()
    assert latest.history_user == superuser
    assert latest.diff_against(latest.prev_record).changed_fields == ["is_staff"]
    assert not latest.password_changed
    assert not hasattr(latest, "password")


def test_a_password_change_is_recorded_as_changed_and_a_sign_in_records_nothing(client, officer):
    officer.set_password("another-good-password")
    officer.save()
    assert officer.history.first().password_changed
    before = officer.history.count()
    assert client.login(username="officer", password="another-good-password")
    assert officer.history.count() == before


def test_a_progress_update_is_not_recorded_as_a_change_to_its_action(officer, action):
    action.owners.add(officer)
    before = action.history.count()
    progress_update_create(action=action, author=officer, status=Status.ON_TRACK)
    assert Action.objects.get(pk=action.pk).status == Status.ON_TRACK
    assert action.history.count() == before


def test_linking_an_owner_from_the_users_side_is_recorded_against_the_action(officer, action):
    before = action.history.count()
    officer.owned_actions.add(action)
    assert action.history.count() == before + 1
    assert list(action.history.first().owners.values_list("user_id", flat=True)) == [officer.pk]


@pytest.mark.parametrize("model_name", ["theme", "recommendation"])
def test_themes_and_recommendations_are_recorded(plan, model_name):
    factory = {"theme": ThemeFactory, "recommendation": RecommendationFactory}[model_name]
    obj = factory(plan=plan)
    obj.title = "Renamed"
    obj.save()
    assert [row.history_type for row in obj.history.all()] == ["~", "+"]


def test_a_member_created_by_a_factory_has_history(council):
    user = member(council, Role.VIEWER, username="new.viewer")
    assert user.history.count() == 1


def test_saving_something_unchanged_records_nothing(action):
    before = action.history.count()
    action.save()
    Action.objects.get(pk=action.pk).save()
    assert action.history.count() == before
    action.title = "A new title"
    action.save()
    assert action.history.count() == before + 1


def test_loading_the_demo_again_records_no_changes(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    counts = (Action.history.count(), get_user_model().history.count(), Membership.history.count())
    call_command("load_demo", stdout=StringIO())
    assert (
        Action.history.count(),
        get_user_model().history.count(),
        Membership.history.count(),
    ) == counts
