"""Every admin page works for a site administrator; a coordinator sees only their council's rows."""

from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from councils.models import Council, Membership, Role
from plans.models import ImprovementPlan, Recommendation
from plans.status import Status

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())
    sign_in_records()
    queue_records()


def queue_records():
    """One row of the task queue, so its admin page (site administrators only) has a row."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"job_id": "00000000-0000-0000-0000-000000000000"}},
        task_path="reports.tasks.render_annex",
        backend_name="default",
        run_after=get_date_max(),
    )


def sign_in_records():
    """One row in each of django-axes' sign-in logs, so their admin pages have a row to open."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    seen = {"user_agent": "Firefox", "ip_address": "127.0.0.1", "username": "york.officer"}
    AccessLog.objects.create(**seen, http_accept="*/*", path_info="/accounts/sign-in/")
    AccessFailureLog.objects.create(**seen, http_accept="*/*", path_info="/accounts/sign-in/")
    AccessAttempt.objects.create(
        **seen, http_accept="*/*", path_info="/", get_data="", post_data="", failures_since_start=1
    )


@pytest.fixture
def york_coordinator(demo, client):
    client.force_login(get_user_model().objects.get(username="york.coordinator"))
    return client


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_every_admin_list_add_and_change_page_opens_for_a_site_administrator(
    demo, admin_client, model
):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "governance"}).status_code == 200
    if admin.site._registry[model].has_add_permission(_request_for(admin_client)):
        assert admin_client.get(admin_url(model, "add")).status_code == 200
    obj = model._default_manager.order_by("pk").last()
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def _request_for(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    return request


@pytest.mark.parametrize(
    "query",
    [
        {"status__exact": Status.AT_RISK},
        {"overdue": "yes"},
        {"overdue": "no"},
        {"plan__council__id__exact": "1"},
        {"o": "-7"},
    ],
)
def test_action_list_filters_open(demo, admin_client, query):
    response = admin_client.get(admin_url(Action, "changelist"), query)
    assert response.status_code == 200


def test_overdue_filter_lists_only_overdue_actions(demo, admin_client):
    response = admin_client.get(admin_url(Action, "changelist"), {"overdue": "yes"})
    listed = set(response.context["cl"].queryset)
    assert listed == set(Action.objects.overdue())
    assert listed  # the demo plans have overdue actions today


def test_coordinator_sees_only_their_councils_rows(york_coordinator):
    york = Council.objects.get(slug="york")
    for model, count in [
        (Action, Action.objects.for_council(york).count()),
        (ImprovementPlan, 1),
        (Council, 1),
        (Recommendation, 15),
        (ProgressUpdate, ProgressUpdate.objects.filter(action__plan__council=york).count()),
        (Membership, Membership.objects.filter(council=york).count()),
    ]:
        response = york_coordinator.get(admin_url(model, "changelist"))
        assert response.status_code == 200
        assert response.context["cl"].result_count == count, model


def test_coordinator_cannot_open_another_councils_action(york_coordinator):
    foreign = Action.objects.filter(plan__council__slug="example-city").first()
    response = york_coordinator.get(admin_url(Action, "change", foreign.pk))
    assert response.status_code == 404
    response = york_coordinator.post(admin_url(Action, "delete", foreign.pk), {"post": "yes"})
    assert Action.objects.filter(pk=foreign.pk).exists()


def test_coordinator_is_offered_only_their_councils_choices(york_coordinator):
    response = york_coordinator.get(admin_url(Action, "add"))
    plans = response.context["adminform"].form.fields["plan"].queryset
    assert {p.council.slug for p in plans} == {"york"}
    owners = response.context["adminform"].form.fields["owners"].queryset
    assert set(owners) == set(get_user_model().objects.filter(memberships__council__slug="york"))


def test_coordinator_cannot_post_another_councils_plan(york_coordinator):
    foreign_plan = ImprovementPlan.objects.get(council__slug="example-city")
    response = york_coordinator.post(
        admin_url(Action, "add"),
        {
            "plan": foreign_plan.pk,
            "ref": "99",
            "title": "Smuggled",
            "position": 0,
            "children-TOTAL_FORMS": 0,
            "children-INITIAL_FORMS": 0,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "plan" in response.context["adminform"].form.errors
    assert not Action.objects.filter(ref="99").exists()


def test_coordinator_autocomplete_offers_only_their_councils_recommendations(york_coordinator):
    response = york_coordinator.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "actions",
            "model_name": "action",
            "field_name": "recommendations",
            "term": "R",
        },
    )
    assert response.status_code == 200
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert ids
    assert ids <= set(
        Recommendation.objects.filter(plan__council__slug="york").values_list("pk", flat=True)
    )


def test_officers_and_viewers_have_no_admin(demo, client):
    officer = get_user_model().objects.get(username="york.officer")
    officer.is_staff = True  # even if staff were ticked by mistake
    officer.save()
    client.force_login(officer)
    assert client.get(admin_url(Action, "changelist")).status_code == 403


def test_editing_the_target_text_in_the_admin_reads_the_new_date(demo, admin_client):
    action = Action.objects.get(plan__council__slug="example-borough", ref="3")
    response = admin_client.get(admin_url(Action, "change", action.pk))
    form = response.context["adminform"].form
    data = {name: value for name, value in _form_data(form).items()}
    data.update(
        {
            "target_text": "Q3 2025/26",
            "children-TOTAL_FORMS": 0,
            "children-INITIAL_FORMS": 0,
            "updates-TOTAL_FORMS": action.updates.count(),
            "updates-INITIAL_FORMS": action.updates.count(),
        }
    )
    response = admin_client.post(admin_url(Action, "change", action.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    action.refresh_from_db()
    assert str(action.target_date) == "2025-12-31"


def _form_data(form):
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    return data


def test_progress_updates_added_in_the_admin_go_through_the_service(demo, admin_client):
    action = Action.objects.get(plan__council__slug="example-borough", ref="1")
    response = admin_client.post(
        admin_url(ProgressUpdate, "add"),
        {
            "action": action.pk,
            "status": Status.OFF_TRACK,
            "as_at": "2099-01-01",
            "narrative": "Stalled",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Status.OFF_TRACK
    latest = action.updates.first()
    assert latest.author_name == "Site Administrator"
    assert admin_client.get(admin_url(ProgressUpdate, "change", latest.pk)).status_code == 200
    assert not admin.site._registry[ProgressUpdate].has_change_permission(
        _request_for(admin_client)
    )


def test_membership_roles_are_the_three_roles():
    assert [r.value for r in Role] == ["viewer", "officer", "coordinator"]
