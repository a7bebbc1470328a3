"""Read the plan's table (or tables) from a Word document (.docx) as rows of cells.

Most plans are written in Word as a table in a committee report. python-docx reads the document;
before it does, the same bounds as for a workbook are checked (size, zip bomb, entities). What
comes out is a Sheet like a spreadsheet's, so the rest of the importer reads it the same way:
- Each paragraph of a cell is a line of its text; a list item starts "• ", so that bullets and
  numbered lists read as the lines they are.
- A cell merged across columns stands in its first column; a cell merged down stands in its top
  row; both are kept as merges. A row of one cell, shaded or all in bold, is kept as emphasised:
  a heading, even in the actions' column.
- The paragraphs between the plan's tables are rows of one cell too, marked as text (`text_rows`):
  they are headings or notes, never actions.
- The plan's table is the first whose header row is found. The tables after it that repeat its
  header (one table per recommendation), or follow it straight on with its width and no header (a
  table split in two), carry it on, with the paragraphs between them ("Recommendation One" and
  its text) as rows of one cell.
"""

import io
import logging
import zipfile

import docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .spreadsheet_files import MAX_ROWS, Sheet, UnreadableFile, check_zip
from .workbook_parts import declares_entities

logger = logging.getLogger(__name__)

PARAGRAPHS_BEFORE_FIRST_TABLE = 8  # enough for a title block or a "Recommendation One" above


def read_word(data: bytes) -> list[Sheet]:
    """One sheet per table, each with the paragraphs just above it as rows of one cell."""
    check_zip(data, word=True)
    if declares_entities(zipfile.ZipFile(io.BytesIO(data))):
        raise UnreadableFile(
            "This document contains XML entity declarations, which can make it expand to an "
            "enormous size, so it was not opened. Save the plan again from Word."
        )
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
    except Exception:  # a broken document raises many kinds; none may be a 500
        logger.info("Unreadable Word document", exc_info=True)
        raise UnreadableFile(
            "This Word document is damaged or incomplete, so it could not be read. Open it in "
            "Word, save it again and try again."
        ) from None
    # The list styles' ids, found once: asking each paragraph for its style is slow.
    list_styles = {
        style.style_id for style in document.styles if (style.name or "").lower().startswith("list")
    }
    sheets, above = [], []
    for block in blocks:
        if isinstance(block, Paragraph):
            if text := _paragraph_text(block, list_styles):
                above.append(text)
            continue
        sheets.append(_table_sheet(block, len(sheets) + 1, above, list_styles))
        above = []
    if not sheets:
        raise UnreadableFile(
            "This Word document has no table. Import the document whose table holds the plan, "
            "with a column for the actions."
        )
    return sheets


def joined_tables(sheets: list[Sheet], first: int, same_header, has_header) -> Sheet:
    """The plan's table (`sheets[first]`) with the tables after it that carry it on, as one sheet:
    rows numbered down the document from 1. `same_header(values)` says whether a row repeats the
    plan's header; `has_header(rows)` whether a table has a header row of its own (then, unless it
    repeats the plan's, it is another table, not the plan broken across a page)."""
    width = _width(sheets[first])
    joined = Sheet(sheets[first].name, from_word=True)
    used = [first]
    for index in range(first, len(sheets)):
        sheet = sheets[index]
        if index > first:
            header_repeated = bool(sheet.rows) and same_header(sheet.rows[0][1])
            # straight after the table above, no text between, its width and no header
            broken_off = not sheet.above and _width(sheet) == width and not has_header(sheet.rows)
            if not (header_repeated or broken_off):
                break
            used.append(index)
        _append_rows(joined, sheet, before=index > first or not joined.rows)
    last = used[-1] + 1
    joined.name = f"Table {first + 1}" if len(used) == 1 else f"Tables {first + 1} to {last}"
    skipped = [str(number) for number in range(1, len(sheets) + 1) if number - 1 not in used]
    rows_counted = "Rows are counted down the document from the first line read above the table" + (
        ", the lines between its tables included." if len(used) > 1 else "."
    )
    joined.notes.append(
        f"The plan was read from {joined.name.lower()} of the Word document. {rows_counted}"
    )
    if len(skipped) == 1:
        joined.notes.append(
            f"Table {skipped[0]} of the document does not look like part of the plan, so it was "
            "not read."
        )
    elif skipped:
        joined.notes.append(
            f"Tables {', '.join(skipped)} of the document do not look like part of the plan, so "
            "they were not read."
        )
    return joined


