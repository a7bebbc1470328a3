"""A coordinator imports a plan in the admin: upload, preview, confirm, checked by axe-core."""

from pathlib import Path

import pytest

from actions.models import Action
from councils.models import Role
from tests.browser.conftest import assert_accessible
from tests.factories import PlanFactory, member

pytestmark = pytest.mark.django_db(transaction=True)

FILES = Path(__file__).resolve().parent.parent / "imports" / "files"


def test_coordinator_previews_and_confirms_an_import(page, live_server, sign_in, council):
    plan = PlanFactory(council=council, title="Corporate Improvement Plan", slug="cip")
    member(
        council,
        Role.COORDINATOR,
        username="coordinator",
        password="a-good-test-password",
        is_staff=True,
    )
    sign_in("coordinator", "a-good-test-password")
    page.goto(f"{live_server.url}/admin/plans/improvementplan/{plan.pk}/import/")
    assert_accessible(page, "admin-import")

    page.set_input_files("input[type=file]", str(FILES / "york_plan.xlsx"))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url("**/import/**")
    assert "Nothing has been saved yet" in page.inner_text("#content")
    assert not Action.objects.filter(plan=plan).exists()
    assert_accessible(page, "admin-import-preview")

    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/jobs/**")
    assert Action.objects.filter(plan=plan).count() == 76
    assert "Imported york_plan.xlsx: 76 created" in page.get_by_role("status").inner_text()
    assert_accessible(page, "admin-import-done")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/admin/plans/improvementplan/{plan.pk}/change/")
