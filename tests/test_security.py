"""Sign-in throttling, sessions, headers and clean failure pages."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "a-good-test-password"


def sign_in(client, username, password, address):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def test_repeated_failures_lock_that_username_at_that_address_only(throttled, client, db):
    UserFactory(username="officer", password=PASSWORD)
    UserFactory(username="colleague", password=PASSWORD)
    for _ in range(2):
        assert sign_in(client, "officer", "wrong", "203.0.113.9").status_code == 200
    assert sign_in(client, "officer", "wrong", "203.0.113.9").status_code == 429  # the third
    locked = sign_in(client, "officer", PASSWORD, "203.0.113.9")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    assert SESSION_KEY not in client.session
    # Nobody can lock everyone out: the same account from elsewhere, and another account from
    # the attacker's address, still sign in.
    assert sign_in(client, "officer", PASSWORD, "198.51.100.4").status_code == 302
    client.logout()
    assert sign_in(client, "colleague", PASSWORD, "203.0.113.9").status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(throttled, client, db):
    UserFactory(username="officer", password=PASSWORD)
    for _ in range(2):
        sign_in(client, "officer", "wrong", "203.0.113.9")
    assert sign_in(client, "officer", PASSWORD, "203.0.113.9").status_code == 302
    client.logout()
    for _ in range(2):
        sign_in(client, "officer", "wrong", "203.0.113.9")
    assert sign_in(client, "officer", PASSWORD, "203.0.113.9").status_code == 302


def test_signing_in_rotates_the_session_key(client, db):
    UserFactory(username="officer", password=PASSWORD)
    client.get(reverse("login"))
    session = client.session
    session["seen"] = True
    session.save()
    before = session.session_key
    sign_in(client, "officer", PASSWORD, "127.0.0.1")
    assert client.session.session_key != before


def test_changing_a_password_ends_the_accounts_other_sessions(client, db):
    from django.test import Client

    user = UserFactory(username="officer", password=PASSWORD)
    elsewhere = Client()
    elsewhere.force_login(user)
    assert elsewhere.get(reverse("home")).status_code == 200
    user.set_password("a-new-long-password-2026")
    user.save()
    response = elsewhere.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_session_cookie_is_http_only_and_expires(client, db, settings):
    UserFactory(username="officer", password=PASSWORD)
    response = sign_in(client, "officer", PASSWORD, "127.0.0.1")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


def test_production_settings_use_secure_cookies_and_hsts(monkeypatch):
    import importlib

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "tracker.example.gov.uk")
    monkeypatch.delenv("DJANGO_SERVE_PLAIN_HTTP", raising=False)
    importlib.reload(importlib.import_module("improvement_tracker.settings.base"))
    prod = importlib.reload(importlib.import_module("improvement_tracker.settings.prod"))
    assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE and prod.SECURE_SSL_REDIRECT
    assert prod.SECURE_HSTS_SECONDS >= 31536000
    assert prod.DEBUG is False and prod.DEMO_DATA_ALLOWED is False


def test_production_settings_refuse_to_start_without_a_secret(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "tracker.example.gov.uk")
    import improvement_tracker.settings.base as base

    importlib.reload(base)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        importlib.reload(importlib.import_module("improvement_tracker.settings.prod"))


def test_pages_carry_the_security_headers(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_forms_need_a_csrf_token(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    UserFactory(username="officer", password=PASSWORD)
    response = strict.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 403


@override_settings(DEBUG=False, DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_the_database_going_away_gives_a_clean_page_not_a_traceback(client, officer, monkeypatch):
    client.force_login(officer)

    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("actions.views.my_actions", gone)
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert (
        "Traceback" not in page and "OperationalError" not in page and "server closed" not in page
    )


@override_settings(DEBUG=False)
def test_unexpected_errors_give_the_plain_error_page(client, officer, monkeypatch):
    client.raise_request_exception = False
    client.force_login(officer)
    monkeypatch.setattr("actions.views.my_actions", lambda *a, **k: 1 / 0)
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "ZeroDivisionError" not in response.content.decode()


@pytest.mark.parametrize(
    "proxies, forwarded_for, expected",
    [
        (0, "198.51.100.7", "127.0.0.1"),  # no proxy: the header is the client's own words
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "10.9.9.9, 198.51.100.7", "198.51.100.7"),  # what the client wrote is not believed
        (2, "10.9.9.9, 198.51.100.7, 192.0.2.1", "198.51.100.7"),
        (2, "198.51.100.7", "127.0.0.1"),  # came round the proxies: only the connection is known
        (1, "not-an-address", "127.0.0.1"),
    ],
)
def test_the_client_address_is_read_behind_the_trusted_proxies_only(
    settings, rf, proxies, forwarded_for, expected
):
    from core.network import client_address

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == expected
