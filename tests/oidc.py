"""Real OpenID Connect providers on loopback (oidc-provider-mock), one per council, and the
browser's part of signing in through them, played with the test client and requests."""

import os
from contextlib import ExitStack
from datetime import timedelta
from urllib.parse import urlsplit

import oidc_provider_mock
import pytest
import requests

from accounts.sso import sso_configure

# The providers serve plain http on loopback; authlib refuses that unless told.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")


class Provider:
    def __init__(self, server):
        self.issuer = f"http://localhost:{server.server_port}"

    def set_person(self, sub: str, **claims):
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()

    def approve(self, authorize_url: str, sub: str) -> str:
        """The person signs in at the provider; returns where it sends the browser back."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]


@pytest.fixture(scope="session")
def providers():
    """Two providers, York's and Example City's, and one whose tokens have already expired."""
    with ExitStack() as stack:
        servers = [
            stack.enter_context(oidc_provider_mock.run_server_in_thread()),
            stack.enter_context(oidc_provider_mock.run_server_in_thread()),
            stack.enter_context(
                oidc_provider_mock.run_server_in_thread(access_token_max_age=timedelta(minutes=-5))
            ),
        ]
        yield [Provider(server) for server in servers]


def configure(council, provider, domain, **options):
    return sso_configure(
        council=council,
        issuer=provider.issuer,
        client_id=f"improvement-tracker-{council.slug}",
        client_secret="a-client-secret",
        domains=[domain],
        **options,
    )


def local(url: str) -> str:
    """The part of an address on this site the test client asks for."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def start(client, council_slug=None, email=None):
    """Press the button that goes to the council's provider; returns the provider's address."""
    if email is not None:
        response = client.post("/accounts/sso/", {"sso-email": email})
    else:
        response = client.post(f"/accounts/sso/{council_slug}/")
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def sign_in(client, provider, sub, **start_args):
    """The whole round trip: start, approve at the provider, come back. Returns the response."""
    back = provider.approve(start(client, **start_args), sub)
    return client.get(local(back))
