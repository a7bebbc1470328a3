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