def _append_rows(joined: Sheet, sheet: Sheet, before: bool) -> None:
    """The table's rows (and the lines above it) after the joined sheet's: its row r becomes
    row base + r, empty rows keeping their numbers so that merges still line up."""
    number = joined.rows[-1][0] if joined.rows else 0
    for text in sheet.above if before else []:
        number += 1
        _add(joined, number, [text])
        joined.text_rows.add(number)
    for row, values in sheet.rows:
        _add(joined, number + row, values)
    joined.merges += [
        (first_row + number, last_row + number, first_column, last_column)
        for first_row, last_row, first_column, last_column in sheet.merges
    ]
    joined.emphasised |= {row + number for row in sheet.emphasised}


def _add(sheet: Sheet, number: int, values: list) -> None:
    if len(sheet.rows) >= MAX_ROWS:
        raise UnreadableFile(
            f"The document's tables have more than {MAX_ROWS:,} rows. Import a plan of at most "
            f"{MAX_ROWS:,} rows at a time."
        )
    sheet.rows.append((number, values))


def _width(sheet: Sheet) -> int:
    return max((len(values) for _, values in sheet.rows), default=0)


def _table_sheet(table: Table, number: int, above: list[str], list_styles: set[str]) -> Sheet:
    sheet = Sheet(f"Table {number}", from_word=True)
    sheet.above = above[-PARAGRAPHS_BEFORE_FIRST_TABLE:]
    open_down: dict[int, int] = {}  # column → the row its merged-down cell started on
    for row_number, tr in enumerate(table._tbl.tr_lst, start=1):
        values: list = [None] * _grid_before(tr)
        filled = []
        for tc in tr.tc_lst:
            column, span = len(values), tc.grid_span
            if tc.vMerge == "continue":
                values.append(None)
                if column in open_down:
                    start = open_down[column]
                    _extend_down(sheet, start, row_number, column, column + span - 1)
            else:
                values.append(_cell_text(_Cell(tc, table), list_styles))
                if values[-1]:
                    filled.append(tc)
                open_down.pop(column, None)
                if tc.vMerge == "restart":
                    open_down[column] = row_number
                if span > 1:
                    sheet.merges.append((row_number, row_number, column, column + span - 1))
            values += [None] * (span - 1)
        while values and values[-1] in (None, ""):
            values.pop()
        if values:
            sheet.rows.append((row_number, values))
        if len(filled) == 1 and _emphasised(filled[0]):
            sheet.emphasised.add(row_number)
        if len(sheet.rows) > MAX_ROWS:
            raise UnreadableFile(
                f"Table {number} of this document has more than {MAX_ROWS:,} rows."
            )
    return sheet


def _emphasised(tc) -> bool:
    """A cell shaded, or all in bold: how Word tables mark a heading row."""
    properties = tc.tcPr
    shading = properties.find(qn("w:shd")) if properties is not None else None
    if shading is not None and shading.get(qn("w:fill"), "auto").lower() not in ("auto", "ffffff"):
        return True
    runs = [run for run in tc.iter(qn("w:r")) if "".join(run.itertext()).strip()]
    return bool(runs) and all(_bold(run) for run in runs)


def _bold(run) -> bool:
    bold = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
    return bold is not None and bold.get(qn("w:val"), "true") not in ("0", "false")


def _extend_down(sheet: Sheet, start: int, row: int, first_column: int, last_column: int) -> None:
    """A merged-down cell reaches one row further: its merge ends on `row`."""
    for index, (first_row, _, column, last) in enumerate(sheet.merges):
        if first_row == start and column == first_column:
            sheet.merges[index] = (first_row, row, column, last)
            return
    sheet.merges.append((start, row, first_column, last_column))


def _grid_before(tr) -> int:
    """Columns a row skips before its first cell (w:gridBefore)."""
    properties = tr.trPr
    skip = properties.find(qn("w:gridBefore")) if properties is not None else None
    return int(skip.get(qn("w:val"), 0)) if skip is not None else 0


def _cell_text(cell: _Cell, list_styles: set[str]) -> str | None:
    lines = [text for p in cell.paragraphs if (text := _paragraph_text(p, list_styles))]
    return "\n".join(lines) or None


def _paragraph_text(paragraph: Paragraph, list_styles: set[str]) -> str:
    text = " ".join(paragraph.text.split())
    if text and _is_list_item(paragraph, list_styles):
        return "• " + text
    return text


def _is_list_item(paragraph: Paragraph, list_styles: set[str]) -> bool:
    """Numbered or bulleted by Word itself, or in one of the document's list styles."""
    properties = paragraph._p.pPr
    if properties is None:
        return False
    return properties.numPr is not None or properties.style in list_styles
