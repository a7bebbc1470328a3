"""Each council's own sign-in rules apply whenever someone acts in that council: a person who is
York's officer and Example City's coordinator, signed in through York's provider (two real
providers on loopback), is asked for what Example City requires before any of its pages. And the
strictest password policy of a person's councils wins."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.models import ApiToken
from councils.models import Role
from tests.factories import ActionFactory, PlanFactory, UserFactory, member
from tests.oidc import configure, local, sign_in

pytestmark = pytest.mark.django_db
TOKENS = "/manage/example-city/api-tokens/"


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def both_providers(council, other_council, providers, settings):
    settings.MFA_REQUIRED_FOR = "coordinator"
    return (
        configure(council, providers[0], "york.gov.uk"),
        configure(other_council, providers[1], "example-city.gov.uk"),
    )


@pytest.fixture
def sam(council, other_council):
    """York's officer, and Example City's coordinator."""
    person = UserFactory(username="sam", email="sam@york.gov.uk")
    council.memberships.create(user=person, role=Role.OFFICER)
    other_council.memberships.create(user=person, role=Role.COORDINATOR)
    return person


def code_of(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_york_s_provider_does_not_open_example_city_s_coordinator_pages(
    client, both_providers, sam, providers, other_council
):
    providers[0].set_person("sam-sub", email="sam@york.gov.uk")
    sign_in(client, providers[0], "sam-sub", council_slug="york")
    assert client.get(reverse("home")).wsgi_request.user == sam
    york_action = ActionFactory(plan=PlanFactory(council=sam.memberships.first().council))
    assert client.get(f"/actions/{york_action.pk}/").status_code == 200  # York's rules are met

    # Example City's pages ask for the second factor Sam's role there needs, then come back.
    asked = client.get(TOKENS)
    assert asked.status_code == 302
    where = urlsplit(asked["Location"])
    assert where.path == "/accounts/council-sign-in/example-city/"
    assert parse_qs(where.query)["next"] == [TOKENS]
    assert client.post(TOKENS, {"name": "Sneaky"}).status_code == 302
    assert not ApiToken.objects.exists()
    city_action = ActionFactory(plan=PlanFactory(council=other_council))
    assert client.get(f"/actions/{city_action.pk}/").status_code == 302  # by id too
    page = client.get(asked["Location"]).content.decode()
    assert "Set up a second factor for Example City Council" in page
    # Nor do the lists show Example City's rows meanwhile; the home page says why.
    assert city_action.title not in client.get("/actions/").content.decode()
    assert "Open Example City Council's pages" in client.get("/").content.decode()

    device = TOTPDevice.objects.create(user=sam, name="App", confirmed=True)
    page = client.post(asked["Location"], {"code": "000000"}).content.decode()
    assert "The code is not right" in page
    device.refresh_from_db()
    device.throttle_reset()  # django-otp waits a moment after a wrong code; the person did too
    back = client.post(asked["Location"], {"code": code_of(device)})
    assert back["Location"] == TOKENS
    assert client.get(TOKENS).status_code == 200
    client.post(TOKENS, {"name": "Dashboard"})
    assert ApiToken.objects.get().council == other_council


def test_a_council_with_passwords_off_asks_for_its_own_provider(
    client, both_providers, providers, council, other_council
):
    york_sign_in, city_sign_in = both_providers
    city_sign_in.password_sign_in = False
    city_sign_in.save()
    kim = member(other_council, Role.OFFICER, username="kim", email="kim@example-city.gov.uk")
    council.memberships.create(user=kim, role=Role.OFFICER)
    SocialAccount.objects.create(user=kim, provider=york_sign_in.provider_id, uid="kim-at-york")
    providers[0].set_person("kim-at-york", email="kim@example-city.gov.uk")
    sign_in(client, providers[0], "kim-at-york", council_slug="york")
    city_action = ActionFactory(plan=PlanFactory(council=other_council))

    asked = client.get(f"/actions/{city_action.pk}/")
    assert asked["Location"].startswith("/accounts/council-sign-in/example-city/")
    page = client.get(asked["Location"]).content.decode()
    assert "Sign in with your Example City Council account" in page
    # Through Example City's own provider, and back to the action, still signed in as Kim.
    start = client.post(f"/accounts/sso/example-city/?next=/actions/{city_action.pk}/")
    providers[1].set_person("kim-sub", email="kim@example-city.gov.uk")
    back = client.get(local(providers[1].approve(start["Location"], "kim-sub")))
    assert back["Location"] == f"/actions/{city_action.pk}/"
    answer = client.get(back["Location"])
    assert answer.status_code == 200 and answer.wsgi_request.user == kim


def test_the_strictest_password_policy_of_a_persons_councils_wins(
    client, providers, council, other_council
):
    city_sign_in = configure(other_council, providers[1], "example-city.gov.uk")
    city_sign_in.password_sign_in = False
    city_sign_in.save()
    officer = member(other_council, Role.OFFICER, username="city.officer")
    # York (passwords on, no provider of its own) has City's officer as a member too.
    council.memberships.create(user=officer, role=Role.OFFICER)
    response = client.post(
        reverse("login"), {"username": "city.officer", "password": "a-good-test-password"}
    )
    assert response.status_code == 200
    assert "Example City Council staff sign in with their council account" in (
        response.content.decode()
    )
    assert not response.wsgi_request.user.is_authenticated
