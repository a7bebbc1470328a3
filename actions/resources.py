"""The action list's "download these rows" as a spreadsheet, via django-import-export."""

from import_export import fields, resources

from core.formula_escaping import escape_formula
from core.spreadsheets import table_workbook


class ActionListResource(resources.Resource):
    council = fields.Field(attribute="plan__council__name", column_name="Council")
    plan = fields.Field(attribute="plan__title", column_name="Plan")
    theme = fields.Field(column_name="Theme")
    ref = fields.Field(attribute="shown_ref", column_name="Ref")
    title = fields.Field(attribute="title", column_name="Action")
    lead_officer = fields.Field(attribute="lead_officer", column_name="Lead officer")
    target = fields.Field(attribute="target_text", column_name="Target date")
    status = fields.Field(column_name="Status")
    overdue = fields.Field(column_name="Overdue")
    last_update = fields.Field(attribute="status_as_at", column_name="Last update as at")
    narrative = fields.Field(attribute="latest_narrative", column_name="Latest narrative")

    def dehydrate_theme(self, action):
        return str(action.theme) if action.theme else ""

    def dehydrate_status(self, action):
        return action.plan.status_label(action.status)

    def dehydrate_overdue(self, action):
        return "Overdue" if action.is_overdue() else ""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


# (heading, width) of the action list's xlsx: the resource's columns, sized for Excel.
XLSX_WIDTHS = {
    "Council": 24,
    "Plan": 30,
    "Theme": 30,
    "Ref": 9,
    "Action": 60,
    "Lead officer": 28,
    "Target date": 22,
    "Status": 14,
    "Overdue": 10,
    "Last update as at": 14,
    "Latest narrative": 70,
}


def action_list_workbook(actions) -> bytes:
    """The action list as an xlsx: one tidy sheet, its dates real dates."""
    resource = ActionListResource()
    headings = [field.column_name for field in resource.get_export_fields()]
    rows = []
    for action in actions:
        row = []
        for field in resource.get_export_fields():
            if field.column_name == "Last update as at":
                row.append(action.status_as_at)  # a date, not the resource's text
            else:
                row.append(resource.export_field(field, action))
        rows.append(row)
    return table_workbook("Actions", [(h, XLSX_WIDTHS.get(h, 18)) for h in headings], rows)
