import pytest

from tests.factories import ActionFactory, member
from tests.job_helpers import queued_job

pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_run_under_the_content_security_policy_without_violations(
    browser, live_server, council
):
    """No inline script or style anywhere: the browser reports no CSP violation on any page."""
    from councils.models import Role

    user = member(
        council, Role.COORDINATOR, username="csp", password="a-good-test-password", is_staff=True
    )
    action = ActionFactory(plan__council=council)
    job = queued_job(
        council, user
    )  # its page's script asks for the job's status  # its page's script asks for the job's status
    context = browser.new_context()  # CSP enforced, as for a real user
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Username").fill("csp")
    page.get_by_label("Password").fill("a-good-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    for path in [
        "/",
        "/actions/",
        f"/actions/{action.pk}/",
        f"/actions/{action.pk}/update/",
        f"/councils/{council.slug}/plans/{action.plan.slug}/",
        "/admin/",
        f"/admin/actions/action/{action.pk}/change/",
        f"/jobs/{job.pk}/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert page.evaluate(
            "document.body.classList.contains('govuk-frontend-supported')"
        ) or path.startswith("/admin")
        if path.startswith("/jobs/"):
            with page.expect_response(lambda response: "status.json" in response.url) as polled:
                pass
            assert polled.value.ok
    context.close()
    assert violations == []
