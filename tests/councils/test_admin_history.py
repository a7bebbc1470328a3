"""Admin history pages: a coordinator reads their own councils' history and nothing else."""

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from actions.models import Action
from tests.factories import ActionFactory, PlanFactory, RecommendationFactory, ThemeFactory


def history_url(obj, history_id=None):
    meta = obj._meta
    if history_id is None:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    return reverse(
        f"admin:{meta.app_label}_{meta.model_name}_simple_history", args=[obj.pk, history_id]
    )


@pytest.fixture
def edited_action(action, coordinator):
    action.title = "A clearer title"
    action._history_user = coordinator
    action.save()
    return action


def test_a_coordinator_sees_who_changed_an_action_and_how(client, coordinator, edited_action):
    client.force_login(coordinator)
    page = client.get(history_url(edited_action)).content.decode()
    assert "A clearer title" in page
    assert "coordinator" in page


def test_a_coordinator_opens_a_past_version_but_cannot_save_it_back(
    client, coordinator, edited_action
):
    client.force_login(coordinator)
    first = edited_action.history.last()
    response = client.get(history_url(edited_action, first.history_id))
    assert response.status_code == 200
    assert "Revert" not in response.content.decode()
    response = client.post(history_url(edited_action, first.history_id), {"title": "Reverted"})
    assert response.status_code == 403
    assert Action.objects.get(pk=edited_action.pk).title == "A clearer title"


def test_another_councils_history_is_not_found(client, coordinator, other_council):
    theirs = ActionFactory(plan=PlanFactory(council=other_council))
    client.force_login(coordinator)
    assert client.get(history_url(theirs)).status_code == 404
    version = theirs.history.first().history_id
    assert client.get(history_url(theirs, version)).status_code == 404
    assert client.get(history_url(theirs.plan)).status_code == 404
    assert client.get(history_url(other_council)).status_code == 404


def test_a_history_id_of_another_object_is_not_found(client, coordinator, action, plan):
    client.force_login(coordinator)
    other = ActionFactory(plan=plan)
    assert client.get(history_url(action, other.history.first().history_id)).status_code == 404


def test_officers_have_no_admin_history(client, officer, action):
    client.force_login(officer)
    response = client.get(history_url(action))
    assert response.status_code == 302 and "login" in response.url


TRACKED_ADMINS = [
    model
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda i: i[0]._meta.label)
    if isinstance(model_admin, SimpleHistoryAdmin)
]


@pytest.mark.parametrize("model", TRACKED_ADMINS, ids=lambda m: m._meta.label)
def test_every_history_page_opens_for_a_site_administrator(admin_client, model, action, officer):
    ThemeFactory(plan=action.plan)
    RecommendationFactory(plan=action.plan)
    obj = model._default_manager.order_by("pk").last()
    assert admin_client.get(history_url(obj)).status_code == 200
    version = obj.history.first().history_id
    assert admin_client.get(history_url(obj, version)).status_code == 200
