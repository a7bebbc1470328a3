"""How each row of a file was read, for the preview: its role, number as written, title, officer,
target as written and as read, status, and (once the import has run) what it changes.

The preview lists every row read, headings and notes beside actions, so that a misreading shows
before anything is saved, and the coordinator can say what a row is instead.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from actions.target_dates import impossible_day, parse_target_date

from .parsed_plan import ACTION_ROLE, ROW_CHOICE, SUB_ACTION_ROLE, ParsedPlan


@dataclass
class RowReading:
    row: int
    role: str
    ref: str = ""
    written_ref: str = ""
    title: str = ""
    lead_officer: str = ""
    target_text: str = ""
    target_read: str = ""
    status: str = ""
    chosen: str = ""  # the role the person chose for the row ("" when read as it came)
    remembered: str = (
        ""  # the row's text, when it was read as the council said at an earlier import
    )
    change: str = ""
    details: list[str] = field(default_factory=list)
    action: int | None = None  # the action's place among those read, for its outcome


def readings_of(parsed: ParsedPlan, mapping: dict[str, str]) -> list[RowReading]:
    """Every row read, in the file's order: each action (with "sub-action" where its reference
    has a parent among them), and each heading and note set aside."""
    refs = {action.ref for action in parsed.actions}
    readings = [
        RowReading(
            row=action.sheet_row,
            role=SUB_ACTION_ROLE if action.parent_ref in refs else ACTION_ROLE,
            ref=action.ref,
            written_ref=action.written_ref,
            title=action.title,
            lead_officer=action.lead_officer,
            target_text=action.target_text,
            target_read=target_read(action.target_text),
            status=action.status.label if action.status else "",
            action=index,
        )
        for index, action in enumerate(parsed.actions)
    ]
    readings += [
        RowReading(row=aside.row, role=aside.role, ref=aside.ref, title=aside.text)
        for aside in parsed.set_aside
    ]
    read = {reading.row for reading in readings}
    for row in sorted({error.row for error in parsed.errors if error.row} - read):
        title = parsed.row_texts.get(row, "")
        readings.append(RowReading(row=row, role="not read: see the error above", title=title))
    readings.sort(key=lambda reading: reading.row)  # stable: a row's actions keep their order
    for reading in readings:
        reading.chosen = mapping.get(f"{ROW_CHOICE}{reading.row}", "")
        reading.remembered = "" if reading.chosen else parsed.remembered_rows.get(reading.row, "")
    return readings


@lru_cache(maxsize=4096)  # plans repeat their dates
def target_read(text: str) -> str:
    """The deadline a target date's text was read as, in words."""
    if not text:
        return ""
    if wrong := impossible_day(text):
        return f"no date: “{wrong}” is not a real day"
    parsed = parse_target_date(text)
    if parsed.date:
        return f"{parsed.date:%-d %B %Y}" + (", then ongoing" if parsed.ongoing else "")
    return "ongoing" if parsed.ongoing else "no date"


def row_choices(mapping: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """A posted mapping's column choices, and its row choices by row number."""
    columns = {key: value for key, value in mapping.items() if not key.startswith(ROW_CHOICE)}
    rows = {
        key.removeprefix(ROW_CHOICE): value
        for key, value in mapping.items()
        if key.startswith(ROW_CHOICE)
    }
    return columns, rows
