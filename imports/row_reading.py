"""Read one cell of an imported sheet as text (or a date); refuse formulas and control codes."""

import re
from datetime import date, datetime, time

from actions.target_dates import parse_target_date
from core.formula_escaping import unescape_formula

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BLANK_LINES = re.compile(r"\n{3,}")


class CellProblem(Exception):
    """A cell that cannot be imported; the message is in plain words."""


def cell_text(value) -> str:
    """The cell as text, lines trimmed. Dates are written the UK way: 31/03/2025."""
    if value is None:
        return ""
    if isinstance(value, str):
        if value.startswith("="):
            raise CellProblem(
                f"this cell holds a formula (“{_short(value)}”). Formulas are not imported: "
                "type the value itself."
            )
        if match := CONTROL_CHARACTERS.search(value):
            raise CellProblem(
                f"this cell contains a hidden control character (code {ord(match.group())}). "
                "Delete the cell's text and type it again."
            )
        text = unescape_formula(value)
        if "\n" not in text and "\r" not in text:  # most cells: one line
            return text.strip()
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = "\n".join(line.strip() for line in text.split("\n"))
        return BLANK_LINES.sub("\n\n", text).strip()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    # openpyxl gives array and data-table formulas as objects of their own
    raise CellProblem(
        "this cell holds a formula. Formulas are not imported: type the value itself."
    )


def cell_date(value) -> date | None:
    """A date cell, or text naming a date ("31/03/2025", "March 2025"); CellProblem otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    found = parse_target_date(text).date
    if found is None:
        raise CellProblem(f"“{_short(text)}” is not a date we can read. Write it like 31/03/2025.")
    return found


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:38] + "…"
