"""What real plans do inside their cells and around their tables, one shape at a time."""

import io
import zipfile
from datetime import date

import docx
import pytest
from openpyxl import Workbook

from imports.importer import plan_read
from plans.models import ImprovementPlan
from plans.status import Status

from .conftest import imported, xlsx_bytes

HEADER = ["Ref", "Recommendation", "Action", "Lead officer", "Timescale"]


def stored(council, data, name="plan.xlsx"):
    report, plan = imported(council, data, name)
    return report, {action.ref: action for action in plan.actions.select_related("parent")}


def test_a_lead_in_line_over_bullets_is_an_action_with_sub_actions_each_with_its_date(council):
    _, actions = stored(
        council,
        xlsx_bytes(
            [
                HEADER,
                [
                    "4",
                    "Member development",
                    "Review the approach to member development:\n• Seek views from Groups\n"
                    "• Decide whether to pursue Charter Status",
                    "Monitoring Officer",
                    "• July 2025\n• March 2026",
                ],
            ]
        ),
    )
    assert actions["4"].title == "Review the approach to member development"
    assert actions["4"].target_text == ""
    assert [(a.ref, a.parent.ref, a.title, a.target_text) for a in list(actions.values())[1:]] == [
        ("4.1", "4", "Seek views from Groups", "July 2025"),
        ("4.2", "4", "Decide whether to pursue Charter Status", "March 2026"),
    ]
    assert actions["4.2"].lead_officer == "Monitoring Officer"  # one officer for every line


def test_lines_in_step_with_the_officer_cell_take_their_own_officer(council):
    _, actions = stored(
        council,
        xlsx_bytes(
            [
                HEADER,
                [
                    "1",
                    "Finance",
                    "Set the budget\nPublish the MTFS",
                    "S151 Officer\nHead of Finance",
                    "Complete\nSpring 2027",
                ],
            ]
        ),
    )
    assert [(a.ref, a.lead_officer, a.target_text, a.status) for a in actions.values()] == [
        ("1.1", "S151 Officer", "Complete", Status.COMPLETE),
        ("1.2", "Head of Finance", "Spring 2027", Status.NONE),
    ]
    assert actions["1.2"].target_date == date(2027, 5, 31)  # spring ends with May


def test_numbers_written_at_the_start_of_the_text_are_kept_and_taken_off_it(council):
    _, actions = stored(
        council,
        xlsx_bytes(
            [
                ["Recommendation", "Agreed action", "Officer", "Due"],
                ["R1: Strengthen scrutiny", "1.1 It is important that chairs are trained", "MO", "Q3 2025/26"],  # noqa: E501
                [None, "1.2 Publish a work programme", "MO", "2024/25"],
            ]
        ),
    )  # fmt: skip
    first = actions["1.1"]
    assert (first.shown_ref, first.title) == ("1.1", "It is important that chairs are trained")
    assert first.target_date == date(2025, 12, 31)
    assert actions["1.2"].target_date == date(2025, 3, 31)
    assert [(r.ref, r.text) for r in first.recommendations.all()] == [("R1", "Strengthen scrutiny")]
    assert [r.ref for r in actions["1.2"].recommendations.all()] == ["R1"]


def test_a_theme_merged_down_belongs_to_every_row_under_it(council):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Theme", "Action", "Lead officer"])
    sheet.append(["Leadership", "Refresh the management team", "Chief Executive"])
    sheet.append([None, "Co-design a leadership framework", "Chief Officer HR"])
    sheet.append(["Finance", "Balance the budget", None])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("C3:C4")  # one officer over two actions
    data = io.BytesIO()
    workbook.save(data)
    _, actions = stored(council, data.getvalue())
    assert [(a.theme.title, a.lead_officer) for a in actions.values()] == [
        ("Leadership", "Chief Executive"),
        ("Leadership", "Chief Officer HR"),
        ("Finance", "Chief Officer HR"),
    ]


def test_a_day_the_calendar_lacks_is_flagged_and_the_action_left_undated(council):
    report, actions = stored(
        council, xlsx_bytes([["Action", "Deadline"], ["Sell the depot", "31/04/2027"]])
    )
    assert actions["1"].target_text == "31/04/2027" and actions["1"].target_date is None
    assert (
        "Row 2: “31/04/2027” is not a day the calendar has, so this action has no deadline. "
        "Correct the date in the file, or on the action after importing."
    ) in report.notes


def test_a_response_column_is_the_action_of_an_auditors_tracker(council):
    _, actions = stored(
        council,
        xlsx_bytes(
            [
                ["No.", "Recommendation", "Management response", "Responsible officer", "By when"],
                ["1", "Review the risk register", "Agreed: quarterly review", "Head of Audit", "June 2025"],  # noqa: E501
            ]
        ),
    )  # fmt: skip
    assert actions["1"].title == "Agreed: quarterly review"
    assert actions["1"].target_date == date(2025, 6, 30)


def docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def rezipped(data: bytes, replace: dict) -> bytes:
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            target.writestr(name, replace.get(name, source.read(name)))
        for name in set(replace) - set(source.namelist()):
            target.writestr(name, replace[name])
    return output.getvalue()


def a_plan_table(document):
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(
        table._cells, ["Action", "Lead officer", "Do a thing", "CX"], strict=True
    ):
        cell.text = text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"word/media/padding.bin": b"\0" * (200 * 1024 * 1024)}, "zip bomb"),
        (
            {"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d/>'},
            "entity declarations",
        ),
        ({"word/document.xml": b"<not-word"}, "Word document is damaged"),
    ],
)
def test_a_hostile_word_document_is_refused_with_a_plain_message(council, change, message):
    data = rezipped(docx_bytes(a_plan_table), change)
    report = plan_read(council=council, data=data, filename="plan.docx").report
    assert message in str(report.errors[0])
    assert not ImprovementPlan.objects.filter(slug="imported").exists()


def test_a_word_document_without_a_table_says_so(council):
    data = docx_bytes(lambda document: document.add_paragraph("Our plan is below."))
    report = plan_read(council=council, data=data, filename="plan.docx").report
    assert "This Word document has no table." in str(report.errors[0])


def test_a_word_document_is_read_from_its_plan_table_past_its_other_tables(council):
    def build(document):
        contents = document.add_table(rows=1, cols=2)
        contents.cell(0, 0).text, contents.cell(0, 1).text = "Report author", "Jane Smith"
        document.add_paragraph("Annex 1")
        a_plan_table(document)

    _, actions = stored(council, docx_bytes(build), "plan.docx")
    assert [(a.title, a.lead_officer) for a in actions.values()] == [("Do a thing", "CX")]


def test_beside_an_action_column_a_response_column_is_the_actions_detail(council):
    report, actions = stored(
        council,
        xlsx_bytes(
            [
                ["Ref", "Finding", "Management response", "Agreed action", "Officer", "Due"],
                ["1", "Risks are not reviewed", "Accepted in full.", "Review quarterly", "CFO", "Q1 2025/26"],  # noqa: E501
            ]
        ),
    )  # fmt: skip
    assert (actions["1"].title, actions["1"].detail) == ("Review quarterly", "Accepted in full.")
    assert "Column C “Management response” was read as each action's detail" in report.notes[0]


def test_a_word_row_of_one_bold_cell_is_a_heading_and_of_one_plain_cell_an_action(council):
    def build(document):
        table = document.add_table(rows=4, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Action", "Lead officer"
        table.cell(1, 0).paragraphs[0].add_run("Governance").bold = True
        table.cell(2, 0).text, table.cell(2, 1).text = "Refresh the constitution", "MO"
        table.cell(3, 0).text = "Train the chairs of scrutiny"

    _, actions = stored(council, docx_bytes(build), "plan.docx")
    assert [(a.title, a.theme.title) for a in actions.values()] == [
        ("Refresh the constitution", "Governance"),
        ("Train the chairs of scrutiny", "Governance"),
    ]


def test_a_word_table_broken_across_a_page_is_joined_but_a_table_of_its_own_is_not(council):
    def build(document):
        a_plan_table(document)  # Action | Lead officer, then "Do a thing" | "CX"
        carried_on = document.add_table(rows=1, cols=2)
        carried_on.cell(0, 0).text, carried_on.cell(0, 1).text = "Do another thing", "S151"
        document.add_paragraph("Risks")
        risks = document.add_table(rows=2, cols=2)
        risks.cell(0, 0).text, risks.cell(0, 1).text = "Risk", "Owner"
        risks.cell(1, 0).text, risks.cell(1, 1).text = "Budget overspend", "S151"

    report, actions = stored(council, docx_bytes(build), "plan.docx")
    assert [(a.title, a.lead_officer) for a in actions.values()] == [
        ("Do a thing", "CX"),
        ("Do another thing", "S151"),
    ]
    assert "Table 3 of the document does not look like part of the plan" in report.notes[1]


def test_a_sheet_the_workbook_lacks_is_named_with_the_sheets_it_has(council):
    data = xlsx_bytes([["Action", "Lead officer"], ["Balance the budget", "S151"]])
    report = plan_read(council=council, data=data, filename="plan.xlsx", sheet="Annex 2").report
    assert [str(error) for error in report.errors] == [
        "File: This workbook has no sheet called “Annex 2”. Its sheets are: “Sheet”."
    ]
