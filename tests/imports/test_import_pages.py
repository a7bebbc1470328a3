"""The coordinator's own import and export pages (no admin, no staff access): upload, preview
with a choice for every column, confirm, export and the template."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Action
from councils.models import Role
from tests.factories import member

from .conftest import FILES


def url(name, plan, *args):
    return reverse(f"plan_import:{name}", args=[plan.council.slug, plan.slug, *args])


def upload(client, plan, name):
    with open(FILES / name, "rb") as file:
        return client.post(url("upload", plan), {"file": file, "sheet": ""}, follow=True)


def test_a_coordinator_imports_in_the_products_pages(client, coordinator, plan):
    coordinator.is_staff = False  # no admin access: the product's own pages suffice
    coordinator.save()
    client.force_login(coordinator)
    response = upload(client, plan, "governance_plan.xlsx")
    page = response.content.decode()
    assert "Check the import" in page and "Nothing has been saved yet" in page
    assert 'class="govuk-select" name="map-A"' in page  # a choice for every column
    assert not Action.objects.exists()
    preview = response.redirect_chain[-1][0]
    response = client.post(preview, {"confirm": "yes"}, follow=True)
    assert plan.actions.count() == 11
    assert "11 created" in response.content.decode()


def test_a_column_is_mapped_on_the_preview(client, coordinator, plan):
    client.force_login(coordinator)
    response = upload(client, plan, "unseen_shape.xlsx")
    preview = response.redirect_chain[-1][0]
    response = client.post(preview, {"check": "yes", "map-D": "lead_officer"}, follow=True)
    assert [c.field for c in response.context["report"].columns][3] == "lead_officer"


def test_errors_are_in_the_error_summary_and_no_import_is_offered(client, coordinator, plan):
    client.force_login(coordinator)
    page = upload(client, plan, "one_bad_row.xlsx").content.decode()
    assert "govuk-error-summary" in page and "Row 3, column E “Status”" in page
    assert 'name="confirm"' not in page
    response = client.post(url("upload", plan), {"sheet": ""})
    assert "Choose the file to import" in response.content.decode()


def test_the_plan_exports_and_the_template_downloads(client, coordinator, plan):
    Action.objects.create(plan=plan, ref="1", written_ref="1.", title="Refresh the constitution")
    client.force_login(coordinator)
    response = client.get(url("export", plan, "xlsx"))
    assert response["Content-Disposition"].startswith("attachment;")
    values = [
        c.value for row in load_workbook(BytesIO(response.content)).active.iter_rows() for c in row
    ]
    assert "Refresh the constitution" in values
    template = client.get(reverse("plan_import:template", args=[plan.council.slug]))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    assert client.get(url("export", plan, "exe")).status_code == 404


@pytest.mark.parametrize("role", [Role.OFFICER, Role.VIEWER])
def test_only_coordinators_import_and_export(client, council, plan, role):
    client.force_login(member(council, role, username="someone"))
    assert client.get(url("upload", plan)).status_code == 403
    assert client.get(url("export", plan, "xlsx")).status_code == 403
    assert client.get(reverse("plan_import:template", args=[council.slug])).status_code == 403


def test_the_preview_shows_how_each_row_is_read_and_a_rows_role_can_be_corrected(
    client, coordinator, plan
):
    from imports.models import RememberedRow

    client.force_login(coordinator)
    response = upload(client, plan, "peer_challenge_tables.docx")
    preview = response.redirect_chain[-1][0]
    readings = {(r.row, r.ref): r for r in response.context["report"].readings}
    first = readings[(7, "1.1")]
    assert (first.role, first.lead_officer, first.status) == (
        "action",
        "Monitoring Officer",
        "Complete",
    )
    assert readings[(7, "1.2")].target_text == "December 2024"
    assert readings[(7, "1.2")].target_read == "31 December 2024"
    recommendation = readings[(3, "1")]
    assert recommendation.role == "recommendation"
    assert recommendation.title.startswith("Governance/decision making – consider")
    assert readings[(17, "")].role == "note"
    page = response.content.decode()
    assert '<select class="govuk-select" name="role-7" id="role-7">' in page
    assert page.count('name="role-7"') == 1  # one choice for a row read as four actions
    assert "Action, from the same row" in page
    # The note under the last table is, in fact, an action of its own.
    response = client.post(preview, {"check": "yes", "role-17": "sub-action"}, follow=True)
    note = next(r for r in response.context["report"].readings if r.row == 17)
    assert (note.role, note.ref, note.chosen) == ("sub-action", "3.4.1", "sub-action")
    assert 'value="sub-action" selected' in response.content.decode()
    client.post(preview, {"confirm": "yes", "role-17": "sub-action"}, follow=True)
    noted = plan.actions.get(ref="3.4.1")
    assert noted.title.startswith("Notes on completion") and noted.parent.ref == "3.4"
    assert plan.actions.count() == 11
    remembered = RememberedRow.objects.get(council=plan.council)
    assert remembered.role == "sub-action" and remembered.written.startswith("Notes on completion")
    # The council's next import of a plan with that row reads it so without being told.
    response = upload(client, plan, "peer_challenge_tables.docx")
    note = next(r for r in response.context["report"].readings if r.row == 17)
    assert note.role == "sub-action" and note.remembered.startswith("Notes on completion")
    assert "As chosen at an earlier import" in response.content.decode()
    # …until it is forgotten.
    preview = response.redirect_chain[-1][0]
    response = client.post(preview, {"forget_row": note.remembered}, follow=True)
    assert not RememberedRow.objects.exists()
    note = next(r for r in response.context["report"].readings if r.row == 17)
    assert note.role == "note"


def test_an_update_shows_each_changed_field_before_and_after(client, coordinator, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import xlsx_bytes

    Action.objects.create(plan=plan, ref="1", title="Balance the budget", lead_officer="S151")
    client.force_login(coordinator)
    data = xlsx_bytes(
        [["Ref", "Action", "Lead officer"], ["1", "Balance the budget", "Director of Finance"]]
    )
    response = client.post(
        url("upload", plan),
        {"file": SimpleUploadedFile("plan.xlsx", data), "sheet": ""},
        follow=True,
    )
    (reading,) = response.context["report"].readings
    assert (reading.change, reading.details) == (
        "updated",
        ["lead officer: “S151” → “Director of Finance”"],
    )
    assert "lead officer: “S151” → “Director of Finance”" in response.content.decode()


def test_a_workbook_with_several_plan_sheets_offers_each_and_reads_the_one_chosen(
    client, coordinator, plan
):
    client.force_login(coordinator)
    response = upload(client, plan, "governance_headings.xlsx")
    preview = response.redirect_chain[-1][0]
    page = response.content.decode()
    assert '<option value="Action plan" selected>Action plan</option>' in page
    assert '<option value="2022 plan (closed)">' in page
    response = client.post(
        preview, {"check": "yes", "sheet": "2022 plan (closed)", "role-7": "note"}, follow=True
    )
    report = response.context["report"]
    assert report.sheet == "2022 plan (closed)"
    assert [r.title for r in report.readings] == ["Publish the Annual Governance Statement"]
    client.post(preview, {"confirm": "yes", "sheet": "2022 plan (closed)"}, follow=True)
    assert list(plan.actions.values_list("title", flat=True)) == [
        "Publish the Annual Governance Statement"
    ]


def test_a_row_matched_to_the_plans_own_number_shows_what_happens_to_it(client, coordinator, plan):
    Action.objects.create(plan=plan, ref="1.", title="Balance the budget")
    client.force_login(coordinator)
    response = upload(client, plan, "excel_utf8_bom.csv")  # its row numbered "1"
    readings = response.context["report"].readings
    assert [(r.ref, r.change) for r in readings] == [("1.", "updated"), ("2", "created")]
