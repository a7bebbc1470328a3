"""allauth's OpenID Connect provider, made strict for councils: the ID token is always checked
against the provider's published keys (allauth skips that when the token came straight from the
token endpoint), it must name the issuer the site administrator configured and this service as
its audience, and only asymmetric signatures are accepted."""

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404

SIGNATURE_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"}


def signing_key(jwks: dict, header: dict):
    """The provider's key the token names; without a name, its only signing key (OIDC Core
    10.1 lets a provider with one key leave the name out)."""
    keys = [key for key in jwks.get("keys", []) if key.get("use", "sig") == "sig"]
    if kid := header.get("kid"):
        keys = [key for key in keys if key.get("kid") == kid]
    if len(keys) != 1:
        raise OAuth2Error(f"The ID token's key {header.get('kid')!r} is not the provider's")
    try:
        return jwt.PyJWK(keys[0], algorithm=header["alg"]).key
    except jwt.PyJWTError as error:
        raise OAuth2Error(f"The provider's key cannot be read: {error}") from error


class CouncilOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as error:
            raise OAuth2Error("The ID token is not a signed token") from error
        if header.get("alg") not in SIGNATURE_ALGORITHMS:
            raise OAuth2Error(f"The ID token is not signed with a key ({header.get('alg')})")
        with get_adapter().get_requests_session() as session:
            response = session.get(self.openid_config["jwks_uri"])
            response.raise_for_status()
            key = signing_key(response.json(), header)
        try:
            claims = jwt.decode(
                id_token,
                key=key,
                algorithms=[header["alg"]],
                issuer=app.settings["server_url"],
                audience=app.client_id,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise OAuth2Error(f"The ID token was refused: {error}") from error
        jwtkit.verify_jti(claims)  # a token seen before is not accepted again
        return claims


class CouncilProvider(OpenIDConnectProvider):
    oauth2_adapter_class = CouncilOIDCAdapter


@login_not_required
def callback(request, provider_id):
    try:
        view = OAuth2CallbackView.adapter_view(CouncilOIDCAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
