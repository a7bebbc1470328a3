"""A York coordinator builds a small plan from nothing in the product's own pages, never the
admin, with axe-core and the HTML checker on each kind of page on the way, at 1280 and 320 px."""

from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from actions.models import Action
from plans.models import ImprovementPlan
from tests.browser.conftest import assert_accessible
from tests.imports.conftest import FILES

pytestmark = pytest.mark.django_db(transaction=True)


def save(page, button="Save"):
    page.get_by_role("button", name=button, exact=False).first.click()
    page.wait_for_load_state()


def test_a_coordinator_builds_a_plan_without_the_admin(page, live_server, sign_in, smtp):
    call_command("load_demo", stdout=StringIO())
    sign_in("york.coordinator", "york-coordinator-demo")
    page.get_by_role("link", name="Build plans").click()
    assert_accessible(page, "build-council-plans")
    page.get_by_role("button", name="Create a plan").click()

    # A mistake first: the error summary keeps what was typed.
    page.locator("#id_adopted_on_0").fill("31")
    page.locator("#id_adopted_on_1").fill("2")
    page.locator("#id_adopted_on_2").fill("2025")
    page.get_by_label("Title").fill("Housing Improvement Plan")
    save(page, "Save plan")
    assert (
        "The date adopted must be a real date" in page.locator(".govuk-error-summary").inner_text()
    )
    assert page.get_by_label("Title").input_value() == "Housing Improvement Plan"
    assert_accessible(page, "build-plan-form-errors")
    page.locator("#id_adopted_on_1").fill("3")
    page.get_by_role("group", name="On track").get_by_label("The council's word for it").fill(
        "Underway"
    )
    for status, place in [("Complete", "1"), ("On track", "2"), ("At risk", "3")]:
        page.get_by_role("group", name=status).get_by_label("Place in the key").select_option(place)
    save(page, "Save plan")
    assert "Plan created" in page.locator(".govuk-notification-banner").inner_text()
    plan = ImprovementPlan.objects.get(title="Housing Improvement Plan")
    assert plan.status_key == ["complete", "on_track", "at_risk"]

    for number, title in [("1", "Repairs"), ("2", "Tenant voice")]:
        page.get_by_role("link", name="Add a theme").click()
        page.get_by_label("Number as written").fill(number)
        page.get_by_label("Title").fill(title)
        save(page, "Save theme")
    for ref in ("R1", "R2", "R3"):
        page.get_by_role("link", name="Add a recommendation").click()
        page.get_by_label("Reference as written").fill(ref)
        page.get_by_label("Title").fill(f"Recommendation {ref}")
        save(page, "Save recommendation")
    for n, theme in [
        (1, "1. Repairs"),
        (2, "1. Repairs"),
        (3, "2. Tenant voice"),
        (4, "2. Tenant voice"),
    ]:
        page.get_by_role("link", name="Add an action").first.click()
        page.get_by_label("Number as written (optional)").fill(f"{n}.")
        page.get_by_label("Action", exact=True).fill(f"Housing action {n}")
        page.get_by_label("Theme").select_option(label=theme)
        page.get_by_label("Target date (optional)").fill("March 2025")
        page.get_by_label(f"R{n if n < 4 else 1}", exact=False).first.check()
        page.get_by_label("Tom Hughes").check()
        if n == 1:
            assert_accessible(page, "build-action-form")
        save(page, "Save action")

    first = Action.objects.get(plan=plan, title="Housing action 1")
    card = page.locator(f"#action-{first.pk}")
    card.get_by_role("link", name="Add a sub-action").click()
    for n in (1, 2):
        page.get_by_label("Number as written (optional)").fill(f"{n}.")
        page.get_by_label("Action", exact=True).fill(f"Housing sub-action {n}")
        save(page, "Save and add another sub-action" if n == 1 else "Save action")
    assert first.children.count() == 2
    assert_accessible(page, "build-plan")

    # Move the second action above the first, then revise a date, reading it back first.
    second = Action.objects.get(plan=plan, title="Housing action 2")
    page.locator(f"#action-{second.pk}").get_by_role("button", name="Move up").click()
    assert "moved up" in page.locator(".govuk-notification-banner").inner_text()
    page.locator(f"#action-{second.pk}").get_by_role("link", name="Revise").click()
    page.get_by_label("New target date").fill("Rolling to June 2025")
    page.get_by_label("Why it has moved").fill("The contractor started late")
    save(page, "Check the date")
    assert "a deadline of 30 June 2025" in page.locator("#reading").inner_text()
    assert_accessible(page, "build-target-check")
    save(page, "Save the new target date")
    second.refresh_from_db()
    assert (second.target_text, second.original_target_text) == (
        "Rolling to June 2025",
        "March 2025",
    )

    themes = [a.theme.title for a in plan.actions.filter(parent=None).order_by("position", "id")]
    assert themes == ["Repairs", "Repairs", "Tenant voice", "Tenant voice"]
    assert [
        a.title for a in plan.actions.filter(parent=None, theme__number="1").order_by("position")
    ] == [
        "Housing action 2",
        "Housing action 1",
    ]
    # Removing an action with sub-actions asks first, then says why it cannot.
    page.locator(f"#action-{first.pk}").get_by_role("link", name="Remove").first.click()
    assert_accessible(page, "build-remove-check")
    page.get_by_role("button", name="Remove the action").click()
    assert "has sub-actions" in page.locator(".govuk-error-summary").inner_text()

    # Import a spreadsheet into it, previewed first, then export it again.
    page.goto(f"{live_server.url}/manage/york/plans/{plan.slug}/")
    page.get_by_role("link", name="Import actions from a spreadsheet or Word document").click()
    assert_accessible(page, "build-import")
    page.set_input_files("input[type=file]", str(FILES / "governance_plan.xlsx"))
    page.get_by_role("button", name="Preview the import").click()
    page.wait_for_url("**/import/*-*/")
    assert "Nothing has been saved yet" in page.locator("main").inner_text()
    assert_accessible(page, "build-import-preview")
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url("**/jobs/**")
    assert "11 created" in page.get_by_role("status").inner_text()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/manage/york/plans/{plan.slug}/")
    assert plan.actions.count() == 6 + 11
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the plan as a spreadsheet").click()
    values = [
        cell.value
        for row in load_workbook(
            BytesIO(Path(download.value.path()).read_bytes())
        ).active.iter_rows()
        for cell in row
    ]
    assert "Housing sub-action 2" in values and "Rolling to June 2025" in values

    # Invite a colleague, who is emailed a link to choose a password.
    page.goto(f"{live_server.url}/manage/york/")
    page.get_by_role("link", name="Members of City of York Council").click()
    page.get_by_role("button", name="Invite a colleague").click()
    page.get_by_label("Email address").fill("jo.bloggs@york.example.org")
    page.get_by_label("First name").fill("Jo")
    page.get_by_label("Last name").fill("Bloggs")
    page.get_by_label("Officer: updates the actions they own").check()
    assert_accessible(page, "members-invite")
    page.get_by_role("button", name="Send the invitation").click()
    assert (
        "Invitation sent to jo.bloggs@york.example.org"
        in page.locator(".govuk-notification-banner").inner_text()
    )
    assert "Jo Bloggs" in page.locator("table").inner_text()
    assert_accessible(page, "members")
    assert "/accounts/set-password/" in smtp.text(smtp.to("jo.bloggs@york.example.org")[0])

    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"{live_server.url}/manage/york/plans/{plan.slug}/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page, "build-plan-320")
    assert "/admin/" not in page.content()
