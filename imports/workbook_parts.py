"""What the importer checks in a workbook's XML itself, before and beside calamine's reading.

python-calamine reads cells fast but gives a formula cell's cached value, so formulas are found
here, in each sheet's XML, with their cells. Entity declarations (the "billion laughs") are
refused before any XML is parsed. Only defusedxml parses the workbook's own index of sheets.
"""

import html
import re
import zipfile
from posixpath import join, normpath

from defusedxml import ElementTree

ENTITIES = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
# <f>SUM(A1:A3)</f>, <f t="shared" ref="D2:D9" si="0">…</f>, or a shared formula's <f si="0"/>
FORMULA = re.compile(
    rb"<(?:\w+:)?f(?=[\s>/])([^>]*)>(.*?)</(?:\w+:)?f>|<(?:\w+:)?f(?=[\s/])[^>]*/>", re.S
)
CELL_START = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})(\d+)\"")
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


# Built-in number formats that show a month and year without the day ("mmm-yy")
BUILT_IN_MONTH_FORMATS = {17}
FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')  # quoted text, [$-809] and [Red], \-


def month_styles(archive: zipfile.ZipFile) -> set[str]:
    """The cell styles (their index, as in `s="3"`) whose number format shows a month and a year
    but no day: Excel shows such a date as "June 2024", so the import reads it so."""
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return set()
    codes = {
        int(item.get("numFmtId", -1)): item.get("formatCode", "")
        for item in styles.iter(f"{MAIN}numFmt")
    }
    cell_formats = styles.find(f"{MAIN}cellXfs")
    found = set()
    for index, style in enumerate(cell_formats if cell_formats is not None else ()):
        number = int(style.get("numFmtId", 0))
        code = FORMAT_NOISE.sub("", codes.get(number, "")).lower().split(";")[0]
        shown = number in BUILT_IN_MONTH_FORMATS or (
            "m" in code and "y" in code and not any(part in code for part in "dhs")
        )
        if shown:
            found.add(str(index))
    return found


def month_cells(archive: zipfile.ZipFile, part: str, styles: set[str]) -> set[tuple[int, int]]:
    """(sheet row, column index from 0) of every cell in one of `styles`."""
    if not styles:
        return set()
    try:
        data = archive.read(part)
    except KeyError:
        return set()
    style = b"|".join(re.escape(s.encode()) for s in styles)
    found = set()
    for match in re.finditer(rb'<(?:\w+:)?c\b[^>]*?\bs="(?:' + style + rb')"[^>]*>', data):
        cell = CELL_START.match(data, match.start()) or _reference(match[0])
        if cell is not None:
            found.add(_position(cell.group(1).decode(), int(cell.group(2))))
    return found


def _reference(tag: bytes):
    return re.search(rb'\br="([A-Z]{1,3})(\d+)"', tag)


def _position(letters: str, row: int) -> tuple[int, int]:
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return row, column - 1


def declares_entities(archive: zipfile.ZipFile) -> bool:
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as part:
                head = part.read(4096)  # a declaration can only come before the root element
            if ENTITIES.search(head):
                return True
    return False


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding that sheet's XML."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in relations.iter(f"{RELATIONSHIPS}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(OFFICE_ID), "")
        # Targets are relative to xl/, or absolute within the package ("/xl/worksheets/…").
        absolute = target.startswith("/")
        parts[sheet.get("name")] = target.lstrip("/") if absolute else normpath(join("xl", target))
    return parts


def formula_cells(archive: zipfile.ZipFile, part: str) -> dict[tuple[int, int], str]:
    """(sheet row, column index from 0) → "=formula" for every formula cell of the sheet."""
    try:
        data = archive.read(part)
    except KeyError:
        return {}
    found = {}
    for match in FORMULA.finditer(data):
        cell = _cell_before(data, match.start())
        if cell is not None:
            text = (match.group(2) or b"").decode("utf-8", "replace")
            found[cell] = "=" + html.unescape(text)
    return found


def _cell_before(data: bytes, position: int) -> tuple[int, int] | None:
    """The cell a formula stands in: the last cell opened before it ("<c " or "<x:c ")."""
    plain, prefixed = data.rfind(b"<c ", 0, position), data.rfind(b":c ", 0, position)
    start = data.rfind(b"<", 0, prefixed) if prefixed > plain else plain
    match = CELL_START.match(data, start) if start >= 0 else None
    if match is None:
        return None
    return _position(match.group(1).decode(), int(match.group(2)))
