from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action
from actions.services import progress_updates_append
from plans.status import Status
from reports.selectors import plan_states
from tests.factories import ActionFactory, PlanFactory

from .conftest import JULY, NOVEMBER, SEPTEMBER, created_on, record


def by_ref(states):
    found = {}
    for state in states:
        found[state.ref] = state
        found.update(by_ref(state.children))
    return found


def test_each_action_shows_its_latest_update_on_or_before_the_date(plan, action):
    record(action, Status.ON_TRACK, JULY, narrative="Started")
    record(action, Status.AT_RISK, SEPTEMBER, narrative="Supplier delay")
    record(action, Status.COMPLETE, NOVEMBER, narrative="Done")

    (state,) = plan_states(plan, as_at=date(2024, 10, 15))

    assert state.status == Status.AT_RISK
    assert state.latest.narrative == "Supplier delay"
    assert state.latest.as_at == SEPTEMBER


def test_an_update_dated_the_as_at_day_counts(plan, action):
    record(action, Status.ON_TRACK, JULY)
    record(action, Status.COMPLETE, SEPTEMBER)
    (state,) = plan_states(plan, as_at=SEPTEMBER)
    assert state.status == Status.COMPLETE


def test_actions_added_after_the_date_are_left_out_so_reprints_match(plan, action):
    record(action, Status.ON_TRACK, JULY)
    later = ActionFactory(plan=plan, ref="9", title="Added in the autumn")
    created_on(later, date(2024, 10, 1))

    assert [s.ref for s in plan_states(plan, as_at=SEPTEMBER)] == [action.ref]
    assert [s.ref for s in plan_states(plan, as_at=NOVEMBER)] == [action.ref, "9"]


def test_actions_entered_with_the_plan_count_from_its_adoption_not_the_day_they_were_typed(
    plan,
):
    plan.adopted_on = date(2024, 7, 1)
    plan.save()
    first, second = (ActionFactory(plan=plan, ref=ref, title="Entered") for ref in ("1", "2"))
    later = ActionFactory(plan=plan, ref="3", title="Added once the plan was running")
    for action in (first, second):
        created_on(action, date(2024, 12, 2))  # the plan was entered in December
    created_on(later, date(2025, 2, 3))

    assert [s.ref for s in plan_states(plan, as_at=NOVEMBER)] == ["1", "2"]
    assert [s.ref for s in plan_states(plan, as_at=date(2024, 6, 30))] == []
    assert [s.ref for s in plan_states(plan, as_at=date(2025, 3, 1))] == ["1", "2", "3"]


def test_an_action_with_no_update_yet_has_no_status_given(plan, action):
    (state,) = plan_states(plan, as_at=date.today())
    assert state.status == Status.NONE  # never an invented "Not started"
    assert state.latest is None


def test_a_parent_rolls_up_its_sub_actions_as_they_stood_at_the_date(themed_plan):
    record(Action.objects.get(ref="1.1.1"), Status.COMPLETE, JULY)
    record(Action.objects.get(ref="1.1.2"), Status.ON_TRACK, JULY)
    record(Action.objects.get(ref="1.1.2"), Status.AT_RISK, NOVEMBER)

    states = by_ref(plan_states(themed_plan, as_at=SEPTEMBER))
    assert states["1.1"].status == Status.ON_TRACK
    assert [child.ref for child in states["1.1"].children] == ["1.1.1", "1.1.2"]
    assert by_ref(plan_states(themed_plan, as_at=NOVEMBER))["1.1"].status == Status.AT_RISK


def test_a_revised_deadline_shows_as_it_stood_at_the_date(plan, action):
    record(action, Status.ON_TRACK, JULY)
    record(
        action,
        Status.AT_RISK,
        SEPTEMBER,
        revised_target_text="June 2025",
        revision_reason="Supplier delay",
    )

    (before,) = plan_states(plan, as_at=JULY)
    (after,) = plan_states(plan, as_at=NOVEMBER)

    assert (before.target_text, before.original_target_text) == ("March 2025", "")
    assert (after.target_text, after.original_target_text) == ("June 2025", "March 2025")


def test_overdue_is_judged_at_the_date(plan):
    action = ActionFactory(plan=plan, ref="1", target_text="August 2024")
    record(action, Status.ON_TRACK, JULY)
    record(action, Status.COMPLETE, NOVEMBER)

    assert not plan_states(plan, as_at=date(2024, 8, 15))[0].overdue
    assert plan_states(plan, as_at=SEPTEMBER)[0].overdue
    assert not plan_states(plan, as_at=NOVEMBER)[0].overdue


def test_comparison_records_the_status_then_updates_and_revisions_since(plan):
    moved = ActionFactory(plan=plan, ref="1")
    quiet = ActionFactory(plan=plan, ref="2")
    new = ActionFactory(plan=plan, ref="3")
    created_on(new, date(2024, 10, 1))
    record(moved, Status.ON_TRACK, JULY)
    record(moved, Status.COMPLETE, NOVEMBER, revised_target_text="December 2024")
    record(quiet, Status.AT_RISK, JULY)
    record(new, Status.ON_TRACK, NOVEMBER)

    states = by_ref(plan_states(plan, as_at=NOVEMBER, since=SEPTEMBER))

    assert states["1"].status_then == Status.ON_TRACK
    assert states["1"].updated_since
    assert [r.revised_target_text for r in states["1"].revisions_since] == ["December 2024"]
    assert states["2"].status_then == Status.AT_RISK
    assert not states["2"].updated_since
    assert states["3"].status_then is None


def make_plan(size: int):
    plan = PlanFactory()
    for number in range(size):
        parent = ActionFactory(plan=plan, ref=f"{number}", position=number * 3)
        for sub in (1, 2):
            child = ActionFactory(
                plan=plan, parent=parent, ref=f"{number}.{sub}", position=number * 3 + sub
            )
            progress_updates_append(
                action=child,
                author=None,
                entries=[
                    {"status": Status.ON_TRACK, "as_at": JULY},
                    {"status": Status.COMPLETE, "as_at": SEPTEMBER, "narrative": "Done"},
                ],
            )
    return plan


def test_reading_a_plan_takes_the_same_queries_whatever_its_size(db):
    small, large = make_plan(2), make_plan(25)

    with CaptureQueriesContext(connection) as small_queries:
        plan_states(small, as_at=NOVEMBER, since=JULY)
    with CaptureQueriesContext(connection) as large_queries:
        states = plan_states(large, as_at=NOVEMBER, since=JULY)

    assert len(states) == 25
    # actions, recommendations, updates, their evidence files' names, agreed date requests
    assert len(large_queries) == len(small_queries) == 5
