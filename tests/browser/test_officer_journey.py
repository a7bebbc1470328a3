"""An officer's round trip in a real browser, with axe-core checking every page on the way."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def test_officer_filters_to_overdue_actions_and_reports_progress(demo, page, live_server, sign_in):
    sign_in("york.officer", "york-officer-demo")
    assert page.get_by_role("heading", name="My actions").is_visible()
    assert page.locator("#group-overdue").is_visible()
    assert_accessible(page, "officer-my-actions")

    # Filter the action list to the officer's own overdue actions, by keyboard and mouse.
    page.get_by_role("link", name="All actions").click()
    page.get_by_label("Owner").select_option(label="Tom Hughes")
    page.get_by_role("group", name="Overdue").get_by_label("Yes").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/actions/?*overdue=yes*")  # the filters live in the link
    assert "owner=" in page.url
    count = page.locator("#result-count").inner_text()
    assert count.endswith("found") and not count.startswith("0 ")
    assert page.locator(".app-overdue").count() == page.locator("tbody tr").count()
    assert_accessible(page, "officer-overdue-actions")

    # Open the first overdue action and add an update, first with a mistake.
    first = page.locator("tbody tr").first
    ref = first.locator("td").first.inner_text().strip()
    first.get_by_role("link").first.click()
    page.wait_for_url("**/actions/*/")
    action_path = page.url.removeprefix(live_server.url)
    assert_accessible(page, "action-page")
    page.get_by_role("button", name="Add a progress update").click()
    page.wait_for_url("**/update/")
    assert_accessible(page, "update-form")
    page.get_by_label("At risk").check()
    page.get_by_label("Ask to move the target date to (optional)").fill("June 2027")
    page.get_by_role("button", name="Save update").click()

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert "Explain why the action is at risk" in summary.inner_text()
    assert (
        page.get_by_label("Ask to move the target date to (optional)").input_value() == "June 2027"
    )
    assert_accessible(page, "update-form-errors")

    # The error summary's link takes the officer to the field.
    summary.get_by_role("link", name="Explain why the action is at risk").click()
    assert page.evaluate("document.activeElement.id") == "id_narrative"
    page.keyboard.type("Waiting for the restructure consultation to close.")
    page.get_by_label("Why it needs to move (if you asked)").fill("Consultation extended")
    page.get_by_role("button", name="Save update").click()

    banner = page.locator(".govuk-notification-banner--success")
    # The banner names the action by number, title and theme, never a bare "1.".
    from actions.models import Action

    action = Action.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert f"Update saved: {ref} {action.title[:40]}" in banner.inner_text()
    assert f"(theme {action.theme.number}) is now at risk" in banner.inner_text()
    assert "Your request to move its target date to June 2027 is with the coordinator" in (
        banner.inner_text()
    )
    assert "Waiting for the restructure consultation to close." in page.inner_text("main")
    assert "Asked to move it to June 2027" in page.inner_text("main")
    assert_accessible(page, "action-page-after-update")

    # The plan page shows the new status; the target date waits for the coordinator's decision.
    page.get_by_role("link", name="Corporate Improvement Plan").first.click()
    page.wait_for_url("**/plans/corporate-improvement-plan/")
    # The council numbers actions within each objective: "1." is not unique, the link is
    row = page.locator(f"tr:has(a[href='{action_path}'])").first
    assert "At risk" in row.inner_text()
    assert "June 2027" not in row.inner_text()
    assert_accessible(page, "plan-page")


def test_pages_work_at_320_pixels_wide(demo, browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Username").fill("york.coordinator")
    page.get_by_label("Password").fill("york-coordinator-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    for path, name in [
        ("/", "narrow-home"),
        ("/actions/", "narrow-action-list"),
        ("/councils/york/plans/corporate-improvement-plan/", "narrow-plan"),
    ]:
        page.goto(f"{live_server.url}{path}")
        # Nothing but scrollable tables may be wider than the screen.
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= 320, f"{path} is {page_width}px wide"
        assert_accessible(page, name)
    context.close()


def test_what_an_officer_types_survives_the_session_ending(demo, page, live_server, sign_in):
    from actions.models import Action

    action = Action.objects.filter(owners__username="york.officer").leaves().first()
    sign_in("york.officer", "york-officer-demo")
    form_url = f"{live_server.url}/actions/{action.pk}/update/"
    page.goto(form_url)
    page.get_by_label("At risk").check()
    page.get_by_label("Progress narrative").fill("The consultation closed on 1 November")
    page.wait_for_selector("#draft-status:has-text('Draft kept at')")  # kept as it is typed

    # Signing out in another tab ends this session too.
    other = page.context.new_page()
    other.goto(f"{live_server.url}/")
    other.get_by_role("button", name="Sign out").click()
    # Closing a tab mid-navigation can hang Chromium, so let the sign-in page arrive first.
    other.wait_for_url("**/sign-in/**")
    other.wait_for_load_state()
    other.close()

    page.get_by_label("Evidence (optional)", exact=True).fill("Executive minutes, 5 November")
    page.wait_for_selector("#draft-status:has-text('You have been signed out')")
    page.get_by_label("Percentage complete (optional)").fill("40")
    page.get_by_role("button", name="Save update").click()
    page.wait_for_url("**/sign-in/**")
    assert "what you typed will be back on the form" in page.inner_text("main")
    page.get_by_label("Username").fill("york.officer")
    page.get_by_label("Password").fill("york-officer-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(form_url)
    assert page.get_by_label("Progress narrative").input_value() == (
        "The consultation closed on 1 November"
    )
    assert (
        page.get_by_label("Evidence (optional)", exact=True).input_value()
        == "Executive minutes, 5 November"
    )
    assert page.get_by_label("Percentage complete (optional)").input_value() == "40"
    assert page.get_by_label("At risk").is_checked()
    assert_accessible(page, "update-form-restored")
    page.get_by_role("button", name="Save update").click()
    assert "is now at risk" in page.locator(".govuk-notification-banner--success").inner_text()
