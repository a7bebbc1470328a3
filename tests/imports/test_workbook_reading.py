"""Workbooks are read by python-calamine; formulas and entity bombs are found in their XML."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from imports.row_reading import CellProblem, cell_text
from imports.spreadsheet_files import read_sheets
from imports.workbook_parts import formula_cells, sheet_parts

from .conftest import FILES


def as_text(rows):
    return [(number, [cell_text(value) for value in values]) for number, values in rows]


@pytest.mark.parametrize(
    "name", ["york_plan.xlsx", "governance_plan.xlsx", "peer_challenge_plan.xlsx"]
)
def test_calamine_reads_the_seed_plans_as_openpyxl_does(name):
    workbook = load_workbook(FILES / name, read_only=True)
    expected = {}
    for sheet in workbook.worksheets:
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = list(values)
            while values and values[-1] in (None, ""):
                values.pop()
            if values:
                rows.append((number, [cell_text(value) for value in values]))
        expected[sheet.title] = rows
    read = {sheet.name: as_text(sheet.rows) for sheet in read_sheets((FILES / name).read_bytes())}
    assert read == expected


def workbook_with_formulas() -> bytes:
    workbook = Workbook()
    first = workbook.active
    first.title = "Plan"
    first.append(["Action", "Lead officer", "Target date"])
    first.append(["Balance the budget", "S151 Officer", "March 2025"])
    first["C3"] = "=TODAY()+30"
    second = workbook.create_sheet("Later")
    second["AB7"] = '=IF(A1<>"",1,0)'
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def test_every_formula_is_found_at_its_cell_on_every_sheet():
    data = workbook_with_formulas()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = sheet_parts(archive)
        assert formula_cells(archive, parts["Plan"]) == {(3, 2): "=TODAY()+30"}
        assert formula_cells(archive, parts["Later"]) == {(7, 27): '=IF(A1<>"",1,0)'}
    plan, later = read_sheets(data)
    assert plan.rows[-1] == (3, [None, None, "=TODAY()+30"])
    with pytest.raises(CellProblem, match="holds a formula"):
        cell_text(later.rows[0][1][27])


def test_a_shared_formula_with_no_text_of_its_own_is_found_too():
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="2"><c r="D2"><f t="shared" ref="D2:D3" si="0">B2*2</f><v>4</v></c></row>'
        '<row r="3"><c r="D3"><f t="shared" si="0"/><v>6</v></c></row>'
        "</sheetData></worksheet>"
    )
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    with zipfile.ZipFile(data) as archive:
        assert formula_cells(archive, "xl/worksheets/sheet1.xml") == {
            (2, 3): "=B2*2",
            (3, 3): "=",
        }
