"""Forgotten passwords: a single-use emailed link, the same answer for any address, throttled."""

import re

from django.core.cache import cache


def ask(client, email):
    return client.post("/accounts/forgotten-password/", {"email": email}, follow=True)


def test_a_link_by_email_sets_a_new_password_once(client, officer, smtp):
    cache.clear()
    officer.email = "tom.hughes@york.example.org"
    officer.save()
    page = ask(client, "Tom.Hughes@york.example.org").content.decode()
    assert "Check your email" in page
    (message,) = smtp.to("tom.hughes@york.example.org")
    link = re.search(
        r"https://tracker\.example\.org(/accounts/set-password/\S+)", smtp.text(message)
    )
    path = link.group(1)
    form = client.get(path, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else path
    fields = {
        "new_password1": "a brand new passphrase 42",
        "new_password2": "a brand new passphrase 42",
    }
    assert client.post(set_url, fields).status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("a brand new passphrase 42")
    assert client.get(path, follow=True).status_code == 404  # used once: no longer valid


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client, officer, smtp):
    cache.clear()
    officer.email = "known@york.example.org"
    officer.save()
    known = ask(client, "known@york.example.org")
    unknown = ask(client, "nobody@york.example.org")
    assert known.redirect_chain == unknown.redirect_chain
    assert "Check your email" in unknown.content.decode()
    assert len(smtp.to("known@york.example.org")) == 1 and not smtp.to("nobody@york.example.org")


def test_requests_are_throttled_like_sign_in(client, officer, smtp, settings):
    cache.clear()
    settings.AXES_FAILURE_LIMIT = 3
    officer.email = "busy@york.example.org"
    officer.save()
    for _ in range(5):
        assert "Check your email" in ask(client, "busy@york.example.org").content.decode()
    assert len(smtp.to("busy@york.example.org")) == 3


def test_a_bad_address_is_explained(client, db):
    page = client.post("/accounts/forgotten-password/", {"email": "not an address"}).content
    assert "Enter an email address in the correct format" in page.decode()
    assert "Forgotten your password?" in client.get("/accounts/sign-in/").content.decode()
