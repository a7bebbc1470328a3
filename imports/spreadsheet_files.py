"""Open an uploaded file as rows of cells, refusing anything hostile with a message in plain words.

Only two kinds are read: Excel workbooks (.xlsx) and CSV (UTF-8 with or without a byte-order
mark, as Excel writes it, or Windows-1252, as older Excel writes it). The file's first bytes decide
the kind, not its name. Everything here is bounded: file size, unzipped size, compression ratio,
rows and columns, and XML entity declarations are refused before any XML is read. Cells are read
by python-calamine (fast, in Rust); formulas, which it reads as their values, are found in the
sheet XML (`workbook_parts.py`) and refused cell by cell.
"""

import csv
import io
import logging
import zipfile
from dataclasses import dataclass, field
from datetime import date

from python_calamine import CalamineWorkbook, SheetTypeEnum

from core.office_files import UnreadableFile, check_zip

from .workbook_parts import (
    declares_entities,
    formula_cells,
    month_cells,
    month_styles,
    sheet_parts,
)

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list]] = field(default_factory=list)  # (sheet row number, cells)
    # merged cells as (first row, last row, first column, last column): rows numbered as in
    # `rows`, columns from 0; the value stands in the first cell only
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what reading the file itself found
    above: list[str] = field(default_factory=list)  # a Word table's: the lines of text above it
    text_rows: set[int] = field(default_factory=set)  # a Word document's lines between tables
    from_word: bool = False
    emphasised: set[int] = field(default_factory=set)  # a Word table's rows of one bold cell


def read_sheets(data: bytes, filename: str = "") -> list[Sheet]:
    """The file's sheets with their non-blank rows; one sheet for a CSV file."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"This file is {len(data) / 1024 / 1024:.1f} MB. Files up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB can be imported: split the plan, or remove "
            "pictures and unused sheets."
        )
    if not data:
        raise UnreadableFile("This file is empty.")
    if data.startswith(ZIP_MAGIC):
        if _is_word(data):
            from .word_files import read_word  # noqa: PLC0415 (a Word file is the rarer case)

            return read_word(data)
        return _read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise UnreadableFile(
                "This workbook is protected with a password, so it cannot be read. Open it in "
                "Excel, remove the password (File > Info > Protect Workbook), save and try again."
            )
        raise UnreadableFile(
            "This is an old-style Excel file (.xls). Open it in Excel and save it as an Excel "
            "Workbook (.xlsx), then import that."
        )
    if b"\x00" in data[:8192]:
        raise UnreadableFile(
            "This file is not a spreadsheet. Import an Excel workbook (.xlsx) or a CSV file."
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(
            "This file is named like an Excel workbook but is not one, or it is damaged. "
            "Open it in Excel and save it again as .xlsx."
        )
    return [_read_csv(data, filename)]


def _is_word(data: bytes) -> bool:
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _read_xlsx(data: bytes) -> list[Sheet]:
    check_zip(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    if declares_entities(archive):
        raise UnreadableFile(
            "This workbook contains XML entity declarations, which can make it expand to an "
            "enormous size, so it was not opened. Save the plan again from Excel."
        )
    try:
        parts = sheet_parts(archive)
        months = month_styles(archive)
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
    except Exception:  # a broken workbook raises many kinds; none may be a 500
        logger.info("Unreadable workbook", exc_info=True)
        raise UnreadableFile(
            "This workbook is damaged or incomplete, so it could not be read. Open it in Excel, "
            "save it again and try again."
        ) from None
    kinds = {meta.name: meta.typ for meta in workbook.sheets_metadata}
    sheets = []
    for name in names:
        if kinds.get(name) != SheetTypeEnum.WorkSheet:
            sheets.append(Sheet(name))  # a chart sheet has no cells
            continue
        formulas = formula_cells(archive, parts.get(name, ""))
        worksheet = workbook.get_sheet_by_name(name)
        sheet = _read_worksheet(name, worksheet, formulas)
        _show_months(sheet, month_cells(archive, parts.get(name, ""), months))
        sheet.merges = [
            (first[0] + 1, last[0] + 1, first[1], last[1])
            for first, last in worksheet.merged_cell_ranges or ()
        ]
        sheets.append(sheet)
    return sheets


def _read_worksheet(name: str, worksheet, formulas: dict) -> Sheet:
    """The sheet's non-blank rows, numbered as in Excel; a formula cell holds its "=formula"."""
    sheet = Sheet(name)
    by_row: dict[int, list] = {}
    for (row, column), formula in formulas.items():
        by_row.setdefault(row, []).append((column, formula))
    # calamine counts rows from the sheet's top, and columns from its first column with data.
    _, first_column = worksheet.start or (0, 0)
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        values = [None] * first_column + [None if cell == "" else cell for cell in cells]
        _put_formulas(values, by_row.pop(number, ()))
        _append_if_filled(sheet, number, values)
    for number in sorted(by_row):  # formulas with no value, below the cells calamine saw
        _append_if_filled(sheet, number, _put_formulas([], by_row[number]))
    return sheet


