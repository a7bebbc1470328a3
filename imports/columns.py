"""The canonical template's columns and the field names users map headings to."""

COLUMNS = {
    "theme": "Theme",
    "recommendation_ref": "Recommendation ref",
    "recommendation": "Recommendation",
    "action_ref": "Action ref",
    "written_ref": "Number as written",
    "action": "Action",
    "detail": "Detail",
    "lead_officer": "Lead officer",
    "target_date": "Target date",
    "status": "Status",
    "update": "Update",
    "update_date": "Update date",
}
TEMPLATE_COLUMNS = list(COLUMNS.values())
# Read on import, never written: one cell holding both, split on the way in.
OFFICER_AND_DATE = "officer_and_date"
READ_ONLY_COLUMNS = {OFFICER_AND_DATE: "Lead officer and target date"}
IGNORE = "ignore"
MAPPABLE_FIELDS = [*COLUMNS, OFFICER_AND_DATE, IGNORE]


def column_label(field: str) -> str:
    return COLUMNS.get(field) or READ_ONLY_COLUMNS.get(field, field)
