"""The annex's columns in the plan's own words: the headings an import read, in the file's order.

A plan whose annex layout nobody has chosen yet (the committee pack's, as every new plan starts)
takes the columns of the document it was imported from, so the annex prints "Governance
Characteristic", "Owner" and "Completion Date" where the council's document does, not another
plan's headings. A layout a coordinator has set is never changed by an import.
"""

from plans.annex_layout import pack_layout
from plans.models import ImprovementPlan

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


def annex_layout_from_import(plan: ImprovementPlan, columns: list[Column], by) -> str:
    """Give a plan still on the default layout its document's columns; what was done, in words
    for the import report ("" when nothing changed)."""
    found = annex_columns_from(columns)
    if not found or plan.annex_layout != pack_layout():
        return ""
    if "detail" not in dict(found) and plan.actions.filter(parent__isnull=False).exists():
        found.insert(1, ["detail", "Detail"])  # where the sub-actions' own words are printed
    plan.annex_layout = {
        **plan.annex_layout,
        "columns": found,
        # recommendations in a column of their own are not written again in the detail
        "recommendations_in_detail": not any(name == "recommendations" for name, _ in found),
    }
    plan._history_user, plan._change_reason = by.user, by.reason
    plan.save(update_fields=["annex_layout"])
    headings = ", ".join(f"“{heading}”" for _, heading in found)
    return f"The committee annex prints this file's columns: {headings}."
