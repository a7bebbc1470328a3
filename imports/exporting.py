"""Write a plan as the canonical template, xlsx or CSV, every text cell made formula-safe.

The xlsx has the plan on its first sheet (so it imports again as it is), a drop-down of statuses
on the Status column, and an Instructions sheet. The same writer makes the empty template.
"""

import csv
import io
from datetime import date

from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.formula_escaping import escape_formula
from plans.models import ImprovementPlan
from plans.status import Status

from .columns import COLUMNS, TEMPLATE_COLUMNS
from .resources import ActionResource
from .spreadsheet_files import MAX_ROWS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv"
WIDTHS = {"Action": 60, "Detail": 40, "Recommendation": 40, "Update": 50, "Theme": 30}
INSTRUCTIONS = [
    "How to fill in this plan",
    "",
    "Keep the headings in row 1 of the Plan sheet as they are. One row is one action.",
    "Only the Action column is required.",
    "Theme: the theme or objective, numbered, e.g. “1. Strengthen strategic leadership”.",
    "Recommendation ref: the recommendations the action answers, e.g. “R1, R2”.",
    "Recommendation: the recommendation's words; leave blank to keep the one already recorded.",
    "Action ref: e.g. “1.2”. An action “1.2” is a sub-action of action “1”. Importing again "
    "updates the action with the same ref; it never makes a copy.",
    "Lead officer: as you write it, e.g. “Director of Finance”.",
    "Target date: as you write it: “31/03/2025”, “March 2025”, “Q4 2024/25”, “Ongoing”.",
    "Status: choose from the list (the plan's own status words), or leave it blank.",
    "Update: what has happened. A changed status or update becomes a new progress update; "
    "earlier updates are kept.",
    "Update date: the date the update is as at, e.g. 31/03/2025. Today if blank.",
    "",
    "Formulas are not imported: type values. Files up to 10 MB and "
    f"{MAX_ROWS:,} rows can be imported.",
]


def plan_dataset(plan: ImprovementPlan):
    """The plan's actions as a tablib Dataset in the template's columns."""
    resource = ActionResource(plan=plan)
    return resource.export(resource.get_queryset())


def export_xlsx(plan: ImprovementPlan | None) -> bytes:
    """The plan as an xlsx workbook; the empty template when `plan` is None."""
    rows = plan_dataset(plan).dict if plan is not None else []
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(TEMPLATE_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_value(row[column]) for column in TEMPLATE_COLUMNS])
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(column, 18)
        if column == COLUMNS["update_date"]:
            for cell in sheet[letter][1:]:
                cell.number_format = "DD/MM/YYYY"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _status_drop_down(sheet, plan)
    instructions = workbook.create_sheet("Instructions")
    for line in INSTRUCTIONS:
        instructions.append([line])
    instructions["A1"].font = Font(bold=True, size=14)
    instructions.column_dimensions["A"].width = 110
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def export_csv(plan: ImprovementPlan | None) -> bytes:
    """The plan as CSV the way Excel writes it: UTF-8 with a byte-order mark."""
    rows = plan_dataset(plan).dict if plan is not None else []
    output = io.StringIO(newline="")
    writer = csv.writer(output)
    writer.writerow(TEMPLATE_COLUMNS)
    for row in rows:
        writer.writerow([_csv_value(row[column]) for column in TEMPLATE_COLUMNS])
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def status_words(plan: ImprovementPlan | None) -> list[str]:
    """The statuses of the plan's key in its words and order (the template: the product's)."""
    if plan is None:
        return [status.label for status in Status if status != Status.NONE]
    return [plan.status_label(status) for status in plan.key_statuses()]


def _status_drop_down(sheet, plan) -> None:
    letter = get_column_letter(TEMPLATE_COLUMNS.index(COLUMNS["status"]) + 1)
    words = ",".join(word.replace(",", " ") for word in status_words(plan))
    validation = DataValidation(
        type="list",
        formula1=f'"{words}"',
        allow_blank=True,
        showErrorMessage=False,  # councils' own words ("Underway", "Amber") import too
        promptTitle="Status",
        prompt="Choose a status, or type your council's word for it.",
    )
    validation.showInputMessage = True
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{MAX_ROWS}")


def _xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return escape_formula(str(value))


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return escape_formula(str(value))


WRITERS = {"xlsx": (export_xlsx, XLSX_TYPE), "csv": (export_csv, CSV_TYPE)}


def export_filename(plan: ImprovementPlan, kind: str) -> str:
    return f"{slugify(plan.council.slug)}-{slugify(plan.slug)}.{kind}"
