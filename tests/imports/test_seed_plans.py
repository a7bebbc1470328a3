"""The three real plans, typed up in the shapes they came in, import completely."""

import pytest

from actions.models import Action
from imports.importer import plan_import
from plans.models import ImprovementPlan


def import_file(council, spreadsheet, name, **options):
    return plan_import(
        council=council,
        plan_slug="imported",
        plan_title="Imported plan",
        data=spreadsheet(name),
        filename=name,
        **options,
    )


def test_governance_plan_with_two_action_columns_and_repeated_headers_imports(council, spreadsheet):
    report = import_file(council, spreadsheet, "governance_plan.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert report.header_row == 3  # under the "Action Plan" title and a blank row
    assert report.counts == {"created": 11, "updated": 0, "unchanged": 0}
    plan = ImprovementPlan.objects.get(council=council, slug="imported")
    refs = list(plan.actions.values_list("ref", flat=True))
    assert refs == [str(n) for n in range(1, 12)]  # "Action 1" read as the reference "1"
    assert [a.shown_ref for a in plan.actions.order_by("position")][:2] == ["Action 1", "Action 2"]
    eleventh = plan.actions.get(ref="11")
    assert [r.ref for r in eleventh.recommendations.all()] == ["5", "7"]
    assert eleventh.target_text == "2024-2025"
    assert str(eleventh.target_date) == "2025-03-31"
    tenth = plan.actions.get(ref="10")
    assert tenth.lead_officer == "Director of Law and Governance and Director of Finance"
    assert tenth.target_ongoing
    assert plan.recommendations.get(ref="3").title == "Future planning and the approach to risk"
    # A characteristic worded differently from the one its number names is kept as written.
    assert plan.actions.get(ref="8").recommendations_as_written.startswith("3. Future planning,")


def test_peer_challenge_plan_with_many_actions_in_one_cell_imports(council, spreadsheet):
    report = import_file(council, spreadsheet, "peer_challenge_plan.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    plan = ImprovementPlan.objects.get(council=council, slug="imported")
    assert plan.recommendations.count() == 9
    first = plan.actions.filter(recommendations__ref="1").order_by("ref")
    assert [a.ref for a in first] == ["1.1", "1.2", "1.3", "1.4"]
    assert first[0].title.startswith("Explore issues in the report preparation process")
    digital = plan.recommendations.get(ref="2")
    assert digital.title == "Digitalisation"
    assert "There is a need for the council" in digital.text  # joined across the page break
    third = plan.actions.get(ref="3.1")
    assert third.target_text == "December 24 and ongoing in response to delivery need"
    assert not third.target_ongoing and str(third.target_date) == "2024-12-31"  # has a deadline
    assert plan.actions.count() == 16


def test_york_annex_with_objective_rows_and_sub_actions_imports(council, spreadsheet):
    report = import_file(council, spreadsheet, "york_plan.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    plan = ImprovementPlan.objects.get(council=council, slug="imported")
    assert [(t.number, t.title) for t in plan.themes.all()] == [
        ("1", "Strengthen strategic leadership"),
        ("2", "One City, one council"),
        ("3", "Harness the commitment to the city to deliver ambitions"),
        ("4", "Build a strong foundation"),
    ]
    assert plan.actions.count() == 76
    parent = plan.actions.get(ref="1.1")
    assert parent.title == "Refresh the Corporate management team"
    assert [c.ref for c in parent.children.order_by("position")] == ["1.1.1", "1.1.2", "1.1.3"]
    # numbered as the pack numbers them: "1." within the objective, "1." to "3." within it
    assert parent.shown_ref == "1."
    assert [c.shown_ref for c in parent.children.order_by("position")] == ["1.", "2.", "3."]
    child = plan.actions.get(ref="1.1.1")
    assert child.title.startswith("Create a working environment for senior leaders")
    assert "Recommendations" not in child.title
    assert {r.ref for r in child.recommendations.all()} == {"R1", "R2", "R3", "R4", "R5", "R7"}
    assert child.lead_officer == "Chief Officer HR"
    assert child.updates.get().narrative.startswith("New Corporate Management Team area")
    split = plan.actions.get(ref="3.2")  # its title ran over a page break in the pack
    assert split.title == "Establish and facilitate the City leaders annual events programme"
    assert str(plan.actions.get(ref="4.2.4").target_date) == "2025-02-28"


@pytest.mark.parametrize(
    "name", ["governance_plan.xlsx", "peer_challenge_plan.xlsx", "york_plan.xlsx"]
)
def test_importing_a_seed_plan_again_changes_nothing(council, spreadsheet, name):
    import_file(council, spreadsheet, name)
    before = list(Action.objects.values_list("pk", "ref", "title", "updated_at"))
    again = import_file(council, spreadsheet, name)
    assert again.ok
    assert again.counts["created"] == again.counts["updated"] == 0
    assert list(Action.objects.values_list("pk", "ref", "title", "updated_at")) == before
