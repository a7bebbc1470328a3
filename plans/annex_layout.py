"""How a plan's committee annex is laid out: which sections, in what order, under which headings,
and the plan table's columns and their headings. Kept on the plan as JSON:

    {"sections": [["cover", ""], ["objectives", "Objectives"], ...],
     "columns": [["action", "Action"], ["detail", "Detail"], ...],
     "recommendations_in_detail": true, "update_dates": false, ...}
"""

from django.core.exceptions import ValidationError

SECTIONS = {
    "cover": "Cover: the council, the plan, the meeting and the date",
    "title": "Title: a heading without a cover page (its heading, or the annex label and the "
    "plan's title), and the line under it if one is given below",
    "introduction": "Introduction: the plan's description, as the council wrote it",
    "objectives": "Objectives: each theme with its description",
    "governance": "Governance: how the plan is monitored, as the council wrote it",
    "key": "Status key",
    "summary": "Summary: counts by status with the chart",
    "overdue": "Overdue actions",
    "changes": "Changes since the comparison date",
    "plan": "The plan table",
}
COLUMNS = {
    "action": "The action (and its reference)",
    "detail": "Its detail, or the sub-action",
    "recommendations": "The recommendations it answers",
    "officer": "The accountable officer",
    "narrative": "The latest narrative and evidence",
    "deadline": "The deadline as written",
    "status": "The status, as a word",
    "confidence": "The officer's confidence of delivering by the target date",
}

# What the plan table prints beyond the council's own text, each a choice on the layout page:
# name, what the layout page says, and its value in a layout saved before it was a choice.
CHOICES = {
    "recommendations_in_detail": (
        "Write the recommendations each action answers at the end of its detail, as the York "
        "pack does",
        False,
    ),
    "update_dates": ("Print the date of each update (“Update as at 8 Nov 2024”)", True),
    "evidence_label": ("Start the evidence an update gives with “Evidence:”", True),
    "progress_line": (
        "Print under each action how many of its sub-actions are complete (“2 of 3 sub-actions "
        "complete”)",
        True,
    ),
}

# The sections and columns of a committee pack's action plan annex (the York pack's Annex 2),
# with the status as a word in a column of its own: the pack shows it by colour alone.
PACK_LAYOUT = {
    "sections": [
        ["title", ""],
        ["introduction", "Background"],
        ["objectives", "Objectives"],
        ["governance", "Governance"],
        ["key", "Action Plan key"],
        ["plan", "Action Plan"],
    ],
    "columns": [
        ["action", "Action"],
        ["detail", "Detail"],
        ["officer", "Accountable officer"],
        ["narrative", "Narrative and Evidence Matrix (where appropriate)"],
        ["deadline", "Deadline"],
        ["status", "Status"],
    ],
    "recommendations_in_detail": True,
    "update_dates": False,
    "evidence_label": False,
    "progress_line": False,
}
# The product's own report: summary, overdue and changes pages, recommendations in a column.
REPORT_LAYOUT = {
    "sections": [
        ["cover", ""],
        ["summary", "Summary"],
        ["overdue", "Overdue"],
        ["changes", "Changes"],
        ["plan", ""],
    ],
    "columns": [
        ["action", "Action"],
        ["detail", "Detail"],
        ["recommendations", "Recommendations answered"],
        ["officer", "Accountable officer"],
        ["narrative", "Narrative and evidence"],
        ["deadline", "Deadline"],
        ["status", "Status"],
    ],
    "recommendations_in_detail": False,
    "update_dates": True,
    "evidence_label": True,
    "progress_line": True,
}
SUMMARY_SECTIONS = [["cover", ""], ["summary", "Summary"], ["overdue", "Overdue"]]


def pack_layout() -> dict:
    return {key: [list(pair) for pair in value] if isinstance(value, list) else value
            for key, value in PACK_LAYOUT.items()}  # fmt: skip


def validate_layout(value) -> None:
    """A clear message naming what is wrong; nothing is saved until it is right."""
    if not isinstance(value, dict):
        raise ValidationError("The annex layout must be an object with sections and columns.")
    for part, allowed in (("sections", SECTIONS), ("columns", COLUMNS)):
        entries = value.get(part)
        if not isinstance(entries, list) or not entries:
            raise ValidationError(f"The annex layout needs a list of {part}.")
        names = []
        for number, entry in enumerate(entries, start=1):
            if (
                not isinstance(entry, list)
                or len(entry) != 2
                or not all(isinstance(item, str) for item in entry)
            ):
                raise ValidationError(
                    f"{part.capitalize()} entry {number} must be [name, heading], "
                    'e.g. ["plan", "Action Plan"].'
                )
            if entry[0] not in allowed:
                raise ValidationError(
                    f"{part.capitalize()} entry {number}: “{entry[0]}” is not one of "
                    + ", ".join(allowed)
                    + "."
                )
            names.append(entry[0])
        if len(set(names)) != len(names):
            raise ValidationError(f"Each of the annex's {part} may appear only once.")
    for name in CHOICES:
        if not isinstance(value.get(name, False), bool):
            raise ValidationError(f"{name} must be true or false.")
    if not isinstance(value.get("title_note", ""), str):
        raise ValidationError("title_note must be text.")


class Layout:
    """The layout as the annex template reads it."""

    def __init__(self, value: dict, *, sections=None):
        self.sections = [tuple(pair) for pair in (sections or value["sections"])]
        self.columns = [tuple(pair) for pair in value["columns"]]
        for name, (_, before) in CHOICES.items():
            setattr(self, name, value.get(name, before))
        # a line printed under the title, as the pack's "Council Plan action: …"
        self.title_note = value.get("title_note", "")

    def has(self, section: str) -> bool:
        return any(name == section for name, _ in self.sections)
