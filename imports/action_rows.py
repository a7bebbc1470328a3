"""Turn the rows under a sheet's header into the plan's actions, every problem tied to a cell.

What real plans do, and what this makes of it:
- A row "Objective 1 Strengthen leadership: By September…" alone on its line starts a theme.
- No reference and no recommendation: the row continues the recommendation above it.
- References are kept as written ("Action 1" and "1." read as "1"); "1.2" is a sub-action of "1".
  Rows without one are numbered from the marker their action starts with ("2." under the theme's
  number when themes are rows of their own; "b)" as a sub-action of the row above), or else in
  turn.
- A blank action cell with a detail below an action is that action's sub-action, as when the
  action cell spans several rows (merged cells); the first row's detail is then a sub-action too.
- Under a plural heading ("Actions"), each line of a cell is an action of its own.
- "Recommendations R1, R2" at the end of an action's text links those recommendations.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from actions.models import Action
from actions.target_dates import impossible_day
from plans.status import Status

from .columns import OFFICER_AND_DATE, column_label
from .header_detection import Layout
from .headings import normalise
from .officer_and_date import split_officer_and_date
from .row_reading import CellProblem, cell_date, cell_text
from .spreadsheet_files import Sheet

SECTION_ROW = re.compile(
    r"^(?:objective|theme|priority|outcome|workstream|section|pillar)\s+(\d{1,3}[a-z]?)\b"
    r"\s*[.:)–-]?\s*(.*)$",
    re.I | re.S,
)
THEME_LABEL = re.compile(
    r"^(?:(?:objective|theme|priority|outcome|workstream|section|pillar)\s+)?"
    r"(\d{1,3}[a-z]?)\s*[.:)–-]?\s+(.+)$",
    re.I | re.S,
)
# "1.", "a)", "(ii)", "2:", and a number of levels with no stop ("1.1 It is important…")
MARKER = re.compile(
    r"^\(?(\d{1,3}(?:\.\d{1,3})+(?=[.):]?\s)|(?:\d{1,3}|[a-z]|[ivx]{2,4})(?=[.):]\s))[.):]?\s+(?=\S)",
    re.I,
)
BULLET = re.compile(r"^[•·*–-]\s*")
REF_LABEL = re.compile(r"^(?:action|no\.?|ref\.?|number|#)\s*(?=\d)", re.I)
RECOMMENDATION_PIECE = re.compile(r"(?:^|(?<=\s))(R?\d{1,2}[a-z]?)[.):]\s+(?=[A-Z])")
INLINE_RECOMMENDATIONS = re.compile(
    r"\s*\bRecommendations?\b\s*:?\s*((?:R\s?\d{1,2}[a-z]?\s*(?:,|and|&)?\s*)+)[.,;]?\s*$", re.I
)
REF_SEPARATORS = re.compile(r"\s*(?:[,;/&+]|\band\b|\s)\s*", re.I)
PLURAL_ACTION_HEADINGS = {"actions", "actions required", "actions to be taken"}
MAX_LENGTHS = {
    name: Action._meta.get_field(name).max_length for name in ("ref", "lead_officer", "target_text")
}


@dataclass
class ThemeRef:
    number: str | None
    title: str
    description: str = ""


@dataclass
class ParsedAction:
    sheet_row: int
    ref: str
    title: str
    detail: str = ""
    lead_officer: str = ""
    target_text: str = ""
    theme: ThemeRef | None = None
    # (ref or None, text) for each recommendation the row names, and its cell as written
    recommendations: list[tuple[str | None, str]] = field(default_factory=list)
    recommendation_cell: str = ""
    status: Status | None = None
    update: str = ""
    update_date: date | None = None
    written_ref: str = ""  # the number as the council wrote it ("1.", "a)"); "" when none

    @property
    def parent_ref(self) -> str | None:
        return self.ref.rsplit(".", 1)[0] if "." in self.ref else None


@dataclass
class RowError:
    row: int | None
    column: str
    message: str

    def __str__(self):
        where = f"Row {self.row}, {self.column}" if self.row else self.column
        return f"{where}: {self.message}"


@dataclass
class ParsedPlan:
    actions: list[ParsedAction] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    set_aside: list["SetAside"] = field(default_factory=list)  # headings and notes, by row
    row_texts: dict[int, str] = field(default_factory=dict)  # each row's first cell with text
    remembered_rows: dict[int, str] = field(default_factory=dict)  # read as said before: text


@dataclass
class SetAside:
    """A row read as a heading or a note rather than an action."""

    row: int
    role: str  # THEME, RECOMMENDATION or NOTE
    text: str
    ref: str = ""  # the heading's number, as it was read


@dataclass
class _Record:
    row: int
    cells: dict
    theme: ThemeRef | None
    heading: tuple[str, str] | None = None  # (THEME/RECOMMENDATION/NOTE, text): a heading row
    sub_action: bool = False  # the person said the row is a sub-action of the action above
    # the recommendation the heading rows above name: (its number or None, its text)
    under_recommendation: tuple[str | None, str] | None = None


THEME, RECOMMENDATION, NOTE = "theme heading", "recommendation", "note"
# What a person can say a row is, on the preview
HEADING_ROLE, NOTE_ROLE, ACTION_ROLE, SUB_ACTION_ROLE = "heading", "note", "action", "sub-action"
ROLES = [
    (HEADING_ROLE, "Theme heading"),
    (NOTE_ROLE, "Note (not imported)"),
    (ACTION_ROLE, "Action"),
    (SUB_ACTION_ROLE, "Sub-action of the action above"),
]
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
DONE_WORDS = {"complete", "completed", "done", "achieved"}
STEPPED = ("target_date", "lead_officer", "status", "update", OFFICER_AND_DATE)
CARRIED_DOWN = {"theme", "recommendation", "recommendation_ref", "lead_officer", "target_date"}


def normalise_ref(value: str) -> str:
    text = REF_LABEL.sub("", " ".join(value.split()))
    return text.strip(" .)").lstrip("(")


def split_refs(text: str) -> list[str]:
    return [normalise_ref(part) for part in REF_SEPARATORS.split(text) if normalise_ref(part)]


def parse_theme_label(text: str) -> ThemeRef:
    match = THEME_LABEL.match(text)
    if match:
        return ThemeRef(match[1], match[2].strip())
    return ThemeRef(None, text)


def recommendation_pieces(text: str) -> list[tuple[str | None, str]]:
    """ "5. Internal candour… 7. Scrutiny…" names recommendations 5 and 7; plain text names one."""
    markers = list(RECOMMENDATION_PIECE.finditer(text))
    if not markers or markers[0].start() != 0:
        return [(None, text)]
    pieces = []
    for marker, following in zip(markers, [*markers[1:], None], strict=True):
        end = following.start() if following else len(text)
        pieces.append((marker[1], text[marker.end() : end].strip()))
    return pieces


def parse_action_rows(
    sheet: Sheet, layout: Layout, wording=None, roles: dict | None = None
) -> ParsedPlan:
    """`wording`: a plan whose status words the council uses, read before the product's.
    `roles`: what the person said rows are, by row number ("12") or by the row's text
    normalised (remembered from earlier imports)."""
    reader = _ActionRowReader(layout, wording)
    reader.roles = roles or {}
    above = [
        _section_theme(only[1])
        for n, v in sheet.rows
        if n < layout.header_row and (only := _one_cell(v))
    ]
    theme = next((theme for theme in reversed(above) if theme), None)
    reader.merges(sheet)
    reader.text_rows = sheet.text_rows
    rows = [(n, v) for n, v in sheet.rows if n > layout.header_row]
    return reader.read(reader.title_block(sheet, layout) + rows, theme)


class _ActionRowReader:
    def __init__(self, layout: Layout, wording=None):
        self.layout = layout
        self.wording = wording
        self.council_words = (
            {
                " ".join(wording.status_label(status).lower().split()): status
                for status in wording.key_statuses()
            }
            if wording
            else {}
        )
        self.fields = {c.index: c for c in layout.columns if c.field and c.field != "ignore"}
        action_column = layout.column_for("action")
        self.one_action_a_line = normalise(action_column.heading) in PLURAL_ACTION_HEADINGS
        self.plan = ParsedPlan()
        self.used_refs: dict[str, int] = {}
        self.parent_refs: set[str] = set()
        self.recommendation_texts: dict[str, str] = {}
        self.rows_with_problems: set[int] = set()
        self.anchor: str | None = None
        self.spanning: set[int] = set()  # rows with a cell merged across columns
        self.roles: dict[str, str] = {}  # what the person said rows are (`parse_action_rows`)
        self.text_rows: set[int] = set()  # a Word document's lines between its tables
        self.merged_down: dict[tuple[int, int], object] = {}  # (row, column) → the merge's value
        self.previous_recommendations: tuple[list, str] = ([], "")

    # -- cells ---------------------------------------------------------------------------------
    def error(self, row: int, field_name: str, message: str) -> None:
        column = self.layout.column_for(field_name)
        where = column.describe if column else f"column {column_label(field_name)}"
        self.plan.errors.append(RowError(row, where, message))

    def merges(self, sheet: Sheet) -> None:
        """Where the sheet's merged cells reach: a row whose one cell spans columns may be a
        heading; a theme, recommendation, officer or date merged down belongs to every row."""
        values = dict(sheet.rows)
        for first_row, last_row, first_column, last_column in sheet.merges:
            if last_column > first_column:
                self.spanning.update(range(first_row, last_row + 1))
            column = self.fields.get(first_column)
            origin = values.get(first_row, [])
            if column and column.field in CARRIED_DOWN and first_column < len(origin):
                for row in range(first_row + 1, last_row + 1):
                    self.merged_down[(row, first_column)] = origin[first_column]

    def records(self, rows, section_theme: ThemeRef | None) -> list[_Record]:
        records = []
        for number, values in rows:
            if self.layout.is_repeated_header(values):
                continue
            role = self.role(number, values)
            if role:  # kept to remember the choice by
                first = next((v for v in values if v not in (None, "")), "")
                self.plan.row_texts[number] = str(first)[:300]
            only = _one_cell(values)
            if role is None and only and (theme := _section_theme(only[1])):
                section_theme = theme
                self.plan.set_aside.append(SetAside(number, THEME, theme.title, theme.number))
                continue
            if role in (HEADING_ROLE, NOTE_ROLE):
                kind = THEME if role == HEADING_ROLE else NOTE
                text = next(str(v) for v in values if v not in (None, ""))
                records.append(_Record(number, {}, section_theme, heading=(kind, text)))
                continue
            if role is None and only and (heading := self.heading(number, *only)):
                records.append(_Record(number, {}, section_theme, heading=heading))
                continue
            cells, merged = {}, {}
            for index, column in self.fields.items():
                value = values[index] if index < len(values) else None
                if value in (None, "") and (number, index) in self.merged_down:
                    value = merged[column.field] = self.merged_down[(number, index)]
                try:
                    if column.field == "update_date":
                        cells["update_date"] = cell_date(value)
                    else:
                        cells[column.field] = cell_text(value)
                except CellProblem as problem:
                    self.plan.errors.append(RowError(number, column.describe, str(problem)))
                    cells[column.field] = ""
                    self.rows_with_problems.add(number)
            if role and not cells.get("action"):  # "an action", of a row with one cell
                cells["action"] = cell_text(next(v for v in values if v not in (None, "")))
            own = {name: text for name, text in cells.items() if name not in merged}
            if (
                records
                and role is None
                and not records[-1].heading
                and _continues_above(own)
                and number not in self.rows_with_problems
            ):
                self.join(records[-1], number, own)
            elif any(own.values()) or number in self.rows_with_problems:
                records.append(
                    _Record(number, cells, section_theme, sub_action=role == SUB_ACTION_ROLE)
                )
        return self.place_headings(records)

    def title_block(self, sheet: Sheet, layout: Layout) -> list[tuple[int, list]]:
        """The rows above the header are the document's title block ("Committee:", "Meeting
        date:"), said and set aside; from a "Recommendation One" on, they head the first table."""
        above = [(n, v) for n, v in sheet.rows if n < layout.header_row]
        start = next(
            (
                index
                for index in range(len(above) - 1, -1, -1)
                if (only := _one_cell(above[index][1]))
                and (heading := self.heading(above[index][0], *only))
                and heading[0] == RECOMMENDATION
            ),
            len(above),
        )
        if start:
            first = next((str(v) for v in above[0][1] if v not in (None, "")), "")
            self.plan.notes.append(
                f"{'Row 1' if start == 1 else f'Rows 1 to {above[start - 1][0]}'} above the "
                f"header (“{_short(first)}”…) {'is' if start == 1 else 'are'} the document's "
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
        remembered = self.roles.get("text:" + remembered_row_text(text)) if text else None
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

    def place_headings(self, records: list[_Record]) -> list[_Record]:
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

    def note(self, record: _Record, what: str, role: str | None = None) -> None:
        """Said in the notes too: rows set aside that the row table alone might not explain."""
        text = record.heading[1]
        self.plan.notes.append(f"Row {record.row} (“{_short(text)}”) {what}.")
        self.set_aside(record, role or THEME, text)

    def set_aside(self, record: _Record, role: str, text: str, ref: str = "") -> None:
        self.plan.set_aside.append(SetAside(record.row, role, text, ref))

    def join(self, above: _Record, number: int, cells: dict) -> None:
        """A table broken across a page: the row's text finishes the cells of the row above."""
        for name, text in cells.items():
            if text:
                above.cells[name] = f"{above.cells.get(name) or ''} {text}".strip()
        self.plan.notes.append(
            f"Row {number} carries on the text of row {above.row} (a table broken across a "
            "page, perhaps), so the two were read as one row."
        )

    # -- rows to actions -----------------------------------------------------------------------
    def read(self, rows, section_theme: ThemeRef | None = None) -> ParsedPlan:
        records = self.records(rows, section_theme)
        index = 0
        while index < len(records):
            record = records[index]
            group = [record]
            while (
                record.cells.get("action")
                and record.cells.get("detail")
                and index + len(group) < len(records)
                and _continues_action(records[index + len(group)])
            ):
                group.append(records[index + len(group)])
            if len(group) > 1:
                self.read_grouped(group)
            elif record.sub_action and record.cells.get("action") and self.plan.actions:
                self.read_sub_action(record)
            elif record.cells.get("action"):
                self.read_row(record)
            elif record.row not in self.rows_with_problems:
                self.error(
                    record.row,
                    "action",
                    "this row has no action. Every row needs one; if it continues the row "
                    "above, join the two rows.",
                )
            index += len(group)
        return self.plan

    def read_row(self, record: _Record) -> None:
        if self.read_lines(record):
            return
        cells = record.cells
        title = cells["action"]
        written = normalise_ref(cells.get("action_ref", ""))
        marker, rest = _marker(title)
        as_written = _as_written(title) if marker else " ".join(cells.get("action_ref", "").split())
        if written and marker and not marker.isalpha():
            as_written = " ".join(cells.get("action_ref", "").split())
        recommendations, cell = self.recommendations(record, continuing=not written)
        if not recommendations:
            title, recommendations = _inline_recommendations(title)
        if written:
            ref = f"{written}.{marker.lower()}" if marker and marker.isalpha() else written
            if marker and marker.isalpha():
                title = rest
            self.anchor = written
        elif marker and not marker[0].isdigit() and self.anchor:
            ref, title = f"{self.anchor}.{marker.lower()}", rest
        elif marker:
            ref, title = self.prefixed(record, marker), rest
            self.anchor = ref
        else:
            ref = self.prefixed(record, None)
            self.anchor = ref
        self.add(record, ref, title, recommendations, cell, written_ref=as_written)

    def read_sub_action(self, record: _Record) -> None:
        """A row the person said is a sub-action: of the action above, or of its parent when
        that is a sub-action itself."""
        above = self.plan.actions[-1]
        parent = above.parent_ref if above.parent_ref in self.used_refs else above.ref
        recommendations, cell = self.recommendations(record, continuing=True)
        self.add(record, self.next_child(parent), record.cells["action"], recommendations, cell)

    def read_lines(self, record: _Record) -> bool:
        """A cell of several actions, one a line: bulleted or numbered, or under a plural
        heading, or in step with a date (or officer, or status) cell of as many lines. A lead-in
        line ending in ":" over bullets is an action, and the bullets its sub-actions. Each line
        takes its own line of the cells in step with it."""
        lines = [line for line in record.cells["action"].split("\n") if line.strip()]
        if len(lines) < 2:
            return False
        listed = [bool(BULLET.match(line) or MARKER.match(line)) for line in lines]
        lead_in = lines[0].rstrip().endswith(":") and not listed[0] and all(listed[1:])
        items = lines[1:] if lead_in else lines
        stepped = self.stepped_cells(record, len(items))
        if not (self.one_action_a_line or all(listed) or lead_in or stepped):
            return False
        written = normalise_ref(record.cells.get("action_ref", ""))
        ref = written or self.prefixed(record, None)
        self.anchor = ref
        recommendations, cell = self.recommendations(record, continuing=not written)
        if lead_in:
            lead = lines[0].rstrip().rstrip(":")
            self.add(_with(record, dict.fromkeys(stepped, "")), ref, lead, recommendations, cell)
        for number, line in enumerate(items, start=1):
            marker, text = _marker(BULLET.sub("", line))
            line_ref = f"{ref}.{marker.lower() if marker else number}"
            own = {name: values[number - 1] for name, values in stepped.items()}
            if number > 1 or lead_in:
                own["detail"] = ""  # the cell's detail once, with the first
            self.add(
                _with(record, own),
                line_ref,
                text,
                recommendations,
                cell,
                written_ref=_as_written(BULLET.sub("", line)),
            )
        return True

    def stepped_cells(self, record: _Record, count: int) -> dict[str, list[str]]:
        """The cells with one line for each of `count` actions ("• Complete / • July 2023")."""
        stepped = {}
        for name in STEPPED:
            text = record.cells.get(name) or ""
            lines = [BULLET.sub("", line).strip() for line in text.split("\n") if line.strip()]
            if count >= 2 and len(lines) == count:
                stepped[name] = lines
        return stepped

    def read_grouped(self, group: list[_Record]) -> None:
        """An action cell spanning rows: it heads them, and each row's detail is a sub-action."""
        head = group[0]
        marker, title = _marker(head.cells["action"])
        parent_ref = normalise_ref(head.cells.get("action_ref", "")) or self.prefixed(
            head, marker if marker and marker[0].isdigit() else None
        )
        if not marker or not marker[0].isdigit():
            title = head.cells["action"]
        head_written = " ".join(head.cells.get("action_ref", "").split()) or (
            _as_written(head.cells["action"]) if marker and marker[0].isdigit() else ""
        )
        self.anchor = parent_ref
        self.add(
            _Record(head.row, {"action": title}, head.theme),
            parent_ref,
            title,
            [],
            "",
            written_ref=head_written,
        )
        for record in group:
            child_marker, child_title = _marker(record.cells["detail"])
            child_written = _as_written(record.cells["detail"]) if child_marker else ""
            if child_marker and child_marker[0].isdigit():
                ref = f"{parent_ref}.{child_marker}"
            else:
                ref, child_title = self.next_child(parent_ref), record.cells["detail"]
            recommendations, cell = self.recommendations(record, continuing=False)
            if not recommendations:
                child_title, recommendations = _inline_recommendations(child_title)
            cells = {**record.cells, "detail": ""}
            self.add(
                _Record(record.row, cells, record.theme),
                ref,
                child_title,
                recommendations,
                cell,
                written_ref=child_written,
            )

    def recommendations(self, record: _Record, continuing: bool):
        refs = split_refs(record.cells.get("recommendation_ref", ""))
        text = record.cells.get("recommendation", "")
        if not (refs or text) and record.under_recommendation:
            ref, text = record.under_recommendation
            self.previous_recommendations = ([(ref, text)], "")
            return self.previous_recommendations
        if refs:
            pieces = [(ref, text if len(refs) == 1 else "") for ref in refs]
        elif text:
            pieces = recommendation_pieces(text)
            if (
                pieces == [(None, text)]
                and record.cells.get("action_ref")
                and (self.layout.column_for("recommendation_ref") is None)
            ):
                # "No. | Recommendation | Actions": the row's number is the recommendation's
                ref = self.recommendation_texts.setdefault(
                    " ".join(text.lower().split()), normalise_ref(record.cells["action_ref"])
                )
                pieces = [(ref, text)]
        elif continuing:
            return self.previous_recommendations
        else:
            pieces = []
        self.previous_recommendations = (pieces, text)
        return pieces, text

    def unknown_status(self, word: str) -> str:
        if self.wording is not None:
            words = [self.wording.status_label(status) for status in self.wording.key_statuses()]
            return (
                f"“{word}” is not one of the council's statuses. Use "
                + ", ".join(words[:-1])
                + f" or {words[-1]} (or Green, Amber, Red, Blue or Grey)."
            )
        return (
            f"“{word}” is not a status we know. Use Not started, On track, At risk, Off track "
            "or Complete (or Green, Amber, Red, Blue or Grey)."
        )

    # -- references ----------------------------------------------------------------------------
    def prefixed(self, record: _Record, number: str | None) -> str:
        """A reference for an unnumbered (or locally numbered) row: under its section's number."""
        prefix = f"{record.theme.number}." if record.theme and record.theme.number else ""
        if number:
            return prefix + number
        count = 1
        while self.taken(f"{prefix}{count}"):
            count += 1
        return f"{prefix}{count}"

    def taken(self, ref: str) -> bool:
        """In use, or the parent of a reference in use ("1" when "1.2" is)."""
        return ref in self.used_refs or ref in self.parent_refs

    def next_child(self, parent: str) -> str:
        count = 1
        while f"{parent}.{count}" in self.used_refs:
            count += 1
        return f"{parent}.{count}"

    def officer_and_target(self, record: _Record) -> tuple[str, str]:
        """From their own columns, or split from one cell that holds both."""
        cells = record.cells
        officer, target = cells.get("lead_officer", ""), cells.get("target_date", "")
        both = cells.get(OFFICER_AND_DATE)
        if not both:
            return officer, target
        split = split_officer_and_date(both)
        if split.split and not (officer or target):
            self.plan.notes.append(
                f"Row {record.row}: “{both}” was read as the lead officer “{split.officer}” and "
                f"the target date “{split.target}”."
            )
        return officer or split.officer, target or split.target

    def add(
        self, record: _Record, ref: str, title: str, recommendations, cell, written_ref=""
    ) -> None:
        cells = record.cells
        # A "Number as written" column (the product's own export) says it outright.
        written_ref = " ".join(cells.get("written_ref", "").split()) or written_ref
        officer, target = self.officer_and_target(record)
        action = ParsedAction(
            sheet_row=record.row,
            ref=ref,
            title=title.strip(),
            detail=cells.get("detail", ""),
            lead_officer=officer,
            target_text=target,
            theme=parse_theme_label(cells["theme"]) if cells.get("theme") else record.theme,
            recommendations=recommendations,
            recommendation_cell=cell,
            update=cells.get("update", ""),
            update_date=cells.get("update_date"),
            written_ref=written_ref[:30],
        )
        if action.update_date is None and (column := self.layout.column_for("update")):
            action.update_date = column.heading_date
        if not cells.get("status") and normalise(target) in DONE_WORDS:
            action.status = Status.COMPLETE  # "Completed" where the date would be
        if wrong_day := impossible_day(target):
            self.plan.notes.append(
                f"Row {record.row}: “{wrong_day}” is not a day the calendar has, so this action "
                "has no deadline. Correct the date in the file, or on the action after importing."
            )
        if cells.get("status"):
            word = " ".join(cells["status"].lower().split())
            action.status = self.council_words.get(word) or Status.from_word(cells["status"])
            if action.status is None:
                self.error(record.row, "status", self.unknown_status(cells["status"]))
        if ref in self.used_refs:
            self.error(
                record.row,
                "action_ref",
                f"the reference “{ref}” is used twice (first on row {self.used_refs[ref]}). "
                "Give each action its own reference.",
            )
        self.used_refs.setdefault(ref, record.row)
        parts = ref.split(".")
        self.parent_refs.update(".".join(parts[:end]) for end in range(1, len(parts)))
        for attribute, field_name in [
            ("ref", "action_ref"),
            ("lead_officer", "lead_officer"),
            ("target_text", "target_date"),
        ]:
            if len(getattr(action, attribute)) > MAX_LENGTHS[attribute]:
                self.error(
                    record.row,
                    field_name,
                    f"this is longer than the {MAX_LENGTHS[attribute]} characters allowed.",
                )
        self.plan.actions.append(action)


def _one_cell(values: list) -> tuple[int, object] | None:
    """The row's one filled cell (its column and value); None when it has several."""
    found = None
    for index, value in enumerate(values):
        if value is not None and value != "":
            if found is not None:
                return None
            found = (index, value)
    return found


def _section_theme(value) -> ThemeRef | None:
    """A row holding only "Objective 1 Strengthen leadership: By September…" starts a theme."""
    if not isinstance(value, str):
        return None
    section = SECTION_ROW.match(value.strip())
    if not section:
        return None
    title, _, description = section[2].partition(":")
    return ThemeRef(section[1], title.strip(), description.strip())


def _continues_above(cells: dict) -> bool:
    """No reference, no status or date of its own, and every cell starts mid-sentence."""
    if any(
        cells.get(name) for name in ("action_ref", "recommendation_ref", "status", "update_date")
    ):
        return False
    texts = [text for text in cells.values() if isinstance(text, str) and text]
    return bool(texts) and all(text[0].islower() and not MARKER.match(text) for text in texts)


def remembered_row_text(value) -> str:
    """A row's text as a remembered choice keys it: lower case, spaces as one, at most 200."""
    return " ".join(str(value).lower().split())[:200]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:58] + "…"


def _with(record: _Record, cells: dict) -> _Record:
    return _Record(record.row, {**record.cells, **cells}, record.theme)


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


def _continues_action(record: _Record) -> bool:
    cells = record.cells
    return bool(cells.get("detail")) and not cells.get("action") and not cells.get("action_ref")


def _as_written(text: str) -> str:
    """The number a cell starts with, exactly as written ("1.", "a)", "(ii)")."""
    match = MARKER.match(text)
    return match[0].strip() if match else ""


def _marker(text: str) -> tuple[str | None, str]:
    match = MARKER.match(text)
    if not match:
        return None, text
    return match[1], text[match.end() :]


def _inline_recommendations(text: str) -> tuple[str, list]:
    match = INLINE_RECOMMENDATIONS.search(text)
    if not match:
        return text, []
    refs = [
        ref.replace(" ", "").upper() for ref in re.findall(r"R\s?\d{1,2}[a-z]?", match[1], re.I)
    ]
    return text[: match.start()].strip(), [(ref, "") for ref in refs]
