"""Browser tests: Debian's Chromium driven by Playwright, pages checked with axe-core.

`make test` installs Chromium and Java (apt), axe-core and the Nu HTML Checker (npm, in
frontend/node_modules).
Screenshots go to test-output/screenshots/ for people to look at.
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from tests.browser.html_checker import html_errors

# Playwright's sync API runs an event loop in this thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-output" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # axe-core is injected as an inline script, which the product's CSP rightly refuses.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in(page, live_server):
    def sign_in(username, password):
        page.goto(f"{live_server.url}/accounts/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in/" not in url)

    return sign_in


def axe_violations(page) -> list[dict]:
    """WCAG 2.0/2.1/2.2 A and AA violations axe-core finds on the page as it is now."""
    script = page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}
        })"""
    )
    script.evaluate("element => element.remove()")  # so the HTML checked next is the product's
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page, name: str) -> None:
    """Screenshot the page for review, then fail on any error the Nu HTML Checker finds in its
    markup or any axe-core WCAG A/AA violation."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    errors = html_errors(page.content())
    assert not errors, f"{name}: " + "\n".join(errors)
    violations = axe_violations(page)
    assert not violations, f"{name}: " + json.dumps(violations, indent=2)
