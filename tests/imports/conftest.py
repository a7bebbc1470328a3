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
