"""Tried as a new user would: York's officer signs in through York's own provider (a real
OpenID Connect server on loopback) and lands on My actions; Example City's provider asserting
the same address signs no one in."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from councils.models import Council
from tests.browser.conftest import assert_accessible
from tests.oidc import configure

pytestmark = pytest.mark.django_db(transaction=True)


def approve_at_provider(page, sub):
    """The provider's own page: who signs in."""
    page.wait_for_selector("input[name=sub]")
    page.fill("input[name=sub]", sub)
    page.get_by_role("button", name="Authorize").click()


def test_yorks_officer_signs_in_through_yorks_provider(page, live_server, providers):
    call_command("load_demo", stdout=StringIO())
    page.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())  # the provider's CSS
    officer = get_user_model().objects.get(username="york.officer")
    officer.email = "tom.hughes@york.gov.uk"
    officer.save()
    configure(Council.objects.get(slug="york"), providers[0], "york.gov.uk")
    configure(Council.objects.get(slug="example-city"), providers[1], "example-city.gov.uk")
    providers[0].set_person("tom-sub", email="tom.hughes@york.gov.uk", name="Tom Hughes")
    providers[1].set_person("impostor", email="tom.hughes@york.gov.uk")

    page.goto(f"{live_server.url}/accounts/sign-in/")
    assert_accessible(page, "sign-in-with-council-account")
    page.get_by_label("Email address").fill("tom.hughes@york.gov.uk")
    page.get_by_role("button", name="Continue to your council's sign-in").click()
    page.wait_for_url(f"{providers[0].issuer}/oauth2/authorize*")
    approve_at_provider(page, "tom-sub")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("heading", name="My actions").wait_for()

    # Signing out offers York's own sign-out too.
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="You have signed out").wait_for()
    link = page.get_by_role("link", name="Sign out of your City of York Council account too")
    assert link.get_attribute("href").startswith(f"{providers[0].issuer}/oauth2/end_session")
    assert_accessible(page, "signed-out-offers-provider-sign-out")

    # Example City's provider vouching for York's officer: no one is signed in.
    page.goto(f"{live_server.url}/accounts/sso/example-city/")
    page.get_by_role("button", name="Continue to Example City Council's sign-in").click()
    approve_at_provider(page, "impostor")
    page.get_by_role("heading", name="You could not be signed in").wait_for()
    assert_accessible(page, "sign-in-refused")
    page.goto(f"{live_server.url}/")
    assert "/accounts/sign-in/" in page.url
