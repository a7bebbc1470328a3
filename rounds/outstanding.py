"""The round's outstanding list as an xlsx: what a coordinator sends round or chases from."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from improvement_tracker.formula_escaping import escape_formula

from .selectors import RoundProgress, person_name

COLUMNS = [
    ("Reference", 12),
    ("Action", 60),
    ("Theme", 30),
    ("State in the round", 18),
    ("Owners", 30),
    ("Owners' email", 36),
    ("Lead officer (as written)", 30),
    ("Target date (as written)", 22),
    ("Coordinator's comment", 40),
]


def outstanding_workbook(progress: RoundProgress) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Outstanding updates"
    sheet.append([name for name, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    for item in progress.outstanding:
        action = item.action
        review = item.review
        sheet.append(
            [
                escape_formula(value)
                for value in (
                    action.shown_ref,
                    action.title,
                    f"{action.theme.number}. {action.theme.title}" if action.theme else "",
                    item.state_label,
                    "; ".join(person_name(owner) for owner in item.owners) or "No owner",
                    "; ".join(owner.email for owner in item.owners if owner.email),
                    action.lead_officer,
                    action.target_text,
                    review.comment if review else "",
                )
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
