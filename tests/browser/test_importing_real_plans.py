"""A coordinator imports the plan their council already has: a Word document of one table per
recommendation, then a workbook with heading rows. The preview says how each row was read; one
row is corrected there, by keyboard, before the import; the plan then reads as the document."""

from io import StringIO

import pytest
from django.core.management import call_command

from councils.models import Council
from plans.models import ImprovementPlan, PlanSource
from plans.status import Status
from tests.browser.conftest import assert_accessible
from tests.imports.conftest import FILES

pytestmark = pytest.mark.django_db(transaction=True)


def preview(page, live_server, plan, name):
    page.goto(f"{live_server.url}/manage/york/plans/{plan.slug}/")
    page.get_by_role("link", name="Import actions from a spreadsheet or Word document").click()
    page.set_input_files("input[type=file]", str(FILES / name))
    page.get_by_role("button", name="Preview the import").click()
    page.wait_for_url("**/import/*-*/")


def confirm(page, plan):
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url("**/jobs/**")
    status = page.get_by_role("status").inner_text()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/manage/york/plans/{plan.slug}/")
    return status


def test_a_coordinator_imports_a_word_plan_and_a_workbook_correcting_a_row(
    page, live_server, sign_in, smtp
):
    call_command("load_demo", stdout=StringIO())
    york = Council.objects.get(slug="york")
    peer = ImprovementPlan.objects.create(
        council=york, slug="peer-challenge", title="Peer challenge", source=PlanSource.INTERNAL
    )
    sign_in("york.coordinator", "york-coordinator-demo")

    preview(page, live_server, peer, "peer_challenge_tables.docx")
    main = page.locator("main")
    rows = page.get_by_role("table", name="How each row is read, and what the import will do")
    recommendation = rows.get_by_role("row").filter(has_text="Governance/decision making")
    assert "The recommendation the actions under it answer" in recommendation.inner_text()
    assert "Rows 1 to 2 above the header" in main.inner_text()  # the document's title
    first = rows.get_by_role("row").filter(has_text="Explore issues in the report preparation")
    assert "Monitoring Officer" in first.inner_text() and "Complete" in first.inner_text()
    assert_accessible(page, "import-preview-word")
    # The "Notes on completion" row is, this council says, a sub-action of the action above.
    choice = page.get_by_label("Row 17, “Notes on completion", exact=False)
    choice.focus()
    choice.select_option("sub-action")
    page.get_by_role("button", name="Check again with these choices").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    row = rows.get_by_role("row").filter(has_text="Notes on completion")
    assert "3.4.1" in row.inner_text()
    assert page.get_by_label("Row 17, “Notes on completion", exact=False).input_value() == (
        "sub-action"
    )
    assert "11 created" in confirm(page, peer)
    assert peer.recommendations.count() == 3
    assert peer.actions.get(ref="1.1").status == Status.COMPLETE
    assert peer.actions.get(ref="3.4.1").parent.ref == "3.4"

    governance = ImprovementPlan.objects.create(
        council=york, slug="governance", title="Governance", source=PlanSource.INTERNAL
    )
    preview(page, live_server, governance, "governance_headings.xlsx")
    heading = page.get_by_role("row").filter(has_text="Ownership of governance")
    assert "The theme of the actions under it" in heading.inner_text()
    assert_accessible(page, "import-preview-headings")
    assert "11 created" in confirm(page, governance)

    # The plan reads as the document has it: each action under its heading, with its date.
    page.goto(f"{live_server.url}/councils/york/plans/governance/")
    text = page.locator("main").inner_text()
    assert "Ownership of governance and its associated systems" in text
    assert "Internal candour and reflection" in text
    assert "April 2024" in text
