"""Setting up a council's OpenID Connect provider, and sending a person to it."""

import re
from urllib.parse import urlencode, urlsplit

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from requests import RequestException

from .models import CouncilSignIn
from .sso_adapter import refuse

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


def clean_issuer(issuer: str) -> str:
    issuer = issuer.strip().rstrip("/")
    parts = urlsplit(issuer)
    secure = parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    )
    if not secure or not parts.hostname or parts.query or parts.fragment:
        raise ValidationError(
            f"The issuer must be the provider's https address, like "
            f"https://login.microsoftonline.com/your-tenant-id/v2.0 (not {issuer or 'blank'})"
        )
    return issuer


def clean_domains(domains, *, council) -> list[str]:
    cleaned = sorted({d.strip().lower().lstrip("@") for d in domains if d.strip()})
    if not cleaned:
        raise ValidationError("Give at least one email domain, like york.gov.uk")
    for domain in cleaned:
        if not DOMAIN.match(domain):
            raise ValidationError(f"{domain} is not an email domain, like york.gov.uk")
    for other in CouncilSignIn.objects.exclude(council=council).select_related("council"):
        if taken := set(cleaned) & set(other.email_domains):
            raise ValidationError(
                f"{', '.join(sorted(taken))} already signs in to {other.council}: "
                "a domain belongs to one council"
            )
    return cleaned


def provider_id_for(council) -> str:
    return f"council-{council.pk}"


@transaction.atomic
def sso_configure(
    *, council, issuer, client_id, domains, client_secret=None, password_sign_in=None
) -> CouncilSignIn:
    """Create or change a council's provider. A blank secret keeps the one stored."""
    issuer, domains = clean_issuer(issuer), clean_domains(domains, council=council)
    client_id = client_id.strip()
    if not client_id:
        raise ValidationError("Enter the client id the provider gave for this service")
    existing = CouncilSignIn.objects.filter(council=council).select_related("app").first()
    app = existing.app if existing else SocialApp(provider="openid_connect")
    if not (client_secret or app.secret):
        raise ValidationError("Set SSO_CLIENT_SECRET to the client secret the provider gave")
    app.provider_id = provider_id_for(council)
    app.name = council.name
    app.client_id = client_id
    app.secret = client_secret or app.secret
    app.settings = {"server_url": issuer, "fetch_userinfo": False, "oauth_pkce_enabled": True}
    app.save()
    sign_in = existing or CouncilSignIn(council=council, app=app)
    sign_in.email_domains = domains
    if password_sign_in is not None:
        sign_in.password_sign_in = password_sign_in
    sign_in.save()
    return sign_in


def sign_in_for_email(email: str) -> CouncilSignIn | None:
    sign_ins = CouncilSignIn.objects.select_related("council", "app").order_by("pk")
    return next((sign_in for sign_in in sign_ins if sign_in.answers_for(email)), None)


def sso_redirect(request, sign_in: CouncilSignIn, *, email="", next_url=None):
    """Send the person to their council's provider (PKCE, a state bound to this session)."""
    provider = sign_in.app.get_provider(request)
    auth_params = {"login_hint": email} if email else {}
    try:
        return provider.redirect(request, "login", next_url=next_url, auth_params=auth_params)
    except (RequestException, OAuth2Error, KeyError, ValueError) as error:
        return refuse(request, sign_in, f"The provider could not be reached: {error}", status=502)


def callback_address(sign_in: CouncilSignIn, *, start=False) -> str:
    """The redirect address to register with the provider (or, with start, the intranet link)."""
    if start:
        path = reverse("sso_council", kwargs={"council_slug": sign_in.council.slug})
    else:
        path = reverse("openid_connect_callback", kwargs={"provider_id": sign_in.provider_id})
    return settings.SITE_URL + path


def provider_sign_out_url(request, sign_in: CouncilSignIn) -> str | None:
    """The provider's own sign-out, where its discovery document names one."""
    adapter = sign_in.app.get_provider(request).get_oauth2_adapter(request)
    try:
        endpoint = adapter.openid_config.get("end_session_endpoint")
    except (RequestException, ValueError):
        return None
    if not endpoint:
        return None
    query = {
        "client_id": sign_in.app.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    }
    return f"{endpoint}?{urlencode(query)}"
