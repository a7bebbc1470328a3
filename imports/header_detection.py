"""Find the header row of a sheet and decide which column holds which field.

Real plans put a title block above the header, repeat the header on every page of a table pasted
from Word, and name columns in their own words. The header row is the first of the top rows that
names the most known columns (at least two, one of them the action).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from openpyxl.utils import get_column_letter

from .columns import IGNORE, column_label
from .headings import heading_date, normalise, recognise

HEADER_SEARCH_ROWS = 50
SAMPLE_ROWS = 30
COLUMN_LETTERS = re.compile(r"[A-Za-z]{1,3}")
GROUP_WORDS = (["objective"], ["objectives"], ["priority"], ["priorities"])
REF_LIKE = re.compile(r"^(?:action|no\.?|ref\.?|rec\.?)?\s*[a-z]?\d+(?:\.\d+)*[a-z]?[.)]?$", re.I)


class NoHeaderRow(Exception):
    """No row of the sheet reads as the header; the message says what was looked for. `layout`
    is the likeliest header row all the same, so a person can say what its columns hold."""

    def __init__(self, message: str, layout: "Layout | None" = None):
        super().__init__(message)
        self.layout = layout


@dataclass
class Column:
    index: int
    heading: str
    field: str | None
    heading_date: date | None = None
    mapped_by_user: bool = False
    remembered: bool = False  # mapped by someone at an earlier import of this council's

    @property
    def field_label(self) -> str:
        return column_label(self.field) if self.field else ""

    @property
    def reason(self) -> str:
        """Why the column is read as it is, for the preview."""
        if self.remembered:
            return "as chosen at an earlier import"
        if self.mapped_by_user:
            return "as you chose"
        if self.field:
            return "recognised heading"
        return "not recognised, so ignored" if self.heading else "no heading, so ignored"

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def describe(self) -> str:
        return f"column {self.letter} “{self.heading}”"


@dataclass
class Layout:
    header_row: int
    columns: list[Column]
    notes: list[str] = field(default_factory=list)

    def column_for(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)

    @property
    def unrecognised(self) -> list[Column]:
        return [c for c in self.columns if c.field is None and c.heading]

    def is_repeated_header(self, values: list) -> bool:
        """A row that repeats the header (a Word table repeats it on every page)."""
        filled = [(i, v) for i, v in enumerate(values) if v not in (None, "")]
        if len(filled) < 2:
            return False
        headings, first_words = self._normalised_headings, self._first_words
        short = [
            (index, value)
            for index, value in filled
            if isinstance(value, str) and len(value) <= 80  # headings are short text
        ]
        # Every data row comes here: keep it cheap. A cell can only read as its heading if it
        # holds the heading's first word, so only those are normalised to look.
        same = sum(
            1
            for index, value in short
            if first_words.get(index, "\0") in value.lower()
            and (text := normalise(value))
            and headings.get(index) == text
        )
        if same == 0:
            return False
        short = [(index, normalise(value)) for index, value in short]
        by_index = {c.index: c for c in self.columns}
        same += sum(
            1
            for index, text in short
            if headings.get(index) != text
            and by_index.get(index)
            and by_index[index].field
            and recognise(text) == by_index[index].field
        )
        return same * 5 >= len(filled) * 3

    @cached_property
    def _normalised_headings(self) -> dict[int, str]:
        return {column.index: normalise(column.heading) for column in self.columns}

    @cached_property
    def _first_words(self) -> dict[int, str]:
        return {index: text.split(" ")[0] for index, text in self._normalised_headings.items()}


def find_layout(
    rows: list[tuple[int, list]],
    mapping: dict[str, str] | None = None,
    remembered: dict[str, str] | None = None,
) -> Layout:
    """The header row and its columns. `mapping` maps headings (or column letters) to fields;
    `remembered` (normalised heading to field) is what the council chose at earlier imports."""
    mapping = _mapping_keys(mapping or {})
    remembered = remembered or {}
    best = None
    for position, (number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _columns(values, mapping, remembered)
        fields = {c.field for c in columns if c.field and c.field != IGNORE}
        if len(fields) >= 2 or (len(fields) == 1 and any(c.mapped_by_user for c in columns)):
            if best is None or len(fields) > best[0]:
                best = (len(fields), position, number, columns)
    if best is None:
        raise NoHeaderRow(
            "We could not find the header row: none of the first rows names the columns. "
            "Say below what each column holds (at least the action), or name the columns "
            "“Action”, “Lead officer”, “Target date” and so on.",
            _likeliest_header(rows, mapping, remembered),
        )
    _, position, number, columns = best
    layout = Layout(number, columns)
    _objective_as_recommendation(layout)
    # rows of one cell (headings over the actions, notes) say nothing of what a column holds
    samples = [
        values
        for _, values in rows[position + 1 :][: SAMPLE_ROWS * 2]
        if sum(v not in (None, "") for v in values) > 1
    ][:SAMPLE_ROWS]
    _resolve_duplicates(layout, samples)
    _unheaded_refs(layout, samples)
    if layout.column_for("action") is None:
        named = ", ".join(column_label(c.field) for c in columns if c.field and c.field != IGNORE)
        raise NoHeaderRow(
            f"Row {number} looks like the header row (it names {named}), but no column holds the "
            "action. Say below which column holds the action.",
            layout,
        )
    return layout


def _likeliest_header(rows, mapping, remembered) -> Layout | None:
    """With no header found, the first of the top rows with the most cells filled."""
    top = rows[:HEADER_SEARCH_ROWS]
    if not top:
        return None
    number, values = max(top, key=lambda row: sum(v not in (None, "") for v in row[1]))
    return Layout(number, _columns(values, mapping, remembered))


def _mapping_keys(mapping: dict[str, str]) -> dict[str, str]:
    """Headings compare normalised; a key like "C" also names column C."""
    keys = {}
    for key, value in mapping.items():
        keys[normalise(key)] = value
        if COLUMN_LETTERS.fullmatch(key.strip()):
            keys["column " + key.strip().upper()] = value
    return keys


def _columns(values: list, mapping: dict[str, str], remembered: dict[str, str]) -> list[Column]:
    columns = []
    for index, value in enumerate(values):
        heading = " ".join(str(value).split()) if value not in (None, "") else ""
        letter = get_column_letter(index + 1)
        chosen = mapping.get(normalise(heading)) or mapping.get("column " + letter)
        earlier = None if chosen else remembered.get(normalise(heading)) if heading else None
        column = Column(
            index, heading, chosen or earlier or (recognise(heading) if heading else None)
        )
        column.mapped_by_user = bool(chosen or earlier)
        column.remembered = bool(earlier)
        if column.field in ("update", "update_date"):
            column.heading_date = heading_date(heading) if column.field == "update" else None
        columns.append(column)
    return columns


def _objective_as_recommendation(layout: Layout) -> None:
    """A column headed "Objective" or "Priority" holds what each action answers (the
    recommendation), unless the sheet has a recommendation column: then it is the theme."""
    if layout.column_for("recommendation") is not None:
        return
    for column in layout.columns:
        words = normalise(column.heading).split()
        if column.field == "theme" and not column.mapped_by_user and words[:1] in GROUP_WORDS:
            column.field = "recommendation"
            return


def _resolve_duplicates(layout: Layout, samples: list[list]) -> None:
    """Two columns claiming one field: a column of references beside an action is the ref
    ("Action" | ... | "Action" in a governance plan); other extras are set aside with a note."""
    for name in {c.field for c in layout.columns if c.field and c.field != IGNORE}:
        claimants = [c for c in layout.columns if c.field == name]
        if len(claimants) < 2:
            continue
        if name == "action" and layout.column_for("action_ref") is None:
            ref_column = next((c for c in claimants if _holds_refs(c, samples)), None)
            if ref_column is not None:
                ref_column.field = "action_ref"
                claimants.remove(ref_column)
        if name == "update":  # several dated update columns: the latest is the update
            claimants.sort(key=lambda c: c.heading_date or date.min, reverse=True)
        if name == "action" and len(claimants) > 1:
            _response_as_detail(layout, claimants)
        for extra in claimants[1:]:
            extra.field = None
            layout.notes.append(
                f"C{extra.describe[1:]} was ignored: {claimants[0].describe} already "
                f"holds the {column_label(name).lower()}. Map it if it holds something else."
            )


def _response_as_detail(layout: Layout, claimants: list[Column]) -> None:
    """An auditor's tracker with an action column and a "Management response" beside it: the
    action is the action, and the response its detail (where no column holds the detail)."""
    claimants.sort(key=lambda c: "response" in normalise(c.heading))
    response = claimants[-1]
    if "response" in normalise(response.heading) and layout.column_for("detail") is None:
        response.field = "detail"
        claimants.remove(response)
        layout.notes.append(
            f"C{response.describe[1:]} was read as each action's detail: "
            f"{claimants[0].describe} holds the action."
        )


def _unheaded_refs(layout: Layout, samples: list[list]) -> None:
    """A column with no heading holding numbers ("1", "2", "4", "5 a)") is the actions'
    references: the council's own numbering, kept rather than numbering the rows afresh."""
    if layout.column_for("action_ref") is not None:
        return
    action = layout.column_for("action")
    for column in layout.columns:
        if column.heading or column.field or (action and column.index > action.index):
            continue
        if _holds_refs(column, samples):
            column.field = "action_ref"
            layout.notes.append(
                f"Column {column.letter} has no heading but holds numbers: it was read as the "
                "actions' references."
            )
            return


def _holds_refs(column: Column, samples: list[list]) -> bool:
    values = [
        str(row[column.index]).strip()
        for row in samples
        if column.index < len(row) and row[column.index] not in (None, "")
    ]
    refs = [v for v in values if len(v) <= 15 and REF_LIKE.match(v)]
    return bool(values) and len(refs) * 5 >= len(values) * 4
