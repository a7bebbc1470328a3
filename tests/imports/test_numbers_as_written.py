"""The importer keeps each action's number as the council wrote it, beside the key it matches
rows by, and never loses one a plan already has."""

from openpyxl import load_workbook

from imports.exporting import export_xlsx
from imports.importer import plan_import
from plans.models import ImprovementPlan

from .conftest import xlsx_bytes


def import_rows(council, rows, slug="numbered"):
    return plan_import(
        council=council,
        plan_slug=slug,
        data=xlsx_bytes(rows),
        filename="plan.xlsx",
        plan_title="Plan",
    )


def test_sub_action_labels_and_numbers_are_kept_as_written(council):
    report = import_rows(
        council,
        [
            ["No.", "Action", "Lead officer"],
            ["5.", "Strengthen governance", "Monitoring Officer"],
            ["", "a) Review the constitution", "Monitoring Officer"],
            ["", "b) Refresh the scheme of delegation", "Director of Law"],
            ["7", "Develop members", "Head of Democratic Services"],
        ],
    )
    assert report.ok, [str(error) for error in report.errors]
    plan = ImprovementPlan.objects.get(slug="numbered")
    written = dict(plan.actions.values_list("ref", "written_ref"))
    assert written == {"5": "5.", "5.a": "a)", "5.b": "b)", "7": ""}  # "7" is its own key
    assert [a.shown_ref for a in plan.actions.order_by("position")] == ["5.", "a)", "b)", "7"]


def test_the_export_carries_the_numbers_and_a_sheet_without_them_keeps_them(council):
    import_rows(
        council,
        [["Ref", "Action"], ["1.", "First"], ["", "a) First part"], ["2.", "Second"]],
    )
    plan = ImprovementPlan.objects.get(slug="numbered")
    sheet = load_workbook(__import__("io").BytesIO(export_xlsx(plan)))["Plan"]
    headings = [cell.value for cell in sheet[1]]
    column = headings.index("Number as written")
    assert [row[column].value for row in sheet.iter_rows(min_row=2)] == ["1.", "a)", "2."]

    # the council's own sheet again, without any numbers: nothing it had is lost
    report = import_rows(
        council, [["Ref", "Action"], ["1", "First"], ["1.a", "First part"], ["2", "Second"]]
    )
    assert report.ok and report.counts["updated"] == 0, [str(e) for e in report.errors]
    assert dict(plan.actions.values_list("ref", "written_ref")) == {
        "1": "1.",
        "1.a": "a)",
        "2": "2.",
    }


def test_a_column_of_numbers_without_a_heading_is_the_reference(council):
    """A plan that skips a number keeps its own numbering: nothing is renumbered."""
    report = import_rows(
        council,
        [
            ["", "Action", "Lead officer"],
            ["1", "Publish the plan", "Chief Executive"],
            ["2", "Brief members", "Head of Democratic Services"],
            ["4", "Review the constitution", "Monitoring Officer"],
        ],
        slug="unheaded",
    )
    assert report.ok, [str(error) for error in report.errors]
    plan = ImprovementPlan.objects.get(slug="unheaded")
    assert [a.shown_ref for a in plan.actions.order_by("position")] == ["1", "2", "4"]
    assert any("Column A has no heading" in note for note in report.notes)
