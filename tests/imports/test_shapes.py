"""Shapes none of the seeds has: headings in other words, dated update columns, CSV encodings."""

from datetime import date

import pytest

from imports.headings import heading_date, recognise
from imports.importer import plan_import
from plans.models import ImprovementPlan
from plans.status import Status


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Owner", "lead_officer"),
        ("Lead Officer", "lead_officer"),
        ("ACCOUNTABLE OFFICER", "lead_officer"),
        ("Responsible officer:", "lead_officer"),
        ("Completion Date", "target_date"),
        ("Target date", "target_date"),
        ("Deadline", "target_date"),
        ("Due", "target_date"),
        ("No.", "action_ref"),
        ("Ref", "action_ref"),
        ("Actions", "action"),
        ("Action Required", "action"),
        ("Governance Characteristic", "recommendation"),
        ("Recommendation", "recommendation"),
        ("Update – May 2024", "update"),
        ("Update date", "update_date"),
        ("RAG", "status"),
        ("Status", "status"),
        ("Progress", "status"),
        ("Who/When", "officer_and_date"),
    ],
)
def test_headings_are_recognised_whatever_their_case_and_punctuation(heading, field):
    assert recognise(heading) == field


def test_an_update_heading_gives_the_date_its_updates_are_as_at():
    assert heading_date("Update – May 2024") == date(2024, 5, 31)


def test_unseen_shape_imports_with_a_mapped_column_and_sub_actions(council, spreadsheet):
    report = plan_import(
        council=council,
        plan_slug="best-value",
        plan_title="Best Value plan",
        data=spreadsheet("unseen_shape.xlsx"),
        filename="unseen_shape.xlsx",
        mapping={"Who": "lead_officer"},
    )
    assert report.ok, [str(e) for e in report.errors]
    plan = ImprovementPlan.objects.get(slug="best-value")
    assert list(plan.actions.values_list("ref", flat=True)) == ["1", "1.a", "1.b", "2", "3"]
    first, budget = plan.actions.get(ref="1"), plan.actions.get(ref="1.a")
    assert budget.parent == first
    assert budget.title == "Set up monthly budget monitoring"
    assert [r.ref for r in budget.recommendations.all()] == ["1"]  # continued from the row above
    assert first.target_text == "31/03/2024"  # a real Excel date, written the UK way
    assert budget.status == Status.AT_RISK
    update = first.updates.get()
    assert update.as_at == date(2024, 5, 31)  # from the heading "Update – May 2024"
    assert update.narrative == "Adopted by Council in February."
    assert plan.actions.get(ref="3").recommendations.get().ref == "2"  # same words, same one


def test_an_unmapped_unrecognised_heading_is_ignored(council, spreadsheet):
    report = plan_import(
        council=council,
        plan_slug="best-value",
        plan_title="Best Value plan",
        data=spreadsheet("unseen_shape.xlsx"),
        filename="unseen_shape.xlsx",
    )
    assert report.ok
    assert [c.heading for c in report.columns if c.field is None] == ["Who"]
    assert not ImprovementPlan.objects.get(slug="best-value").actions.exclude(lead_officer="")


@pytest.mark.parametrize("name", ["excel_utf8_bom.csv", "excel_windows_1252.csv"])
def test_csv_as_excel_writes_it_imports(council, spreadsheet, name):
    report = plan_import(
        council=council,
        plan_slug="money",
        plan_title="Money",
        data=spreadsheet(name),
        filename=name,
    )
    assert report.ok, [str(e) for e in report.errors]
    plan = ImprovementPlan.objects.get(slug="money")
    assert plan.actions.get(ref="2").title == "Review fees, charges and café leases"
    assert plan.actions.get(ref="1").lead_officer == "Director of Finance – S151"
    assert plan.themes.get().title == "Money"
