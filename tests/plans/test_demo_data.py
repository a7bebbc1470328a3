import json
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from actions.models import Action, ProgressUpdate
from actions.target_dates import parse_target_date
from councils.models import Council, Membership
from plans.models import ImprovementPlan, Recommendation, Theme
from plans.status import Status

FIXTURES = settings.BASE_DIR / "fixtures"


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Council,
            ImprovementPlan,
            Theme,
            Recommendation,
            Action,
            ProgressUpdate,
            Membership,
            get_user_model(),
        )
    }


def leaf_actions(actions):
    for action in actions:
        yield from leaf_actions(action["children"]) if action["children"] else [action]


def all_actions(actions):
    for action in actions:
        yield action
        yield from all_actions(action["children"])


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_loading_the_demo_twice_creates_nothing_twice(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = table_counts()
    call_command("load_demo", stdout=StringIO())
    assert table_counts() == first
    assert first["Council"] == 3
    assert "york.officer" in out.getvalue() and "york-officer-demo" in out.getvalue()


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("plan_*.json")), ids=lambda p: p.stem)
def test_every_action_of_each_seed_plan_is_loaded_as_written(demo, path):
    data = json.loads(path.read_text())
    plan = ImprovementPlan.objects.get(council__slug=data["council"]["slug"])
    written = list(all_actions(data["actions"]))
    assert plan.actions.count() == len(written)
    assert plan.themes.count() == len(data["themes"])
    assert plan.recommendations.count() == len(data["recommendations"])
    for entry in written:
        action = plan.actions.get(ref=entry["ref"])
        assert action.title == entry["title"]
        assert action.target_text == entry["target"]
        assert action.lead_officer == entry["lead_officer"]
        assert sorted(r.ref for r in action.recommendations.all()) == sorted(
            entry["recommendations"]
        )
    # Each leaf reports at the plan's three reporting dates, and ends at the last update's status.
    for entry in leaf_actions(data["actions"]):
        action = plan.actions.get(ref=entry["ref"])
        assert action.updates.count() == 3
        assert action.status == entry["updates"][-1]["status"]


def test_the_york_plan_holds_the_committee_packs_shape(demo):
    plan = ImprovementPlan.objects.get(council__slug="york")
    assert [t.title for t in plan.themes.all()][:2] == [
        "Strengthen strategic leadership",
        "One City, one council",
    ]
    assert plan.themes.count() == 4
    assert [r.ref for r in plan.recommendations.all()] == [f"R{n}" for n in range(1, 16)]
    cites_six = plan.actions.get(ref="1.1.1")
    assert [r.ref for r in cites_six.recommendations.order_by("position")] == [
        "R1", "R2", "R3", "R4", "R5", "R7",
    ]  # fmt: skip
    assert cites_six.parent.title == "Refresh the Corporate management team"
    assert plan.status_label(Status.ON_TRACK) == "Underway"
    # Reports show movement: statuses differ between the first and last reporting dates.
    moved = {a.pk for a in plan.actions.all() if len({u.status for u in a.updates.all()}) > 1}
    assert len(moved) > 20


def test_every_dated_deadline_in_the_seeds_is_read(demo):
    for action in Action.objects.exclude(target_text=""):
        parsed = parse_target_date(action.target_text)
        assert (action.target_date, action.target_ongoing) == (parsed.date, parsed.ongoing)
        assert (
            action.target_date is not None
            or parsed.ongoing
            or "progress" in action.target_text.lower()
        )


def test_demo_users_have_one_of_each_role_and_officers_own_their_actions(demo):
    officer = get_user_model().objects.get(username="york.officer")
    assert officer.check_password("york-officer-demo")
    owned = officer.owned_actions.all()
    assert owned.exists()
    assert all("Chief Officer HR" in a.lead_officer for a in owned)
    roles = set(Membership.objects.filter(council__slug="york").values_list("role", flat=True))
    assert roles == {"viewer", "officer", "coordinator"}
    assert get_user_model().objects.get(username="admin").is_superuser


def test_demo_loading_refuses_a_production_site(db, settings):
    from django.core.management.base import CommandError

    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="public passwords"):
        call_command("load_demo", stdout=StringIO())
    assert not Council.objects.exists()


def test_yorks_demo_round_asks_someone_about_every_action(demo):
    from actions.lead_officers import lead_officer_rows, nobody_to_ask
    from actions.models import Action
    from councils.models import Council
    from rounds.models import RoundState
    from rounds.selectors import round_progress

    york = Council.objects.get(slug="york")
    assert all(row.asked for row in lead_officer_rows(york))  # every title has its people
    assert not nobody_to_ask(Action.objects.filter(plan__council=york)).exists()
    (open_round,) = york.plans.get().rounds.filter(state=RoundState.OPEN)
    progress = round_progress(open_round)
    assert progress.covered and progress.nobody_to_ask == []
