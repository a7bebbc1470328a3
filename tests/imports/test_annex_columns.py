"""An imported plan's annex prints the document's own columns, in its words and order."""

from plans.annex_layout import pack_layout

from .conftest import imported


def columns(plan):
    return plan.annex_layout["columns"]


def test_the_governance_plan_prints_its_own_headings(council, spreadsheet):
    report, plan = imported(council, spreadsheet("governance_plan.xlsx"), "governance_plan.xlsx")
    headings = [heading for _, heading in columns(plan)]
    assert headings[:4] == ["Governance Characteristic", "Action", "Owner", "Completion Date"]
    assert headings[4:] == ["Progress", "Status"]  # a progress annex's own additions
    assert "Narrative and Evidence Matrix (where appropriate)" not in headings  # not York's
    assert plan.annex_layout["recommendations_in_detail"] is False  # a column of their own
    assert any("prints this file's columns" in note for note in report.notes)


def test_the_peer_challenge_plan_prints_its_own_headings(council, spreadsheet):
    _, plan = imported(council, spreadsheet("peer_challenge_plan.xlsx"), "peer_challenge_plan.xlsx")
    headings = dict(columns(plan))
    assert headings["officer"] == "Lead Officer" and headings["deadline"] == "Target Date"
    assert "Accountable officer" not in headings.values()


def test_an_import_into_a_plan_that_exists_never_changes_its_layout(council, spreadsheet):
    from imports.importer import plan_import
    from tests.factories import PlanFactory

    plan = PlanFactory(council=council, slug="imported")
    chosen = pack_layout()  # the default, or a coordinator's: either stays as it is
    plan.annex_layout = chosen
    plan.save()
    report = plan_import(
        council=council,
        plan_slug="imported",
        data=spreadsheet("governance_plan.xlsx"),
        filename="governance_plan.xlsx",
    )
    assert report.ok
    plan.refresh_from_db()
    assert plan.annex_layout == chosen
    assert not any("prints this file's columns" in note for note in report.notes)
