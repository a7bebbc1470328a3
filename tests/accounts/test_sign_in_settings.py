"""The site administrator's page for how a council signs in."""

import pytest

from accounts.models import CouncilSignIn

pytestmark = pytest.mark.django_db
PAGE = "/manage/york/sign-in/"


def test_a_site_administrator_sets_a_councils_provider(client, council, superuser):
    client.force_login(superuser)
    assert client.get(PAGE).status_code == 200
    form = {
        "issuer": "https://login.microsoftonline.com/tenant-id/v2.0/",
        "client_id": "tracker-york",
        "client_secret": "",
        "domains": "york.gov.uk\nYORK.gov.uk\n",
    }
    page = client.post(PAGE, form)
    assert page.status_code == 200
    assert "Set SSO_CLIENT_SECRET" in page.content.decode()  # no secret yet: nothing saved
    assert not CouncilSignIn.objects.exists()
    page = client.post(PAGE, form | {"client_secret": "s3cret"}, follow=True)
    assert "sign-in settings are saved" in page.content.decode()
    sign_in = CouncilSignIn.objects.get(council=council)
    assert sign_in.email_domains == ["york.gov.uk"] and not sign_in.password_sign_in
    assert sign_in.app.settings["server_url"] == "https://login.microsoftonline.com/tenant-id/v2.0"
    html = page.content.decode()
    assert f"/accounts/oidc/council-{council.pk}/login/callback/" in html
    assert "s3cret" not in html
    client.post(PAGE, form | {"password_sign_in": "on"})  # a blank secret keeps the stored one
    sign_in.refresh_from_db()
    assert sign_in.app.secret == "s3cret" and sign_in.password_sign_in


def test_a_domain_belongs_to_one_council(client, council, other_council, superuser):
    client.force_login(superuser)
    form = {"issuer": "https://idp.example.org", "client_id": "a", "client_secret": "s"}
    client.post(PAGE, form | {"domains": "york.gov.uk"})
    page = client.post("/manage/example-city/sign-in/", form | {"domains": "york.gov.uk"})
    assert "already signs in to City of York Council" in page.content.decode()
    assert CouncilSignIn.objects.count() == 1


def test_only_site_administrators_set_sign_in(client, coordinator):
    client.force_login(coordinator)
    assert client.get(PAGE).status_code == 403
