"""Signing in through a council's own OpenID Connect provider: real providers on loopback."""

import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.council_rules import provider_remember
from accounts.models import SignInRefusal
from councils.models import Role

from ..factories import member
from ..oidc import configure, local, sign_in, start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """Refusals recorded per address and hour are counted in the cache: each test starts at 0."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def york_sso(council, providers):
    return configure(council, providers[0], "york.gov.uk")


@pytest.fixture
def city_sso(other_council, providers):
    return configure(other_council, providers[1], "example-city.gov.uk")


@pytest.fixture
def york_officer(council):
    return member(council, Role.OFFICER, username="pat", email="Pat.Officer@york.gov.uk")


def signed_in_user(client):
    return client.get(reverse("home")).wsgi_request.user


def test_york_officer_signs_in_through_york_and_lands_on_my_actions(
    client, york_sso, york_officer, providers
):
    providers[0].set_person("pat-sub", email="pat.officer@york.gov.uk", name="Pat Officer")
    response = sign_in(client, providers[0], "pat-sub", email="pat.officer@york.gov.uk")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    page = client.get(response["Location"])
    assert page.wsgi_request.user == york_officer
    assert "My actions" in page.content.decode()
    assert SocialAccount.objects.get(user=york_officer).uid == "pat-sub"

    # Once linked, the subject finds the person even after their email changes at the provider.
    client.post(reverse("logout"))
    providers[0].set_person("pat-sub", email="pat.renamed@york.gov.uk")
    response = sign_in(client, providers[0], "pat-sub", council_slug="york")
    assert signed_in_user(client) == york_officer


def test_the_intranet_address_starts_at_the_councils_provider(client, york_sso, providers):
    page = client.get("/accounts/sso/york/")
    assert page.status_code == 200
    assert "Continue to City of York Council" in page.content.decode()
    authorize = start(client, council_slug="york")
    assert authorize.startswith(providers[0].issuer + "/oauth2/authorize")
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["state"]
    assert client.get("/accounts/sso/example-city/").status_code == 404  # none set up


def test_another_councils_provider_vouching_for_yorks_officer_signs_no_one_in(
    client, york_sso, city_sso, york_officer, providers
):
    # Example City's directory says one of its people has York's officer's address.
    providers[1].set_person("impostor", email="pat.officer@york.gov.uk")
    response = sign_in(client, providers[1], "impostor", council_slug="example-city")
    assert response.status_code == 403
    assert not signed_in_user(client).is_authenticated
    refusal = SignInRefusal.objects.get()
    assert refusal.council.slug == "example-city"
    assert "not in Example City Council's email domains" in refusal.reason
    # ...or an address in its own domain that belongs to no member of Example City.
    providers[1].set_person("stranger", email="pat.officer@example-city.gov.uk")
    response = sign_in(client, providers[1], "stranger", council_slug="example-city")
    assert response.status_code == 403
    assert "Ask your coordinator to add you" in response.content.decode()
    assert not signed_in_user(client).is_authenticated
    assert not SocialAccount.objects.exists()


def test_no_one_becomes_a_member_by_signing_in(client, york_sso, providers, django_user_model):
    providers[0].set_person("new-sub", email="new.starter@york.gov.uk")
    response = sign_in(client, providers[0], "new-sub", council_slug="york")
    assert response.status_code == 403
    assert "Ask your coordinator to add you" in response.content.decode()
    assert not django_user_model.objects.filter(email__iexact="new.starter@york.gov.uk").exists()


def test_a_site_administrator_is_never_signed_in_by_a_council_provider(
    client, york_sso, council, providers, django_user_model
):
    admin = member(council, Role.COORDINATOR, username="root", email="it@york.gov.uk")
    django_user_model.objects.filter(pk=admin.pk).update(is_superuser=True)
    providers[0].set_person("it-sub", email="it@york.gov.uk")
    assert sign_in(client, providers[0], "it-sub", council_slug="york").status_code == 403
    assert not signed_in_user(client).is_authenticated


def test_bad_answers_sign_no_one_in_and_are_recorded(
    client, york_sso, york_officer, providers, council
):
    providers[0].set_person("pat-sub", email="pat.officer@york.gov.uk")
    refused = []

    def assert_refused(response):
        assert response.status_code in (401, 403, 502), response.status_code
        assert "You could not be signed in" in response.content.decode()
        assert not signed_in_user(client).is_authenticated
        refused.append(SignInRefusal.objects.count())

    # A state this session never sent.
    back = providers[0].approve(start(client, council_slug="york"), "pat-sub")
    parts = urlsplit(back)
    query = parse_qs(parts.query)
    assert_refused(client.get(parts.path, {"code": query["code"][0], "state": "forged"}))
    # A code used twice: once it worked, the same answer again is refused.
    back = providers[0].approve(start(client, council_slug="york"), "pat-sub")
    assert client.get(local(back)).status_code == 302
    client.post(reverse("logout"))
    assert_refused(client.get(local(back)))
    # The same code presented with a fresh state of this session: the provider refuses it.
    fresh = parse_qs(urlsplit(start(client, council_slug="york")).query)["state"][0]
    code = parse_qs(urlsplit(back).query)["code"][0]
    assert_refused(client.get(urlsplit(back).path, {"code": code, "state": fresh}))
    # Cancelled at the provider.
    state = parse_qs(urlsplit(start(client, council_slug="york")).query)["state"][0]
    assert_refused(client.get(urlsplit(back).path, {"error": "access_denied", "state": state}))
    # An ID token naming another issuer than the one configured.
    app = york_sso.app
    app.settings = {
        **app.settings,
        "server_url": providers[0].issuer.replace("localhost", "127.0.0.1"),
        "openid_configuration_overrides": {"token_endpoint": providers[0].issuer + "/oauth2/token"},
    }
    app.save()
    assert_refused(sign_in(client, providers[0], "pat-sub", council_slug="york"))
    # The provider down.
    app.settings = {**app.settings, "server_url": "http://127.0.0.1:9"}
    app.save()
    assert_refused(client.post("/accounts/sso/york/"))
    assert refused == [1, 2, 3, 4, 5, 6]
    reasons = list(SignInRefusal.objects.order_by("pk").values_list("reason", flat=True))
    assert "did not match a sign-in started from this browser" in reasons[0]
    assert "invalid_grant" in reasons[2]
    assert "cancelled" in reasons[3]
    assert "Invalid issuer" in reasons[4]
    assert "could not be reached" in reasons[5]


def test_an_expired_id_token_signs_no_one_in(client, council, york_officer, providers):
    configure(council, providers[2], "york.gov.uk")
    providers[2].set_person("pat-sub", email="pat.officer@york.gov.uk")
    response = sign_in(client, providers[2], "pat-sub", council_slug="york")
    assert response.status_code == 401
    assert "Signature has expired" in SignInRefusal.objects.get().reason
    assert not signed_in_user(client).is_authenticated


def test_a_code_issued_to_another_service_signs_no_one_in(
    client, york_sso, york_officer, providers
):
    providers[0].set_person("pat-sub", email="pat.officer@york.gov.uk")
    ours = start(client, council_slug="york")
    theirs = ours.replace("client_id=improvement-tracker-york", "client_id=another-service")
    back = providers[0].approve(theirs, "pat-sub")
    response = client.get(local(back))
    assert response.status_code == 401
    assert not signed_in_user(client).is_authenticated


def id_token(provider, *, algorithm, key, kid=None, **claims):
    now = int(time.time())
    payload = {"iss": provider.issuer, "aud": "improvement-tracker-york", "sub": "pat-sub"}
    payload |= {"iat": now, "exp": now + 300, **claims}
    headers = {"kid": kid} if kid else None
    return jwt.encode(payload, key, algorithm=algorithm, headers=headers)


@pytest.mark.parametrize("forgery", ["unsigned", "another key", "another audience"])
def test_an_unsigned_or_forged_id_token_is_refused(rf, york_sso, providers, forgery):
    """Tokens no provider would issue, checked against York's real discovery and keys."""
    from allauth.socialaccount.providers.oauth2.client import OAuth2Error
    from cryptography.hazmat.primitives.asymmetric import rsa

    from accounts.oidc import CouncilOIDCAdapter

    provider = providers[0]
    kid = requests.get(f"{provider.issuer}/jwks", timeout=5).json()["keys"][0]["kid"]
    own_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = {
        "unsigned": lambda: id_token(provider, algorithm="none", key=None),
        "another key": lambda: id_token(provider, algorithm="RS256", key=own_key, kid=kid),
        "another audience": lambda: id_token(
            provider, algorithm="RS256", key=own_key, kid=kid, aud="another-service"
        ),
    }[forgery]()
    adapter = CouncilOIDCAdapter(rf.get("/"), york_sso.provider_id)
    with pytest.raises(OAuth2Error):
        adapter._decode_id_token(york_sso.app, token)


