"""Two browser sessions of one officer: a session signed in before the second factor was set up
(a shared PC left signed in) cannot set up its own key, replace the owner's or turn it off
without the password, and setting it up ends it."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.identity import CONFIRMED_KEY
from councils.models import Role
from tests.factories import CouncilFactory, member

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-good-test-password"


def current_code(device) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def signed_in_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def an_hour_ago(page) -> None:
    """The page's session signed in an hour ago (a PC left signed in since the morning)."""
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "sessionid"]
    session = SessionStore(session_key=cookie["value"])
    session[CONFIRMED_KEY] = time.time() - 3600
    session.save()


def test_an_older_session_cannot_take_over_the_second_factor(browser, live_server):
    member(CouncilFactory(slug="york"), Role.OFFICER, username="officer", password=PASSWORD)
    old = signed_in_page(browser, live_server)
    an_hour_ago(old)
    old.goto(f"{live_server.url}/accounts/second-factor/set-up/")
    assert old.get_by_role("heading", name="Confirm it is you").is_visible()
    assert not TOTPDevice.objects.exists()  # no key was made for it to see

    owner = signed_in_page(browser, live_server)
    an_hour_ago(owner)
    owner.goto(f"{live_server.url}/accounts/second-factor/set-up/")
    assert owner.get_by_role("heading", name="Confirm it is you").is_visible()
    owner.get_by_label("Password").fill(PASSWORD)
    owner.get_by_role("button", name="Continue").click()
    owner.wait_for_url("**/second-factor/set-up/")
    device = TOTPDevice.objects.get(confirmed=False)
    owner.get_by_role("textbox", name="Code").fill(current_code(device))
    owner.get_by_role("button", name="Turn on the second factor").click()
    owner.wait_for_url("**/recovery-codes/")
    user = get_user_model().objects.get(username="officer")
    assert TOTPDevice.objects.get(user=user, confirmed=True).pk == device.pk

    # The old session has ended: it is sent to sign in, where the password alone is not enough.
    old.goto(f"{live_server.url}/accounts/second-factor/set-up/")
    assert "/accounts/sign-in/" in old.url
    old.get_by_label("Username").fill("officer")
    old.get_by_label("Password").fill(PASSWORD)
    old.get_by_role("button", name="Sign in").click()
    assert old.get_by_role(
        "heading", name="Enter the code from your authenticator app"
    ).is_visible()
    old.context.close()
    owner.context.close()


def test_a_session_that_has_not_confirmed_lately_is_asked_first(browser, live_server):
    """Without the password, a session can neither see a new key, nor turn the factor off."""
    officer = member(
        CouncilFactory(slug="york"), Role.OFFICER, username="officer", password=PASSWORD
    )
    device = TOTPDevice.objects.create(user=officer, name="App", confirmed=True)
    page = signed_in_page_with_code(browser, live_server, device)
    an_hour_ago(page)
    page.goto(f"{live_server.url}/accounts/your-account/")
    page.get_by_role("button", name="Turn off the second factor").click()
    assert page.get_by_role("heading", name="Confirm it is you").is_visible()
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("link", name="The password is not right").is_visible()
    page.goto(f"{live_server.url}/accounts/second-factor/set-up/")
    assert page.get_by_role("heading", name="Confirm it is you").is_visible()
    assert TOTPDevice.objects.filter(user=officer).count() == 1  # no new key was made
    assert TOTPDevice.objects.get(user=officer).confirmed
    page.context.close()


def signed_in_page_with_code(browser, live_server, device):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/")
    return page
