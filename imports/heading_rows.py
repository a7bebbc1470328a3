"""Rows that are not actions: the headings over them, the notes under them, the title above.

What real plans do, and what this makes of it:
- A row with text in one cell only (often merged across, bold or shaded) heads the rows under
  it: a theme, or a recommendation ("Recommendation One" and the paragraphs of its text); a
  heading straight over another heads the themes under it (a priority).
- "Notes:", "Notes on completion", footnotes ("[i] …", "* …"), and headings with no action under
  them, are notes: set aside and said, never an error.
- The rows above the header are the document's title block ("Committee:", "Meeting date:").
- A theme, recommendation, officer or date merged down belongs to every row under it.
- A person may say what a row is; the council's earlier choices apply to rows saying the same.
"""

import re

from django.utils.text import Truncator

from .header_detection import Layout
from .parsed_plan import (
    NOTE,
    RECOMMENDATION,
    REMEMBERED_ROW,
    THEME,
    Record,
    SetAside,
    ThemeRef,
    parse_theme_label,
    remembered_row_text,
)
from .spreadsheet_files import Sheet

SECTION_ROW = re.compile(
    r"^(?:objective|theme|priority|outcome|workstream|section|pillar)\s+(\d{1,3}[a-z]?)\b"
    r"\s*[.:)–-]?\s*(.*)$",
    re.I | re.S,
)
NOTE_ROW = re.compile(
    r"^(?:notes?\b(?:\s+on\b[^:]*)?\s*(?:[:.–-]|$)|footnotes?\b|key\s*:|sources?\s*:"
    r"|\[[ivx\d]{1,4}\]|\*)",
    re.I,
)
RECOMMENDATION_HEADING = re.compile(
    r"^recommendation\s+(?P<ref>R?\d{1,3}[a-z]?|[a-z]+)\b\s*[:.)–-]?\s*(?P<text>.*)$", re.I | re.S
)
NUMBER_WORDS = {
    word: str(number)
    for number, word in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split(),
        start=1,
    )
}
CARRIED_DOWN = {"theme", "recommendation", "recommendation_ref", "lead_officer", "target_date"}