def test_signing_out_offers_the_providers_own_sign_out(client, york_sso, york_officer, providers):
    providers[0].set_person("pat-sub", email="pat.officer@york.gov.uk")
    sign_in(client, providers[0], "pat-sub", council_slug="york")
    page = client.post(reverse("logout"))
    assert page.status_code == 200
    assert not signed_in_user(client).is_authenticated
    html = page.content.decode()
    assert "Sign out of your City of York Council account too" in html
    assert (
        f'href="{providers[0].issuer}/oauth2/end_session?client_id=improvement-tracker-york' in html
    )


def test_the_sign_in_page_finds_the_council_by_work_email(client, york_sso, providers):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your council account" in page
    assert start(client, email="someone@YORK.gov.uk").startswith(providers[0].issuer)
    response = client.post("/accounts/sso/", {"sso-email": "someone@gmail.com"})
    assert response.status_code == 400
    assert "No council signs in with gmail.com addresses here" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_a_council_can_turn_off_password_sign_in(client, council, providers, york_officer):
    configure(council, providers[0], "york.gov.uk", password_sign_in=False)
    response = client.post(
        reverse("login"), {"username": "pat", "password": "a-good-test-password"}
    )
    assert response.status_code == 200
    assert "staff sign in with their council account" in response.content.decode()
    assert not signed_in_user(client).is_authenticated