def _show_months(sheet: Sheet, cells: set[tuple[int, int]]) -> None:
    """A date cell formatted to show its month ("mmmm yyyy") is that month, as Excel shows it."""
    if not cells:
        return
    for number, values in sheet.rows:
        for index, value in enumerate(values):
            if isinstance(value, date) and (number, index) in cells:
                values[index] = f"{value:%B %Y}"


def _put_formulas(values: list, formulas) -> list:
    for column, formula in formulas:
        values += [None] * (column + 1 - len(values))
        values[column] = formula
    return values


def _append_if_filled(sheet: Sheet, number: int, values: list) -> None:
    values = values[:MAX_COLUMNS]
    if any(value is not None and value != "" for value in values):
        _append(sheet, number, values)


def _append(sheet: Sheet, number: int, values: list) -> None:
    if len(sheet.rows) >= MAX_ROWS:
        raise UnreadableFile(
            f"The sheet “{sheet.name}” has more than {MAX_ROWS:,} rows. Import a plan of at most "
            f"{MAX_ROWS:,} rows at a time."
        )
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    sheet.rows.append((number, values))


def _read_csv(data: bytes, filename: str) -> Sheet:
    text = _decode(data)
    sheet = Sheet(filename.rsplit("/", 1)[-1] or "CSV")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for number, values in enumerate(reader, start=1):
            if any(value.strip() for value in values):
                _append(sheet, number, list(values[:MAX_COLUMNS]))
    except csv.Error as error:
        raise UnreadableFile(
            f"This CSV file cannot be read at row {reader.line_num}: {error}. Save the plan "
            "from Excel again as “CSV UTF-8”."
        ) from None
    return sheet


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab some Excel locales use: whichever splits the top rows most
    (csv.Sniffer is thrown by cells with line breaks in them)."""
    sample = text[:65536]

    def widest(delimiter):
        try:
            rows = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            return max((len(row) for _, row in zip(range(20), rows, strict=False)), default=0)
        except csv.Error:
            return 0

    return max([",", ";", "\t"], key=widest)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        "This file is not a spreadsheet we can read: its text is in an unknown encoding. "
        "Save it from Excel as an Excel Workbook (.xlsx) or as “CSV UTF-8”."
    )


def estimate_rows(data: bytes) -> int:
    """Roughly how many rows the file has, without parsing it: enough to decide whether its
    preview runs on the queue. A file this cannot count is left to the reading to refuse."""
    if not data.startswith(ZIP_MAGIC):
        return data.count(b"\n") + 1
    try:
        word = _is_word(data)
        check_zip(data, word=word)  # bounded before anything is unpacked
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if word:  # a table row is <w:tr>
                return _count_tags(archive, "word/document.xml", b"<w:tr")
            return sum(
                _count_tags(archive, name, b"<row")
                for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            )
    except (UnreadableFile, zipfile.BadZipFile, OSError, ValueError):
        return 0


def _count_tags(archive: zipfile.ZipFile, name: str, tag: bytes) -> int:
    """How often `tag` opens an element (followed by a space or ">") in one part. The last
    bytes of each chunk are read again with the next, too few to hold a whole mark."""
    marks = (tag + b" ", tag + b">")
    count, tail = 0, b""
    with archive.open(name) as member:
        while chunk := member.read(1024 * 1024):
            chunk = tail + chunk
            count += sum(chunk.count(mark) for mark in marks)
            tail = chunk[-len(tag) :]
    return count
