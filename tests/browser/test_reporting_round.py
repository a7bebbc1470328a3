"""The committee cycle as a new user tries it: open a round on the York plan, the officer gets
the request by email and updates, the outstanding list shrinks, the coordinator publishes, and
anyone opens the public page and the frozen annex. Every page checked with axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo.plans import load_demo
from plans.models import ImprovementPlan
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def inbox(smtp):
    return smtp  # the real SMTP server on loopback of tests/conftest.py


def signed_in(browser, live_server, username, password, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    return page


def test_a_round_from_opening_to_the_public_page(browser, live_server, inbox):
    load_demo()
    york = ImprovementPlan.objects.get(council__slug="york")
    york.public = True
    york.save()
    meeting = timezone.localdate() + timedelta(days=28)

    coordinator = signed_in(browser, live_server, "york.coordinator", "york-coordinator-demo")
    coordinator.goto(f"{live_server.url}/councils/york/plans/{york.slug}/")
    coordinator.get_by_role("link", name="Reporting rounds").click()
    coordinator.get_by_role("button", name="Open a round").click()
    assert_accessible(coordinator, "round-open")
    coordinator.get_by_role("button", name="Open the round").click()
    assert "Enter the meeting date" in coordinator.locator(".govuk-error-summary").inner_text()
    assert_accessible(coordinator, "round-open-errors")
    coordinator.get_by_label("Committee (optional)").fill("Corporate Scrutiny Committee")
    coordinator.locator("#id_meeting_date_0").fill(str(meeting.day))
    coordinator.locator("#id_meeting_date_1").fill(str(meeting.month))
    coordinator.locator("#id_meeting_date_2").fill(str(meeting.year))
    coordinator.get_by_role("button", name="Open the round").click()
    coordinator.wait_for_url("**/rounds/*/")
    assert "Round opened for Corporate Scrutiny Committee" in coordinator.content()
    outstanding_before = int(
        coordinator.get_by_role("heading", name="Outstanding").inner_text().split("(")[1][:-1]
    )
    assert_accessible(coordinator, "round-page")

    (request,) = inbox.to("york.officer@example.org")
    assert request["Subject"].startswith("Progress updates needed by")
    update_link = next(
        line.split(": ", 1)[1]
        for line in inbox.text(request).splitlines()
        if line.startswith("Update it: ")
    )

    officer = signed_in(browser, live_server, "york.officer", "york-officer-demo")
    assert officer.get_by_role("table", name="Due by").first.is_visible()
    assert_accessible(officer, "round-my-actions")
    officer.goto(update_link.replace("https://tracker.example.org", live_server.url))
    officer.get_by_label("Progress narrative").fill("Recruitment campaign launched in March.")
    officer.get_by_role("button", name="Save update").click()
    officer.wait_for_url("**/actions/*/")

    coordinator.reload()
    heading = coordinator.get_by_role("heading", name="Outstanding").inner_text()
    assert f"({outstanding_before - 1})" in heading
    coordinator.get_by_role("button", name="Publish this round").click()
    assert_accessible(coordinator, "round-publish")
    coordinator.get_by_role("button", name="Publish the round").click()
    # Before the deadline, with updates to come: the coordinator confirms, from the error's link.
    summary = coordinator.locator(".govuk-error-summary")
    assert "updates are still to come" in summary.inner_text()
    assert_accessible(coordinator, "round-publish-confirm")
    summary.get_by_role("link").click()
    assert coordinator.evaluate("document.activeElement.id") == "confirm"
    coordinator.keyboard.press("Space")
    coordinator.get_by_role("button", name="Publish the round").click()
    coordinator.wait_for_url("**/rounds/*/")
    assert coordinator.get_by_role("heading", name="Published files").is_visible()
    sha = coordinator.locator(".app-sha").first.inner_text()
    assert len(sha) == 64
    assert_accessible(coordinator, "round-published")

    councillor = signed_in(browser, live_server, "york.viewer", "york-viewer-demo")
    assert councillor.get_by_role("link", name="Annex (PDF)").first.is_visible()
    assert_accessible(councillor, "round-councillor-home")
    councillor.get_by_role("link", name="Reports", exact=True).click()
    assert_accessible(councillor, "reports-page")

    public = browser.new_context(viewport={"width": 320, "height": 800}, bypass_csp=True)
    resident = public.new_page()
    resident.goto(f"{live_server.url}/public/york/{york.slug}/")
    assert "Recruitment campaign launched in March." in resident.content()
    assert "york.officer@example.org" not in resident.content()
    assert resident.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(resident, "round-public-page-320")
    with resident.expect_download() as download:
        resident.get_by_role("link", name="Annex (PDF)").click()
    path = download.value.path()
    content = open(path, "rb").read()
    import hashlib

    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == sha
