"""The report as an xlsx workbook: a Summary sheet and an Actions sheet."""

from io import BytesIO

from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.formula_escaping import escape_formula

from .plan_report import PlanReport

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTION_COLUMNS = [
    ("Reference", 18),
    ("Part of action", 18),
    ("Group", 28),
    ("Action", 50),
    ("Detail", 40),
    ("Recommendations answered", 16),
    ("Accountable officer", 24),
    ("Narrative", 60),
    ("Evidence", 40),
    ("Evidence links", 30),
    ("Update as at", 12),
    ("Deadline as written", 20),
    ("Original deadline", 20),
    ("Overdue", 9),
    ("Status", 14),
    ("Status at comparison date", 14),
    ("Confidence of delivering by the deadline", 14),
]


def report_workbook(report: PlanReport) -> bytes:
    workbook = Workbook()
    _summary_sheet(workbook.active, report)
    _actions_sheet(workbook.create_sheet("Actions"), report)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_filename(plan, options) -> str:
    return f"{plan.council.slug}-{slugify(plan.slug)}-as-at-{options.as_at:%Y-%m-%d}.xlsx"


def _append(sheet, values, *, bold=False):
    sheet.append([escape_formula(value) for value in values])
    if bold:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)


def _summary_sheet(sheet, report: PlanReport):
    sheet.title = "Summary"
    plan, options = report.plan, report.options
    _append(sheet, [plan.council.name], bold=True)
    _append(sheet, [plan.title], bold=True)
    _append(sheet, ["Progress as at", options.as_at])
    if options.since:
        _append(sheet, ["Compared with", options.since])
    if report.theme:
        _append(sheet, ["Theme", f"{report.theme.number}. {report.theme.title}"])
    _append(sheet, [])
    labels = [label for _, label in report.key]
    tables = [("Status", [report.totals])]
    if report.by_theme:
        tables.append(("By theme", report.by_theme))
    if report.by_recommendation:
        tables.append(("By recommendation", report.by_recommendation))
    for title, rows in tables:
        _append(sheet, [title, *labels, "Total"], bold=True)
        for row in rows:
            _append(sheet, [row.name, *(item.count for item in row.counts), row.total])
        _append(sheet, [])
    _append(sheet, ["Overdue actions", len(report.overdue)], bold=True)
    if report.changes:
        changes = report.changes
        _append(sheet, [f"Changes since {options.since:%d %B %Y}"], bold=True)
        for name, items in [
            ("Completed", changes.completed),
            ("Other status changes", changes.moved),
            ("New actions", changes.new),
            ("Deadlines revised", changes.revised),
            ("No update since", changes.silent),
        ]:
            _append(sheet, [name, len(items)])
    sheet.column_dimensions["A"].width = 60
    for column in range(2, len(labels) + 3):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    for row in sheet.iter_rows(min_row=3, max_row=4):
        for cell in row:
            cell.number_format = "d mmmm yyyy"


def _actions_sheet(sheet, report: PlanReport):
    plan = report.plan
    _append(sheet, [name for name, _ in ACTION_COLUMNS], bold=True)
    sheet.freeze_panes = "A2"
    for index, (_, width) in enumerate(ACTION_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for group in report.groups:
        for row in group.rows:
            state, action = row.state, row.state.action
            latest = state.latest
            _append(
                sheet,
                [
                    state.named_alone,
                    row.parent.named_alone if row.parent else "",
                    group.heading,
                    action.title,
                    action.detail,
                    ", ".join(r.ref for r in action.recommendations.all()),
                    action.lead_officer,
                    latest.narrative if latest else "",
                    latest.evidence if latest else "",
                    "\n".join(latest.links) if latest else "",
                    latest.as_at if latest else None,
                    state.target_text,
                    state.original_target_text,
                    "Overdue" if state.overdue else "",
                    plan.status_label(state.status),
                    plan.status_label(state.status_then) if state.status_then else "",
                    state.confidence.capitalize(),
                ],
            )
            sheet.cell(sheet.max_row, 11).number_format = "d mmm yyyy"
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.auto_filter.ref = sheet.dimensions