class HeadingRows:
    """The part of the row reader that finds headings and notes (`_ActionRowReader` has it)."""

    def merges(self, sheet: Sheet) -> None:
        """Where the sheet's merged cells reach: a row whose one cell spans columns may be a
        heading; a theme, recommendation, officer or date merged down belongs to every row."""
        values = dict(sheet.rows)
        self.spanning |= sheet.emphasised
        for first_row, last_row, first_column, last_column in sheet.merges:
            if last_column > first_column:
                self.spanning.update(range(first_row, last_row + 1))
            column = self.fields.get(first_column)
            origin = values.get(first_row, [])
            if column and column.field in CARRIED_DOWN and first_column < len(origin):
                for row in range(first_row + 1, last_row + 1):
                    self.merged_down[(row, first_column)] = origin[first_column]

    def title_block(self, sheet: Sheet, layout: Layout) -> list[tuple[int, list]]:
        """The rows above the header are the document's title block ("Committee:", "Meeting
        date:"), said and set aside; from a "Recommendation One" on, they head the first table."""
        above = [(n, v) for n, v in sheet.rows if n < layout.header_row]
        start = next(
            (
                index
                for index in range(len(above) - 1, -1, -1)
                if (only := one_cell(above[index][1]))
                and (heading := self.heading(above[index][0], *only))
                and heading[0] == RECOMMENDATION
            ),
            len(above),
        )
        if start:
            first = next((str(v) for v in above[0][1] if v not in (None, "")), "")
            first = Truncator(first).chars(60)
            self.plan.notes.append(
                f"{'Row 1' if start == 1 else f'Rows 1 to {above[start - 1][0]}'} above the "
                f"header (“{first}”…) {'is' if start == 1 else 'are'} the document's "
                "title, not part of the plan, so not imported."
            )
        return above[start:]

    def role(self, number: int, values: list) -> str | None:
        """What the person said the row is, now or at an earlier import of a row saying the
        same; None to read it as it comes."""
        if not self.roles:
            return None
        if said := self.roles.get(str(number)):
            return said
        text = next((v for v in values if v not in (None, "")), None)
        remembered = self.roles.get(REMEMBERED_ROW + remembered_row_text(text)) if text else None
        if remembered:
            self.plan.remembered_rows[number] = str(text)
        return remembered

    def heading(self, number: int, index: int, value) -> tuple[str, str] | None:
        """A row with text in one cell only (`value`, in column `index`), which is not an action
        standing alone: a theme or a recommendation heading, or a note (footnotes, "Notes on
        completion")."""
        if not isinstance(value, str):
            return None
        text = " ".join(value.split())
        column = self.fields.get(index)
        field_name = column.field if column else None
        if NOTE_ROW.match(text):
            return NOTE, text
        if RECOMMENDATION_HEADING.match(text) and len(text) <= 400:
            return RECOMMENDATION, text
        if field_name in ("action", "detail", "update", "action_ref", "written_ref") and not (
            number in self.spanning or number in self.text_rows
        ):
            return None  # an action (or its number) with nothing else said of it
        if field_name in ("recommendation", "recommendation_ref"):
            return RECOMMENDATION, text
        return THEME, text

    def place_headings(self, records: list[Record]) -> list[Record]:
        """Each heading row names the theme (or recommendation) of the rows under it; a heading
        straight over another heads the themes under it (a priority). Headings with no action
        under them, and notes, are dropped and said."""
        last_action = max((i for i, r in enumerate(records) if not r.heading), default=-1)
        placed, theme, outer, recommendation = [], None, None, None
        consumed = set()
        for index, record in enumerate(records):
            following = records[index + 1] if index + 1 < len(records) else None
            if index in consumed:
                continue
            if record.heading is None:
                record.theme = theme or record.theme
                record.under_recommendation = recommendation
                placed.append(record)
                continue
            kind, text = record.heading
            if kind == NOTE or index > last_action:
                self.note(record, "is a note, not an action, so it was not imported", NOTE)
            elif kind == RECOMMENDATION:
                ref, said = _heading_recommendation(text)
                for later in range(index + 1, len(records)):
                    # "Recommendation One" over a row of its text, or paragraphs of it in Word
                    if not records[later].heading or (
                        said and records[later].row not in self.text_rows
                    ):
                        break
                    said = f"{said}\n{records[later].heading[1]}".strip()
                    consumed.add(later)
                recommendation = (ref, said)
                self.set_aside(record, RECOMMENDATION, said or text, ref or "")
            elif following and following.heading and following.heading[0] == THEME:
                outer = parse_theme_label(text)
                self.note(record, "heads the themes under it: each keeps it in its description")
            else:
                theme = parse_theme_label(text)
                if outer is not None:
                    theme.description = f"Part of {outer.title}"
                self.set_aside(record, THEME, theme.title, theme.number or "")
        return placed

    def note(self, record: Record, what: str, role: str | None = None) -> None:
        """Said in the notes too: rows set aside that the row table alone might not explain."""
        text = record.heading[1]
        self.plan.notes.append(f"Row {record.row} (“{Truncator(text).chars(60)}”) {what}.")
        self.set_aside(record, role or THEME, text)

    def set_aside(self, record: Record, role: str, text: str, ref: str = "") -> None:
        self.plan.set_aside.append(SetAside(record.row, role, text, ref))


def one_cell(values: list) -> tuple[int, object] | None:
    """The row's one filled cell (its column and value); None when it has several."""
    found = None
    for index, value in enumerate(values):
        if value is not None and value != "":
            if found is not None:
                return None
            found = (index, value)
    return found


def theme_of_section_row(value) -> ThemeRef | None:
    """A row holding only "Objective 1 Strengthen leadership: By September…" starts a theme."""
    if not isinstance(value, str):
        return None
    section = SECTION_ROW.match(value.strip())
    if not section:
        return None
    title, _, description = section[2].partition(":")
    return ThemeRef(section[1], title.strip(), description.strip())


def _heading_recommendation(text: str) -> tuple[str | None, str]:
    """ "Recommendation One: Strengthen…" → ("1", "Strengthen…"); a recommendation column's
    heading row is its text alone."""
    match = RECOMMENDATION_HEADING.match(text)
    if not match:
        return None, text
    ref = match["ref"]
    ref = NUMBER_WORDS.get(ref.lower(), ref if any(c.isdigit() for c in ref) else None)
    if ref is None:  # "Recommendation to improve…": a heading that is the text itself
        return None, text
    return ref, match["text"].strip()
