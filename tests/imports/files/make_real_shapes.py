"""Make the Word documents and workbooks for the shapes real plans take. Run from the repository
root:

    .venv/bin/python tests/imports/files/make_real_shapes.py ../shared/seeds

The text is the published plans' (shared/seeds, Open Government Licence), laid out the ways
councils lay plans out in Word and Excel: one small table per recommendation with "Recommendation
One" above it, actions bulleted in one cell with the dates bulleted in step, heading rows merged
across the table, a title block above and notes below, cells merged down, dates as Excel shows
them, several sheets. Where a shape needs a value the seed does not have (a per-line date, a
"Complete"), it is said beside it. The outputs are committed; the tests read those.
"""

import sys
from datetime import datetime
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from make_files import HERE, cell, join, york_rows
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

NUMBER_WORDS = ["One", "Two", "Three"]


def peer_challenge_tables(seeds: Path):
    """Seed 003 as one small table per recommendation, the actions bulleted in one cell."""
    rows = _peer_challenge_rows(seeds)[:3]
    document = docx.Document()
    document.add_paragraph("LGA PEER CHALLENGE – ACTION PLAN", style="Title")
    document.add_paragraph("October 2024")
    for word, (_, recommendation, actions, officer, target) in zip(NUMBER_WORDS, rows, strict=True):
        document.add_paragraph(f"Recommendation {word}", style="Heading 2")
        for paragraph in recommendation.split("\n"):
            document.add_paragraph(paragraph)
        table = document.add_table(rows=2, cols=3)
        table.style = "Table Grid"
        _fill(table.rows[0].cells, ["Action", "Lead Officer", "Target Date[i]"], bold=True)
        lines = actions.split("\n")
        if word == "One":
            # In step with the bullets: the first done, the last later (a coordinator's update;
            # the seed gives the one date for all four).
            dates = ["Complete", target, target, "March 2025"]
        else:
            dates = [target]
        _bullets(table.cell(1, 0), lines)
        table.cell(1, 1).text = officer
        if len(dates) > 1:
            _bullets(table.cell(1, 2), dates)
        else:
            _text(table.cell(1, 2), target)
        if word == "Three":
            note = table.add_row().cells
            merged = note[0].merge(note[2])
            merged.text = "Notes on completion: Complete means signed off by the Executive."
        document.add_paragraph()
    document.add_paragraph("[i] Target dates as agreed with the Peer Challenge team.")
    document.save(HERE / "peer_challenge_tables.docx")


def york_annex_docx(seeds: Path):
    """Seed 002's Annex 2 as the pack's Word table: a title block table above, objectives as
    shaded rows merged across, each action's cell merged down over its sub-actions."""
    rows = york_rows(seeds)
    document = docx.Document()
    block = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        block.rows,
        [
            (
                "Meeting:",
                "Executive Decision Making Session : Executive Leader, Policy, "
                "Strategy and Partnerships",
            ),
            ("Meeting date:", "20th November 2024"),
            ("Report of:", "Chief Officer HR and Support Services"),
        ],
        strict=True,
    ):
        _fill(row.cells, [label, value])
    document.add_paragraph("Annex 2 – Corporate Improvement Plan", style="Heading 1")
    header = next(row for row in rows if row and row[0] == "Action")
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    _fill(table.rows[0].cells, header, bold=True)
    _repeat_as_header(table.rows[0])
    action_start = None
    for row in rows[2:]:
        if not row or row == header:
            continue
        cells = table.add_row().cells
        if len(row) == 1:  # "Objective 1 Strengthen strategic leadership: …"
            merged = cells[0].merge(cells[4])
            _text(merged, row[0], bold=True)
            _shade(merged)
            action_start = None
            continue
        if row[0]:
            action_start = cells[0]
            _text(cells[0], row[0])
        elif action_start is not None:
            action_start = action_start.merge(cells[0])  # the action's cell reaches down
        for target, text in zip(cells[1:], row[1:], strict=True):
            _text(target, text)
    document.save(HERE / "york_annex.docx")


