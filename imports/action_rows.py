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
- Several actions in one cell, one a line, when the lines are bulleted or numbered, under a plural
  heading ("Actions"), or in step with a date (or officer) cell of as many lines; a lead-in line
  ending in ":" over bullets is an action with sub-actions. "Complete" for a date is done.
- "Recommendations R1, R2" at the end of an action's text links those recommendations.
Rows that are not actions (headings, notes, the title above) are found by `heading_rows`.
"""

import re

from actions.models import Action
from actions.target_dates import impossible_day
from plans.status import Status

from .columns import OFFICER_AND_DATE, column_label
from .header_detection import Layout
from .heading_rows import HeadingRows, one_cell, theme_of_section_row
from .headings import normalise
from .officer_and_date import split_officer_and_date
from .parsed_plan import (
    HEADING_ROLE,
    NOTE,
    NOTE_ROLE,
    SUB_ACTION_ROLE,
    THEME,
    ParsedAction,
    ParsedPlan,
    Record,
    RowError,
    SetAside,
    ThemeRef,
    normalise_ref,
    parse_theme_label,
    split_refs,
)
from .row_reading import CellProblem, cell_date, cell_text
from .spreadsheet_files import Sheet

# "1.", "a)", "(ii)", "2:", and a number of levels with no stop ("1.1 It is important…")
MARKER = re.compile(
    r"^\(?(\d{1,3}(?:\.\d{1,3})+(?=[.):]?\s)|(?:\d{1,3}|[a-z]|[ivx]{2,4})(?=[.):]\s))[.):]?\s+(?=\S)",
    re.I,
)
BULLET = re.compile(r"^[•·*–-]\s*")
RECOMMENDATION_PIECE = re.compile(r"(?:^|(?<=\s))(R?\d{1,2}[a-z]?)[.):]\s+(?=[A-Z])")
INLINE_RECOMMENDATIONS = re.compile(
    r"\s*\bRecommendations?\b\s*:?\s*((?:R\s?\d{1,2}[a-z]?\s*(?:,|and|&)?\s*)+)[.,;]?\s*$", re.I
)
PLURAL_ACTION_HEADINGS = {"actions", "actions required", "actions to be taken"}
DONE_WORDS = {"complete", "completed", "done", "achieved"}
STEPPED = ("target_date", "lead_officer", "status", "update", OFFICER_AND_DATE)
MAX_LENGTHS = {
    name: Action._meta.get_field(name).max_length for name in ("ref", "lead_officer", "target_text")
}


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
        theme_of_section_row(only[1])
        for n, v in sheet.rows
        if n < layout.header_row and (only := one_cell(v))
    ]
    theme = next((theme for theme in reversed(above) if theme), None)
    reader.merges(sheet)
    reader.text_rows = sheet.text_rows
    rows = [(n, v) for n, v in sheet.rows if n > layout.header_row]
    return reader.read(reader.title_block(sheet, layout) + rows, theme)


class _ActionRowReader(HeadingRows):
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
        self.spanning: set[int] = set()  # rows of a cell merged across, or of one bold cell
        self.roles: dict[str, str] = {}  # what the person said rows are (`parse_action_rows`)
        self.text_rows: set[int] = set()  # a Word document's lines between its tables
        self.merged_down: dict[tuple[int, int], object] = {}  # (row, column) → the merge's value
        self.previous_recommendations: tuple[list, str] = ([], "")

    # -- cells ---------------------------------------------------------------------------------
    def error(self, row: int, field_name: str, message: str) -> None:
        column = self.layout.column_for(field_name)
        where = column.describe if column else f"column {column_label(field_name)}"
        self.plan.errors.append(RowError(row, where, message))

    def records(self, rows, section_theme: ThemeRef | None) -> list[Record]:
        records = []
        for number, values in rows:
            if self.layout.is_repeated_header(values):
                continue
            role = self.role(number, values)
            if role:  # kept to remember the choice by
                first = next((v for v in values if v not in (None, "")), "")
                self.plan.row_texts[number] = str(first)[:300]
            only = one_cell(values)
            if role is None and only and (theme := theme_of_section_row(only[1])):
                section_theme = theme
                self.plan.set_aside.append(SetAside(number, THEME, theme.title, theme.number))
                continue
            if role in (HEADING_ROLE, NOTE_ROLE):
                kind = THEME if role == HEADING_ROLE else NOTE
                text = next(str(v) for v in values if v not in (None, ""))
                records.append(Record(number, {}, section_theme, heading=(kind, text)))
                continue
            if role is None and only and (heading := self.heading(number, *only)):
                records.append(Record(number, {}, section_theme, heading=heading))
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
                    Record(number, cells, section_theme, sub_action=role == SUB_ACTION_ROLE)
                )
        return self.place_headings(records)

    def join(self, above: Record, number: int, cells: dict) -> None:
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

    def read_row(self, record: Record) -> None:
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

    def read_sub_action(self, record: Record) -> None:
        """A row the person said is a sub-action: of the action above, or of its parent when
        that is a sub-action itself."""
        above = self.plan.actions[-1]
        parent = above.parent_ref if above.parent_ref in self.used_refs else above.ref
        recommendations, cell = self.recommendations(record, continuing=True)
        self.add(record, self.next_child(parent), record.cells["action"], recommendations, cell)

    def read_lines(self, record: Record) -> bool:
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

    def stepped_cells(self, record: Record, count: int) -> dict[str, list[str]]:
        """The cells with one line for each of `count` actions ("• Complete / • July 2023")."""
        stepped = {}
        for name in STEPPED:
            text = record.cells.get(name) or ""
            lines = [BULLET.sub("", line).strip() for line in text.split("\n") if line.strip()]
            if count >= 2 and len(lines) == count:
                stepped[name] = lines
        return stepped

    def read_grouped(self, group: list[Record]) -> None:
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
            Record(head.row, {"action": title}, head.theme),
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
                Record(record.row, cells, record.theme),
                ref,
                child_title,
                recommendations,
                cell,
                written_ref=child_written,
            )

    def recommendations(self, record: Record, continuing: bool):
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
    def prefixed(self, record: Record, number: str | None) -> str:
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

    def officer_and_target(self, record: Record) -> tuple[str, str]:
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
        self, record: Record, ref: str, title: str, recommendations, cell, written_ref=""
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


def _continues_above(cells: dict) -> bool:
    """No reference, no status or date of its own, and every cell starts mid-sentence."""
    if any(
        cells.get(name) for name in ("action_ref", "recommendation_ref", "status", "update_date")
    ):
        return False
    texts = [text for text in cells.values() if isinstance(text, str) and text]
    return bool(texts) and all(text[0].islower() and not MARKER.match(text) for text in texts)


def _with(record: Record, cells: dict) -> Record:
    return Record(record.row, {**record.cells, **cells}, record.theme)


def _continues_action(record: Record) -> bool:
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
