"""Every xlsx the product writes opens tidily in Excel: a sheet named for what it holds, a frozen
header with an autofilter, sensible widths, wrapped text and real dates."""

from datetime import date
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from imports.exporting import export_xlsx
from plans.models import ImprovementPlan
from reports.options import ReportOptions
from reports.plan_report import plan_report_build
from reports.spreadsheet import report_workbook


@pytest.fixture
def york(db):
    call_command("load_demo", stdout=__import__("io").StringIO())
    return ImprovementPlan.objects.get(council__slug="york")


def check_table(sheet, title):
    assert sheet.title == title
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    widths = [dimension.width for dimension in sheet.column_dimensions.values()]
    assert widths and max(widths) <= 80


def test_the_action_list_download(client, york):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="york.coordinator"))
    response = client.get(reverse("action_list"), {"download": "xlsx", "plan": york.pk})
    sheet = load_workbook(BytesIO(response.content)).active
    check_table(sheet, "Actions")
    headings = [cell.value for cell in sheet[1]]
    column = headings.index("Last update as at")
    dated = [row[column].value for row in sheet.iter_rows(min_row=2) if row[column].value]
    assert dated and all(isinstance(value, date) for value in dated)


def test_the_report_and_the_plan_export(york):
    report = plan_report_build(plan=york, options=ReportOptions(as_at=date(2024, 11, 8)))
    check_table(load_workbook(BytesIO(report_workbook(report)))["Actions"], "Actions")
    check_table(load_workbook(BytesIO(export_xlsx(york)))["Plan"], "Plan")
