"""What reading a plan's rows gives: its actions, the rows set aside as headings or notes, and
every problem tied to a row and column; and the small readings of references all parts share."""

import re
from dataclasses import dataclass, field
from datetime import date

from plans.status import Status

THEME_LABEL = re.compile(
    r"^(?:(?:objective|theme|priority|outcome|workstream|section|pillar)\s+)?"
    r"(\d{1,3}[a-z]?)\s*[.:)–-]?\s+(.+)$",
    re.I | re.S,
)
REF_LABEL = re.compile(r"^(?:action|no\.?|ref\.?|number|#)\s*(?=\d)", re.I)
REF_SEPARATORS = re.compile(r"\s*(?:[,;/&+]|\band\b|\s)\s*", re.I)


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
class Record:
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


ROW_CHOICE = "row:"  # a mapping key "row:12" is what the person said row 12 is
REMEMBERED_ROW = "text:"  # a remembered choice, keyed by the row's text (`remembered_row_text`)


def remembered_row_text(value) -> str:
    """A row's text as a remembered choice keys it: lower case, spaces as one, at most 200."""
    return " ".join(str(value).lower().split())[:200]
