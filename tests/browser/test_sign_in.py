import pytest

from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_shows_an_error_summary_then_signs_in(page, live_server, sign_in):
    UserFactory(username="officer", password="a-good-test-password")
    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert_accessible(page, "sign-in")

    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    assert "Enter your username" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.title().startswith("Error: ")
    assert_accessible(page, "sign-in-errors")

    sign_in("officer", "a-good-test-password")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="My actions").is_visible()
    assert_accessible(page, "home")
