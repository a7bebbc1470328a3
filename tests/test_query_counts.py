"""The busy pages run a fixed number of queries, however many actions a council has."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from plans.status import Status
from tests.factories import RecommendationFactory, ThemeFactory


def build_plan(plan, officer, size):
    """`size` actions in themes, a third of them sub-actions, each with two updates."""
    themes = [ThemeFactory(plan=plan, number=str(n)) for n in range(1, 4)]
    recs = [RecommendationFactory(plan=plan, ref=f"R{n}") for n in range(1, 4)]
    parents = Action.objects.bulk_create(
        Action(plan=plan, ref=f"{n}", title=f"Action {n}", theme=themes[n % 3], position=n)
        for n in range(size // 3)
    )
    children = Action.objects.bulk_create(
        Action(
            plan=plan,
            ref=f"{n}.1",
            title=f"Sub-action {n}",
            theme=themes[n % 3],
            parent=parents[n % len(parents)],
            position=size + n,
            target_text="March 2024",
            target_date=date(2024, 3, 31),
            status=Status.AT_RISK,
            status_as_at=date(2024, 9, 30),
        )
        for n in range(size - len(parents))
    )
    for action in children:
        action.recommendations.add(recs[action.pk % 3])
        action.owners.add(officer)
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=action, status=status, as_at=as_at, narrative="Progress")
        for action in children
        for status, as_at in (
            (Status.ON_TRACK, date(2024, 7, 31)),
            (Status.AT_RISK, date(2024, 9, 30)),
        )
    )


def queries_for(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


# The menu reads the person's memberships once (whether to offer Reports): one query a page.
PAGES = [
    ("action list", lambda plan: (reverse("action_list"), {}), 9),
    (
        "filtered action list",
        lambda plan: (
            reverse("action_list"),
            {"plan": plan.pk, "status": "at_risk", "q": "sub", "sort": "-status"},
        ),
        9,
    ),
    (
        "plan page",
        lambda plan: (reverse("plan_detail", args=[plan.council.slug, plan.slug]), {}),
        10,
    ),
    # and whether a council invites the person to join, a coordinator's open rounds and the
    # requests to move target dates waiting for them
    ("my actions", lambda plan: (reverse("home"), {}), 15),
]


@pytest.mark.parametrize(("name", "page", "ceiling"), PAGES, ids=[p[0] for p in PAGES])
def test_queries_do_not_grow_with_the_number_of_actions(
    client, coordinator, plan, other_council, name, page, ceiling
):
    from tests.factories import PlanFactory

    client.force_login(coordinator)
    build_plan(plan, coordinator, 10)
    url, params = page(plan)
    small = queries_for(client, url, params)
    big_plan = PlanFactory(council=plan.council)
    build_plan(big_plan, coordinator, 500)
    build_plan(PlanFactory(council=other_council), coordinator, 30)
    assert queries_for(client, url, params) == small
    assert small <= ceiling
