"""A coordinator steers York's round as the committee cycle goes: every lead officer has someone
to ask, the round is opened, its deadline moved, one officer given more time; the officer asks to
move a target date (read back as it is typed) with their confidence; the coordinator agrees; the
meeting is cancelled and the round withdrawn. Every page checked with axe and the HTML checker,
the error summary followed by keyboard."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from demo.plans import load_demo
from plans.models import ImprovementPlan
from tests.browser.conftest import assert_accessible
from tests.browser.test_reporting_round import signed_in

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, field: str, day) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"#id_{field}_{part}").fill(str(value))


def test_a_coordinator_steers_a_round_and_an_officer_asks_for_more_time(browser, live_server, smtp):
    load_demo()
    york = ImprovementPlan.objects.get(council__slug="york")
    today = timezone.localdate()
    meeting = today + timedelta(days=28)

    coordinator = signed_in(browser, live_server, "york.coordinator", "york-coordinator-demo")
    coordinator.goto(f"{live_server.url}/manage/york/lead-officers/")
    assert "Every open action has someone to ask." in coordinator.content()
    assert_accessible(coordinator, "steer-lead-officers")

    coordinator.goto(f"{live_server.url}/rounds/york/{york.slug}/open/")
    coordinator.get_by_label("Committee (optional)").fill("Corporate Scrutiny Committee")
    fill_date(coordinator, "meeting_date", meeting)
    coordinator.get_by_role("button", name="Open the round").click()
    coordinator.wait_for_url("**/rounds/*/")
    round_url = coordinator.url
    assert "Nobody to ask\t0 actions" in coordinator.locator(".govuk-summary-list").inner_text()

    # The deadline moves a week later: everyone still to answer is told once.
    coordinator.get_by_role("link", name="Change the round’s dates").click()
    assert_accessible(coordinator, "steer-change")
    shown = [int(coordinator.locator(f"#id_deadline_{n}").input_value()) for n in (2, 1, 0)]
    new_deadline = min(date(*shown) + timedelta(days=7), meeting - timedelta(days=3))
    fill_date(coordinator, "deadline", new_deadline)
    coordinator.get_by_label("Why it is changing (optional)").fill("The report deadline moved")
    coordinator.get_by_role("button", name="Save the changes").click()
    coordinator.wait_for_url(round_url)
    assert "Everyone still to answer is being emailed the new date" in coordinator.content()
    changed = [m for m in smtp.to("york.officer@example.org") if "Changed:" in m["Subject"]]
    assert len(changed) == 1 and f"{new_deadline:%-d %B %Y}" in changed[0]["Subject"]

    # York's officer is given three more days.
    coordinator.get_by_role("link", name="Give one person or one action more time").click()
    coordinator.get_by_role("button", name="Give more time").click()
    summary = coordinator.locator(".govuk-error-summary")
    assert "Choose the person or the action to give more time to" in summary.inner_text()
    assert_accessible(coordinator, "steer-extend-errors")
    coordinator.get_by_label("A person (for all their actions in the round)").select_option(
        label="Tom Hughes"
    )
    fill_date(coordinator, "deadline", min(new_deadline + timedelta(days=3), meeting))
    coordinator.get_by_role("button", name="Give more time").click()
    coordinator.wait_for_url("**/rounds/*/#extensions")
    assert "more time for Tom Hughes (all their actions)" in coordinator.content()
    assert_accessible(coordinator, "steer-round-changed")
    assert any("More time:" in m["Subject"] for m in smtp.to("york.officer@example.org"))

    # The officer reports with low confidence and asks to move the target date.
    officer = signed_in(browser, live_server, "york.officer", "york-officer-demo")
    officer.get_by_role("link", name="Update").first.click()
    officer.get_by_label("Low").check()
    officer.get_by_label("Progress narrative").fill("The consultation has been extended.")
    officer.get_by_label("Ask to move the target date to (optional)").fill("June 2027")
    read_back = officer.locator("#id_revised_target-read-back")
    read_back.filter(has_text="Read as a deadline of 30 June 2027.").wait_for()  # before sending
    officer.get_by_label("Why it needs to move (if you asked)").fill("Consultation extended")
    assert_accessible(officer, "steer-officer-asks")
    officer.get_by_role("button", name="Save update").click()
    officer.wait_for_url("**/actions/*/")
    assert "Your request to move its target date to June 2027 is with the coordinator" in (
        officer.content()
    )

    # The coordinator agrees it from the home page's link.
    coordinator.goto(f"{live_server.url}/")
    coordinator.get_by_role("link", name="1 request to move a target date is waiting").click()
    assert_accessible(coordinator, "steer-date-requests")
    coordinator.get_by_role("link", name="Decide").first.click()
    coordinator.get_by_label("Agree: move the target date").check()
    assert_accessible(coordinator, "steer-decide")
    coordinator.get_by_role("button", name="Save the decision").click()
    assert "rescheduled with approval to June 2027" in coordinator.content()
    coordinator.goto(round_url)
    assert "Rescheduled with approval (" in coordinator.content()

    # The meeting is cancelled: the round is withdrawn, the error followed by keyboard first.
    coordinator.get_by_role("link", name="Withdraw the round").click()
    coordinator.get_by_role("button", name="Withdraw the round").click()
    error_link = coordinator.locator(".govuk-error-summary a")
    error_link.focus()
    coordinator.keyboard.press("Enter")
    assert coordinator.evaluate("document.activeElement.id") == "id_reason"
    assert_accessible(coordinator, "steer-withdraw-errors")
    coordinator.keyboard.type("The meeting was cancelled")
    coordinator.get_by_role("button", name="Withdraw the round").click()
    coordinator.wait_for_url(round_url)
    assert "Withdrawn" in coordinator.locator(".govuk-summary-list").inner_text()
    assert_accessible(coordinator, "steer-withdrawn")