def test_configure_sso_reads_the_secret_from_the_environment(council, providers, monkeypatch):
    from django.core.management import CommandError, call_command

    args = ["--council", "york", "--issuer", providers[0].issuer, "--client-id", "tracker"]
    with pytest.raises(CommandError, match="SSO_CLIENT_SECRET"):
        call_command("configure_sso", *args, "--domain", "york.gov.uk")
    monkeypatch.setenv("SSO_CLIENT_SECRET", "from-the-environment")
    with pytest.raises(CommandError, match="not an email domain"):
        call_command("configure_sso", *args, "--domain", "york gov uk")
    with pytest.raises(CommandError, match="https address"):
        call_command(
            "configure_sso",
            *args[:2],
            "--issuer",
            "http://login.example.org",
            "--client-id",
            "tracker",
            "--domain",
            "york.gov.uk",
        )
    call_command("configure_sso", *args, "--domain", "York.gov.uk", "--domain", "@yorkshire.gov.uk")
    app = council.sign_in.app
    assert app.secret == "from-the-environment" and app.client_id == "tracker"
    assert council.sign_in.email_domains == ["york.gov.uk", "yorkshire.gov.uk"]


def test_where_the_person_was_going_comes_back_with_them(
    client, york_sso, york_officer, providers, action
):
    providers[0].set_person("pat-sub", email="pat.officer@york.gov.uk")
    target = f"/actions/{action.pk}/"
    page = client.get(reverse("login"), {"next": target}).content.decode()
    assert f'action="/accounts/sso/?next=%2Factions%2F{action.pk}%2F"' in page
    authorize = client.post(
        f"/accounts/sso/?next={target}", {"sso-email": "pat.officer@york.gov.uk"}
    )
    back = providers[0].approve(authorize["Location"], "pat-sub")
    assert client.get(local(back))["Location"] == target
    # An address elsewhere is not followed.
    client.post(reverse("logout"))
    authorize = client.post(
        "/accounts/sso/?next=https://evil.example/", {"sso-email": "pat.officer@york.gov.uk"}
    )
    back = providers[0].approve(authorize["Location"], "pat-sub")
    assert client.get(local(back))["Location"] == reverse("home")


def test_the_invitation_of_a_council_with_its_own_accounts_says_so(
    client, council, coordinator, providers, smtp
):
    sign_in_setup = configure(council, providers[0], "york.gov.uk", password_sign_in=False)
    client.force_login(coordinator)
    # Passwords are off for York: the coordinator came through York's provider.
    session = client.session
    provider_remember(session, sign_in_setup.provider_id)
    session.save()
    invite = {"email": "sam.patel@york.gov.uk", "first_name": "Sam", "last_name": "Patel"}
    client.post("/manage/york/members/invite/", {**invite, "role": "officer"})
    text = smtp.text(smtp.to("sam.patel@york.gov.uk")[0])
    assert "Sign in with your City of York Council account" in text
    assert "/accounts/sso/york/" in text
    assert "set-password" not in text  # passwords are off for York's members


def test_a_sign_in_through_the_provider_relies_on_its_own_second_factor(
    client, settings, york_sso, council, providers
):
    settings.MFA_REQUIRED_FOR = "coordinator"
    member(council, Role.COORDINATOR, username="cat", email="cat.coordinator@york.gov.uk")
    providers[0].set_person("cat-sub", email="cat.coordinator@york.gov.uk")
    sign_in(client, providers[0], "cat-sub", council_slug="york")
    assert client.get("/manage/york/").status_code == 200  # no code asked here


def test_junk_sent_to_a_callback_fills_no_table(client, settings, york_sso):
    settings.SIGN_IN_REFUSALS_RECORDED_PER_HOUR = 2
    callback = f"/accounts/oidc/{york_sso.provider_id}/login/callback/"
    for _ in range(5):
        assert client.get(callback, {"code": "junk", "state": "junk"}).status_code == 401
    assert SignInRefusal.objects.count() == 2
