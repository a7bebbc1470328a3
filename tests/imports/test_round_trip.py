"""Export → edit → import is a round trip; importing an unedited export changes nothing."""

import csv
import io

import pytest
from openpyxl import load_workbook

from actions.models import Action, ProgressUpdate
from core.formula_escaping import escape_formula, unescape_formula
from councils.models import Role
from demo.plans import load_demo
from imports.columns import TEMPLATE_COLUMNS
from imports.exporting import export_csv, export_xlsx
from imports.importer import plan_import
from plans.models import ImprovementPlan
from plans.status import Status
from tests.factories import ActionFactory, member


@pytest.fixture
def demo(db):
    load_demo()


def reimport(plan, data, filename, user=None, **options):
    return plan_import(
        council=plan.council,
        plan_slug=plan.slug,
        data=data,
        filename=filename,
        user=user,
        **options,
    )


def snapshot():
    return (
        list(Action.objects.order_by("pk").values()),
        list(Action.recommendations.through.objects.order_by("pk").values()),
        ProgressUpdate.objects.count(),
    )


@pytest.mark.parametrize("slug", ["york", "example-borough", "example-city"])
@pytest.mark.parametrize(
    ("export", "filename"), [(export_xlsx, "plan.xlsx"), (export_csv, "plan.csv")]
)
def test_an_unedited_export_imports_back_changing_nothing(demo, slug, export, filename):
    plan = ImprovementPlan.objects.get(council__slug=slug)
    before = snapshot()
    report = reimport(plan, export(plan), filename)
    assert report.ok, [str(e) for e in report.errors]
    assert report.counts["created"] == report.counts["updated"] == 0
    assert report.counts["unchanged"] == plan.actions.count()
    assert snapshot() == before


def test_the_export_is_the_template(demo):
    plan = ImprovementPlan.objects.get(council__slug="york")
    workbook = load_workbook(io.BytesIO(export_xlsx(plan)))
    assert workbook.sheetnames == ["Plan", "Instructions"]
    sheet = workbook["Plan"]
    assert [cell.value for cell in sheet[1]] == TEMPLATE_COLUMNS
    assert sheet.max_row == plan.actions.count() + 1
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"Complete,Underway,At risk,Not started"'  # York's own key
    assert str(validation.sqref).startswith("J2:J")


def test_the_empty_template_has_the_columns_instructions_and_status_drop_down():
    workbook = load_workbook(io.BytesIO(export_xlsx(None)))
    assert [cell.value for cell in workbook["Plan"][1]] == TEMPLATE_COLUMNS
    assert workbook["Plan"].data_validations.dataValidation
    assert "Only the Action column is required." in [
        row[0] for row in workbook["Instructions"].iter_rows(values_only=True)
    ]


def test_a_changed_status_becomes_a_new_progress_update_by_the_importer(demo):
    plan = ImprovementPlan.objects.get(council__slug="york")
    coordinator = member(plan.council, Role.COORDINATOR, username="importer")
    workbook = load_workbook(io.BytesIO(export_xlsx(plan)))
    sheet = workbook["Plan"]
    headings = [cell.value for cell in sheet[1]]
    row = next(
        r for r in sheet.iter_rows(min_row=2) if r[headings.index("Action ref")].value == "1.1.2"
    )
    row[headings.index("Status")].value = "Red"
    row[headings.index("Update")].value = "Restructure paused."
    output = io.BytesIO()
    workbook.save(output)
    action = plan.actions.get(ref="1.1.2")
    history = list(action.updates.values_list("pk", flat=True))

    report = reimport(plan, output.getvalue(), "plan.xlsx", user=coordinator)

    assert report.ok and report.counts["updated"] == 1 and report.counts["created"] == 0
    (changed,) = report.rows("updated")
    # York's key has no Off track: "Red" becomes its nearest, At risk
    assert changed.ref == "1.1.2" and "new progress update: At risk" in changed.details
    action.refresh_from_db()
    assert action.status == Status.AT_RISK
    latest = action.updates.first()
    assert latest.narrative == "Restructure paused." and latest.author == coordinator
    assert set(history) < set(action.updates.values_list("pk", flat=True))  # history kept
    assert action.parent.status == Status.AT_RISK  # the parent's roll-up follows


def test_reimporting_matches_actions_by_reference_and_never_duplicates(demo):
    plan = ImprovementPlan.objects.get(council__slug="example-city")
    rows = list(csv.reader(io.StringIO(export_csv(plan).decode("utf-8-sig"))))
    rows[1][TEMPLATE_COLUMNS.index("Action")] = "A retitled action"
    output = io.StringIO()
    csv.writer(output).writerows(rows)
    data = output.getvalue().encode("utf-8")
    count = plan.actions.count()
    report = reimport(plan, data, "plan.csv")
    assert report.ok and report.counts["updated"] == 1
    assert plan.actions.count() == count
    assert plan.actions.get(ref=rows[1][TEMPLATE_COLUMNS.index("Action ref")]).title == (
        "A retitled action"
    )


def test_a_preview_writes_nothing(demo):
    plan = ImprovementPlan.objects.get(council__slug="york")
    data = export_xlsx(plan)
    plan.actions.filter(ref__startswith="4.").delete()
    before = snapshot()
    report = reimport(plan, data, "plan.xlsx", dry_run=True)
    assert report.ok and report.counts["created"] > 0 and not report.written
    assert snapshot() == before


@pytest.mark.parametrize("text", ["=1+1", "+44 1904", "-5", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_exports_make_formula_like_cells_inert_and_imports_undo_it(plan, text):
    assert escape_formula(text) == "'" + text
    assert unescape_formula(escape_formula(text)) == text
    ActionFactory(plan=plan, ref="1", title=text)
    sheet = load_workbook(io.BytesIO(export_xlsx(plan)))["Plan"]
    cell = sheet.cell(row=2, column=TEMPLATE_COLUMNS.index("Action") + 1)
    assert cell.value.startswith("'") and cell.data_type == "s"  # text, never a formula
    exported = list(csv.reader(io.StringIO(export_csv(plan).decode("utf-8-sig"))))
    assert exported[1][TEMPLATE_COLUMNS.index("Action")] == "'" + text
    if text.strip() == text:  # a cell's leading tab or line break is trimmed on import
        report = reimport(plan, export_xlsx(plan), "plan.xlsx")
        assert report.ok and report.counts["updated"] == 0
