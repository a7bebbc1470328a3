from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from actions.models import Action
from demo.plans import load_demo
from plans.models import ImprovementPlan, PlanGrouping
from plans.status import Status
from reports.options import ReportOptions
from reports.plan_report import plan_report_build
from reports.spreadsheet import report_workbook
from tests.factories import ActionFactory, RecommendationFactory

from .conftest import JULY, NOVEMBER, SEPTEMBER, created_on, record


def build(plan, **options):
    return plan_report_build(plan=plan, options=ReportOptions(**{"as_at": NOVEMBER, **options}))


def counts(row):
    return {item.status: item.count for item in row.counts if item.count}


@pytest.fixture
def progressed(themed_plan):
    """1.1.1 complete in September; 1.1.2 at risk in November; 2.1 on track, then silent."""
    first, second, flat = (Action.objects.get(ref=ref) for ref in ("1.1.1", "1.1.2", "2.1"))
    record(first, Status.ON_TRACK, JULY)
    record(first, Status.COMPLETE, NOVEMBER)
    record(second, Status.ON_TRACK, JULY)
    record(second, Status.AT_RISK, NOVEMBER, revised_target_text="March 2025")
    record(flat, Status.ON_TRACK, JULY)
    return themed_plan


def test_counts_are_of_reported_actions_with_shares(progressed):
    report = build(progressed)
    assert report.totals.total == 3
    assert counts(report.totals) == {Status.COMPLETE: 1, Status.AT_RISK: 1, Status.ON_TRACK: 1}
    assert [item.percent for item in report.totals.counts if item.count] == [33, 33, 33]


def test_counts_by_theme_and_by_recommendation(progressed):
    report = build(progressed)
    assert [(row.name, row.total) for row in report.by_theme] == [
        ("1. Strengthen strategic leadership", 2),
        ("2. Build a strong foundation", 1),
    ]
    assert [(row.name, row.detail, row.total) for row in report.by_recommendation] == [
        ("R1", "Leadership", 2),
        ("R2", "Performance", 2),
    ]


def test_the_status_key_uses_the_councils_words(progressed):
    progressed.status_labels = {"on_track": "Underway"}
    report = build(progressed)
    assert (Status.ON_TRACK, "Underway") in report.key
    assert report.totals.counts[1].label == "Underway"


def test_overdue_lists_open_actions_past_their_deadline(progressed):
    assert [state.ref for state in build(progressed).overdue] == ["2.1"]


def test_changes_since_an_earlier_date(progressed):
    added = ActionFactory(plan=progressed, ref="2.2", title="A new action", position=9)
    created_on(added, date(2024, 10, 20))

    changes = build(progressed, since=SEPTEMBER).changes

    assert [s.ref for s in changes.completed] == ["1.1.1"]
    assert [(s.ref, s.status_then, s.status) for s in changes.moved] == [
        ("1.1.2", Status.ON_TRACK, Status.AT_RISK)
    ]
    assert [s.ref for s in changes.new] == ["2.2"]
    assert [(s.ref, s.target_text_then, s.target_text) for s in changes.revised] == [
        ("1.1.2", "November 2024", "March 2025")
    ]
    assert [s.ref for s in changes.silent] == ["2.1"]


def test_the_plan_is_grouped_by_theme_with_sub_actions_under_their_action(progressed):
    groups = build(progressed).groups
    assert [group.heading for group in groups] == [
        "1. Strengthen strategic leadership",
        "2. Build a strong foundation",
    ]
    rows = groups[0].rows
    assert [(row.parent.ref, row.state.ref, row.first_under_parent) for row in rows] == [
        ("1.1", "1.1.1", True),
        ("1.1", "1.1.2", False),
    ]


def test_a_plan_grouped_by_recommendation_lists_actions_under_their_first(plan):
    plan.grouping = PlanGrouping.RECOMMENDATION
    first = RecommendationFactory(plan=plan, ref="1", title="Report preparation", position=1)
    second = RecommendationFactory(plan=plan, ref="2", title="Member training", position=2)
    ActionFactory(plan=plan, ref="1.1", position=1).recommendations.set([first])
    ActionFactory(plan=plan, ref="2.1", position=2).recommendations.set([second, first])
    ActionFactory(plan=plan, ref="9", position=3)

    groups = build(plan, as_at=date.today()).groups

    assert [(g.heading, [s.ref for s in g.states]) for g in groups] == [
        ("Recommendation 1: Report preparation", ["1.1", "2.1"]),
        ("Other actions", ["9"]),
    ]


def test_a_flat_plan_is_one_list(plan):
    plan.grouping = PlanGrouping.NONE
    ActionFactory(plan=plan, ref="1")
    ActionFactory(plan=plan, ref="2")
    (group,) = build(plan, as_at=date.today()).groups
    assert group.heading == ""
    assert [s.ref for s in group.states] == ["1", "2"]


def test_completed_actions_can_be_left_out_of_the_listing_but_still_count(progressed):
    report = build(progressed, include_completed=False)
    listed = [s.ref for g in report.groups for s in g.states]
    assert listed == ["1.1.2", "2.1"]
    assert report.totals.total == 3


def test_one_status_only(progressed):
    report = build(progressed, status=Status.AT_RISK)
    assert [s.ref for g in report.groups for s in g.states] == ["1.1.2"]


def test_one_theme_narrows_the_whole_report(progressed):
    theme = progressed.themes.get(number="2")
    report = build(progressed, theme_id=theme.pk)
    assert report.totals.total == 1
    assert [row.name for row in report.by_theme] == ["2. Build a strong foundation"]
    assert [s.ref for g in report.groups for s in g.states] == ["2.1"]


def test_the_comparison_date_must_come_before_the_as_at_date(progressed):
    with pytest.raises(ValueError):
        build(progressed, since=NOVEMBER)


def test_each_demo_plan_as_at_a_date_before_it_was_entered_counts_its_actions(db):
    """The LGA plan was adopted on 1 October 2024 and entered later: as at 8 November 2024 its
    annex counts its 19 actions, not "0 of 0"."""
    load_demo()
    totals = {
        plan.slug: plan_report_build(plan=plan, options=ReportOptions(as_at=NOVEMBER)).totals.total
        for plan in ImprovementPlan.objects.exclude(adopted_on=None)
    }
    assert totals == {"corporate-improvement-plan": 60, "lga-peer-challenge-action-plan": 19}


def test_references_outside_the_plans_table_name_one_action_each(db):
    """York numbers its actions "1." again in each objective and its sub-actions "1." again in
    each action: standing alone, each is qualified by its objective and action."""
    load_demo()
    york = ImprovementPlan.objects.get(council__slug="york")
    report = plan_report_build(plan=york, options=ReportOptions(as_at=date(2026, 12, 7)))
    leaves = [row.state for group in report.groups for row in group.rows]
    names = [state.named_alone for state in leaves]
    assert len(leaves) == 60 and len(set(names)) == 60
    assert names[0] == "Objective 1, 1.1."
    assert len({state.named_alone for state in report.overdue}) == len(report.overdue) > 1
    workbook = load_workbook(BytesIO(report_workbook(report)))
    sheet = workbook["Actions"]
    references = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(references) == 60 and len(set(references)) == 60

    # Where the council's numbers are unique already, they stand as written
    borough = ImprovementPlan.objects.get(council__slug="example-borough")
    report = plan_report_build(plan=borough, options=ReportOptions(as_at=date(2026, 12, 7)))
    states = [row.state for group in report.groups for row in group.rows]
    assert [state.named_alone for state in states] == [state.ref for state in states]
    assert states[0].named_alone == "Action 1"
