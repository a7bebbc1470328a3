"""The accessibility statement, privacy notice and cookies page: public, linked from every page,
and saying what the product really does."""

import pytest
from django.conf import settings
from django.test import override_settings


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/", "/cookies/"])
def test_the_statutory_pages_are_public(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert settings.SERVICE_CONTACT_EMAIL in response.content.decode()


def test_every_page_links_to_them_signed_in_or_not(client, coordinator):
    for page in ("/accounts/sign-in/", "/public/no-such-council/no-plan/"):
        body = client.get(page).content.decode()
        assert all(
            link in body
            for link in ('href="/accessibility/"', 'href="/privacy/"', 'href="/cookies/"')
        )
    client.force_login(coordinator)
    body = client.get("/").content.decode()
    assert 'href="/cookies/"' in body


@override_settings(SESSION_COOKIE_NAME="tracker_session", SESSION_COOKIE_AGE=8 * 3600)
def test_the_cookies_page_names_the_cookies_the_product_sets(client, coordinator):
    page = client.get("/cookies/").content.decode()
    assert "tracker_session" in page and "8 hours, or until you sign out" in page
    assert settings.CSRF_COOKIE_NAME in page and "messages" in page
    client.force_login(coordinator)
    client.get("/actions/")
    set_by_the_product = set(client.cookies)
    named = {"tracker_session", settings.CSRF_COOKIE_NAME, "messages"}
    assert set_by_the_product <= named, set_by_the_product - named
