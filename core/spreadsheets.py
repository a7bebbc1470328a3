"""How every table the product writes to an xlsx looks in Excel: a sheet named for what it
holds, a bold frozen header row with an autofilter, sensible widths with wrapped text, and real
dates (never text). Cells are made inert first (`formula_escaping`)."""

from datetime import date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .formula_escaping import escape_formula

DATE_FORMAT = "d mmm yyyy"


def table_sheet(sheet, title: str, columns: list[tuple[str, int]], rows) -> None:
    """Fill `sheet` with a header of (heading, width) columns and the rows under it."""
    sheet.title = title[:31]  # Excel's limit
    sheet.append([heading for heading, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        sheet.append([escape_formula(value) for value in row])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def table_workbook(title: str, columns: list[tuple[str, int]], rows) -> bytes:
    workbook = Workbook()
    table_sheet(workbook.active, title, columns, rows)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
