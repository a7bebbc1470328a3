from pathlib import Path

import pytest

FILES = Path(__file__).parent / "files"


@pytest.fixture
def spreadsheet():
    """The bytes of a test spreadsheet in tests/imports/files."""
    return lambda name: (FILES / name).read_bytes()


def xlsx_bytes(rows) -> bytes:
    """A one-sheet workbook of these rows, as an upload's bytes."""
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    data = BytesIO()
    workbook.save(data)
    return data.getvalue()


def imported(council, data: bytes, filename: str):
    """Import a file as a new plan "imported" with no mapping; the report and the plan."""
    from imports.importer import plan_import
    from plans.models import ImprovementPlan

    report = plan_import(
        council=council,
        plan_slug="imported",
        plan_title="Imported plan",
        data=data,
        filename=filename,
    )
    assert report.ok, [str(error) for error in report.errors]
    return report, ImprovementPlan.objects.get(council=council, slug="imported")
