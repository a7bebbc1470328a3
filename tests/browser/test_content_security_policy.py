import pytest

from tests.factories import ActionFactory, member

pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_run_under_the_content_security_policy_without_violations(
    browser, live_server, council
):
    """No inline script or style anywhere: the browser reports no CSP violation on any page."""
    from councils.models import Role

    member(
        council, Role.COORDINATOR, username="csp", password="a-good-test-password", is_staff=True
    )
    action = ActionFactory(plan__council=council)
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
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert page.evaluate(
            "document.body.classList.contains('govuk-frontend-supported')"
        ) or path.startswith("/admin")
    context.close()
    assert violations == []
