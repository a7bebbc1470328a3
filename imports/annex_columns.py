"""The annex's columns in the plan's own words: the headings an import read, in the file's order.

A plan an import creates takes the columns of the document it was imported from, so its annex
prints "Governance Characteristic", "Owner" and "Completion Date" where the council's document
does, not another plan's headings. An import into a plan that exists never changes its layout
(a coordinator's choice, or an export of the plan imported again).
"""

from plans.annex_layout import pack_layout

from .header_detection import Column

# What a column of the file holds → the annex column that prints it.
ANNEX_COLUMN_OF = {
    "action": "action",
    "detail": "detail",
    "recommendation": "recommendations",
    "recommendation_ref": "recommendations",
    "lead_officer": "officer",
    "officer_and_date": "officer",
    "target_date": "deadline",
    "update": "narrative",
    "status": "status",
}
# A progress annex always prints the latest update and the status as a word, whether or not the
# plan's document had a column for them.
ADDED = {"narrative": "Progress", "status": "Status"}


def annex_columns_from(columns: list[Column]) -> list[list[str]]:
    """The annex columns the file's headings give, in its order, each under its heading."""
    chosen: dict[str, str] = {}
    for column in sorted(columns, key=lambda column: column.index):
        name = ANNEX_COLUMN_OF.get(column.field or "")
        heading = " ".join(column.heading.split())
        if name and heading and name not in chosen:
            chosen[name] = heading
    if "action" not in chosen:
        return []
    for name, heading in ADDED.items():
        chosen.setdefault(name, heading)
    return [[name, heading] for name, heading in chosen.items()]


def annex_layout_for_new_plan(columns: list[Column], has_sub_actions: bool) -> dict | None:
    """The layout a plan created by an import starts with: the committee pack's, with the
    columns its document has, in its words (None when the headings name no action column)."""
    found = annex_columns_from(columns)
    if not found:
        return None
    if "detail" not in dict(found) and has_sub_actions:
        found.insert(1, ["detail", "Detail"])  # where the sub-actions' own words are printed
    return pack_layout() | {
        "columns": found,
        # recommendations in a column of their own are not written again in the detail
        "recommendations_in_detail": not any(name == "recommendations" for name, _ in found),
    }


def layout_note(layout: dict) -> str:
    headings = ", ".join(f"“{heading}”" for _, heading in layout["columns"])
    return f"The committee annex prints this file's columns: {headings}."
