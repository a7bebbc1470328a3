"""One "overdue": the read API, the annex's data and the action list find the same overdue actions
in one awkward plan, at a past date and today."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from actions.models import Action
from actions.services import action_target_revise, progress_update_create
from api.tokens import api_token_create
from plan_editor.services import action_close
from reports.selectors import plan_states
from tests.factories import ActionFactory

THEN = date(2024, 4, 30)


@pytest.fixture
def awkward(plan):
    """Actions named for what makes each awkward; all made long before the past date."""

    def action(ref, target, **fields):
        return ActionFactory(plan=plan, ref=ref, title=ref, target_text=target, **fields)

    def update(act, status, as_at, **fields):
        progress_update_create(action=act, author=None, status=status, as_at=as_at, **fields)

    closed_later = action("closed-later", "March 2024")
    update(closed_later, "on_track", date(2024, 3, 1))
    action_close(action=closed_later, reason="Merged into another", today=date(2024, 6, 1))

    revised = action("revised-by-update", "January 2024")
    update(
        revised,
        "at_risk",
        date(2024, 2, 1),
        revised_target_text="December 2024",
        revision_reason="Consultation extended",
    )
    action("ongoing", "Ongoing")
    complete = action("complete-in-time", "February 2024")
    update(complete, "complete", date(2024, 3, 1))
    completed_later = action("completed-later", "March 2024")
    update(completed_later, "complete", date(2024, 6, 1))
    action("ongoing-after-a-date", "June 2024 and ongoing")
    changed_on_plan = action("changed-on-plan", "January 2024")
    action_target_revise(action=changed_on_plan, text="September 2026", reason="Re-planned")

    parent = action("parent", "March 2024")
    done_child = action("parent-done-child", "March 2024", parent=parent)
    update(done_child, "complete", date(2024, 3, 10))
    late_child = action("parent-late-child", "March 2024", parent=parent)
    update(late_child, "on_track", date(2024, 3, 10))

    long_ago = timezone.make_aware(datetime(2023, 1, 1))
    Action.objects.filter(plan=plan).update(created_at=long_ago)
    return plan


def _api(client, plan, **query):
    token = api_token_create(council=plan.council, name="Overdue check")[1]
    answer = client.get(
        "/api/v1/actions/",
        {"plan": plan.pk, "overdue": "true", "page_size": 500, **query},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 200
    return {row["key"] for row in answer.json()["items"]}


def _annex(plan, on):
    def walk(states):
        for state in states:
            yield state
            yield from walk(state.children)

    return {state.action.ref for state in walk(plan_states(plan, as_at=on)) if state.overdue}


def _action_list(client, coordinator):
    client.force_login(coordinator)
    answer = client.get("/actions/", {"overdue": "yes"})
    assert answer.status_code == 200
    return {action.ref for action in answer.context["page"].object_list}


def test_the_api_and_the_annex_agree_at_a_past_date(client, awkward):
    expected = {"closed-later", "completed-later", "parent", "parent-late-child"}
    assert _annex(awkward, THEN) == expected
    assert _api(client, awkward, as_at=THEN.isoformat()) == expected


def test_the_api_the_annex_and_the_action_list_agree_today(client, awkward, coordinator):
    expected = {
        "revised-by-update",
        "ongoing-after-a-date",
        "changed-on-plan",
        "parent",
        "parent-late-child",
    }
    today = timezone.localdate()
    assert today > date(2026, 9, 30), "the plan's targets are set for a date after September 2026"
    assert _annex(awkward, today) == expected
    assert _api(client, awkward) == expected
    assert _api(client, awkward, as_at=today.isoformat()) == expected
    assert _action_list(client, coordinator) == expected
    assert {a.ref for a in Action.objects.filter(plan=awkward) if a.is_overdue()} == expected
