"""The canonical template's columns and the field names users map headings to."""

COLUMNS = {
    "theme": "Theme",
    "recommendation_ref": "Recommendation ref",
    "recommendation": "Recommendation",
    "action_ref": "Action ref",
    "action": "Action",
    "detail": "Detail",
    "lead_officer": "Lead officer",
    "target_date": "Target date",
    "status": "Status",
    "update": "Update",
    "update_date": "Update date",
}
TEMPLATE_COLUMNS = list(COLUMNS.values())
IGNORE = "ignore"
MAPPABLE_FIELDS = [*COLUMNS, IGNORE]


def column_label(field: str) -> str:
    return COLUMNS.get(field, field)