def governance_workbook(seeds: Path):
    """Seed 000 in Excel with its characteristics as heading rows merged across, under a heading
    over them all; dates as date cells formatted "mmmm yyyy"; "Completed" where an action is done
    (the seed's action 5 was due in December 2023); notes under the table; and sheets beside it."""
    lines = (seeds / "000_16cea392ac604b86.txt").read_text(encoding="utf-8").split("\n")
    actions = [
        [cell(c) for c in line.split("\t")]
        for line in lines
        if line.startswith("Action ") and "\t" in line
    ]
    workbook = Workbook()
    guide = workbook.active
    guide.title = "How to update"
    guide.append(["Update the RAG and commentary for your actions by the 5th of each month."])
    plan = workbook.create_sheet("Action plan")
    plan.append(["Governance Action Plan"])
    plan.append(["Topic:", "Annual Governance Statement 2022/23"])
    plan.append([])
    plan.append(["Action", "Action", "Owner", "Completion Date"])
    width = 4
    plan.append(["Governance characteristics (CIPFA/SOLACE)"])
    _merge_across(plan, width)
    characteristic = None
    for number, _, text, owner, completion in actions:
        heading = _characteristic(actions, number)
        if heading != characteristic:
            characteristic = heading
            plan.append([heading])
            _merge_across(plan, width)
        when = "Completed" if number == "Action 5" else _as_date(completion)
        plan.append([number, text, owner, when])
        if isinstance(when, datetime):
            plan.cell(plan.max_row, 4).number_format = "mmmm yyyy"
    plan.append([])
    plan.append(["Notes: owners report progress to the Audit and Governance Committee."])
    archive = workbook.create_sheet("2022 plan (closed)")
    archive.append(["Action", "Owner", "Completion Date"])
    archive.append(["Publish the Annual Governance Statement", "Director of Finance", "July 2023"])
    workbook.save(HERE / "governance_headings.xlsx")


def _characteristic(actions, number):
    """The seed's first characteristic of each action, as a heading row of its own."""
    text = next(row[1] for row in actions if row[0] == number)
    return text.split(" Roles and")[0] if number == "Action 1" else text


def _as_date(text: str):
    """ "April 2024" as the date cell Excel keeps for it; other text as written."""
    try:
        return datetime.strptime(text, "%B %Y")
    except ValueError:
        return text


def _merge_across(sheet, width: int) -> None:
    row = sheet.max_row
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.cell(row, 1).font = Font(bold=True)
    sheet.cell(row, 1).fill = PatternFill("solid", fgColor="D9E2F3")


def _peer_challenge_rows(seeds: Path) -> list[list[str]]:
    lines = (seeds / "003_92d1a37e39293310.txt").read_text(encoding="utf-8").split("\n")
    rows = []
    for line in lines:
        cells = [cell(c) for c in line.split("\t")]
        if len(cells) != 5 or cells[0] == "No.":
            continue
        if not cells[0] and rows:  # the page break split the row
            rows[-1] = [join(a, b) for a, b in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows


def _fill(cells, texts, bold=False):
    for target, text in zip(cells, texts, strict=True):
        _text(target, text, bold)


def _text(target, text: str, bold: bool = False) -> None:
    paragraphs = (text or "").split("\n")
    first = target.paragraphs[0]
    for index, line in enumerate(paragraphs):
        paragraph = first if index == 0 else target.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold


def _bullets(target, lines: list[str]) -> None:
    first = target.paragraphs[0]
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else target.add_paragraph()
        paragraph.style = "List Bullet"
        paragraph.add_run(line)


def _shade(target) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), "D9E2F3")
    target._tc.get_or_add_tcPr().append(shading)


def _repeat_as_header(row) -> None:
    header = OxmlElement("w:tblHeader")
    row._tr.get_or_add_trPr().append(header)


if __name__ == "__main__":
    seeds = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
    peer_challenge_tables(seeds)
    york_annex_docx(seeds)
    governance_workbook(seeds)
