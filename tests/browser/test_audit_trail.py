"""A coordinator edits an action in the admin, then reads the change in the audit trail."""

from io import StringIO

import pytest
from django.core.management import call_command

from actions.models import Action
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_coordinator_sees_their_admin_edit_in_the_audit_trail(demo, page, live_server, sign_in):
    action = Action.objects.filter(plan__council__slug="york", parent__isnull=True).first()
    sign_in("york.coordinator", "york-coordinator-demo")

    page.goto(f"{live_server.url}/admin/actions/action/{action.pk}/change/")
    page.get_by_label("Lead officer:").fill("Director of Customer and Communities")
    page.get_by_label("Detail:").fill("A much longer account of the work. " * 6)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/actions/action/")

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Changes to City of York Council's plans").click()
    page.wait_for_url("**/councils/york/changes/")
    first = page.locator("tbody tr").first
    assert f"Action {action.shown_ref} {action.title[:40]}" in first.inner_text()  # as written
    assert "Priya Shah" in first.inner_text()
    assert "→ Director of Customer and Communities" in first.inner_text()
    first.get_by_text("Detail in full").click()
    assert first.locator(".govuk-details__text").is_visible()
    assert_accessible(page, "council-changes")
