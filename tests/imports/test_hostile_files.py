"""Bad and hostile files get a clear error, write nothing, and never a 500 or a hang."""

import time

import pytest

from actions.models import Action
from imports.importer import plan_import
from imports.spreadsheet_files import MAX_FILE_BYTES
from plans.models import ImprovementPlan


def attempt(council, data, name):
    started = time.monotonic()
    report = plan_import(
        council=council, plan_slug="new", plan_title="New plan", data=data, filename=name
    )
    assert time.monotonic() - started < 10
    assert not report.ok
    assert not ImprovementPlan.objects.filter(slug="new").exists()
    assert not Action.objects.exists()
    return [str(error) for error in report.errors]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_a_spreadsheet.xlsx", "is not a spreadsheet"),
        ("truncated.xlsx", "damaged or incomplete"),
        ("password_protected.xlsx", "protected with a password"),
        ("zip_bomb.xlsx", "zip bomb"),
        ("entity_bomb.xlsx", "entity declarations"),
        ("plan.odt.xlsx", "not an Excel workbook or a Word document"),
        ("too_many_rows.csv", "more than 20,000 rows"),
    ],
)
def test_a_hostile_file_is_refused_with_a_plain_message(council, spreadsheet, name, message):
    (error,) = attempt(council, spreadsheet(name), name)
    assert message in error


def test_a_file_over_the_size_limit_is_refused(council):
    (error,) = attempt(council, b"Action\n" + b"x" * MAX_FILE_BYTES, "huge.csv")
    assert "Files up to 10 MB" in error


def test_a_formula_cell_is_an_error_at_its_row_and_column(council, spreadsheet):
    (error,) = attempt(council, spreadsheet("formula.xlsx"), "formula.xlsx")
    assert error.startswith("Row 2, column D “Target date”: this cell holds a formula")


def test_a_control_character_is_an_error_at_its_row_and_column(council, spreadsheet):
    (error,) = attempt(council, spreadsheet("control_characters.csv"), "control_characters.csv")
    assert error.startswith("Row 2, column C “Action”: this cell contains a hidden control")


def test_one_bad_row_writes_nothing_and_every_error_is_listed(council, spreadsheet):
    errors = attempt(council, spreadsheet("one_bad_row.xlsx"), "one_bad_row.xlsx")
    assert errors == [
        "Row 4, column F “Update date”: “next week” is not a date we can read. "
        "Write it like 31/03/2025.",
        "Row 3, column E “Status”: “Purple” is not a status we know. Use Not started, "
        "On track, At risk, Off track or Complete (or Green, Amber, Red, Blue or Grey).",
    ]


def test_a_sheet_without_a_header_row_says_what_it_looked_for(council):
    (error,) = attempt(council, b"just some notes\nand more notes\n", "notes.csv")
    assert "could not find the header row" in error
