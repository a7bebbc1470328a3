"""Who a council's provider may sign in: an existing member of that council, found by the
provider's subject once linked and, the first time, by an email address in the council's own
domains. A provider vouches for its own council only, and never for a site administrator."""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthError
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from core.network import client_address
from councils.models import Membership

from .models import CouncilSignIn, SignInRefusal

logger = logging.getLogger(__name__)
SESSION_PROVIDER_KEY = "signed_in_with_provider"


def remember_provider(sender, request, sociallogin=None, **kwargs):
    """After a sign-in through a provider the session knows which: sign-out offers the
    provider's own, and the provider's second factor stands in for ours."""
    if sociallogin is not None:
        # council_rules imports mfa, which imports this module: the circle is broken here.
        from .council_rules import provider_remember

        request.session[SESSION_PROVIDER_KEY] = sociallogin.account.provider
        provider_remember(request.session, sociallogin.account.provider)


def council_sign_in_for(provider_id: str) -> CouncilSignIn | None:
    return (
        CouncilSignIn.objects.select_related("council", "app")
        .filter(app__provider_id=provider_id)
        .first()
    )


def _may_record(request) -> bool:
    """Anyone can send junk to a callback: one network address writes at most
    SIGN_IN_REFUSALS_RECORDED_PER_HOUR refusals an hour (the rest are only logged)."""
    key = f"sign-in-refusals:{client_address(request)}"
    count = 1 if cache.add(key, 1, timeout=3600) else cache.incr(key)
    return count <= settings.SIGN_IN_REFUSALS_RECORDED_PER_HOUR


def refuse(request, sign_in, reason, *, email="", user=None, ask_coordinator=False, status=403):
    """Record why no one was signed in, and say so on a plain page."""
    if sign_in is not None and _may_record(request):
        SignInRefusal.objects.create(
            council=sign_in.council, reason=reason[:300], asserted_email=email[:254], user=user
        )
    logger.warning("Single sign-on refused (%s): %s", sign_in and sign_in.council.slug, reason)
    context = {"sign_in": sign_in, "ask_coordinator": ask_coordinator}
    return render(request, "accounts/sso_refused.html", context, status=status)


class CouncilSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False  # no one becomes a member by signing in

    def pre_social_login(self, request, sociallogin):
        sign_in = council_sign_in_for(sociallogin.account.provider)
        claims = sociallogin.account.extra_data.get("id_token") or {}
        email = str(claims.get("email") or claims.get("preferred_username") or "").strip()

        def stop(reason, **kwargs):
            raise ImmediateHttpResponse(refuse(request, sign_in, reason, email=email, **kwargs))

        if sign_in is None:
            stop("No council uses this provider")
        council = sign_in.council
        user = sociallogin.user if sociallogin.is_existing else None
        if user is None:
            if not email:
                stop("The provider gave no email address")
            if not sign_in.answers_for(email):
                stop(f"{email} is not in {council}'s email domains")
            if claims.get("email_verified") is False:
                stop(f"The provider says {email} is not verified")
            members = list(
                Membership.objects.select_related("user").filter(
                    council=council, user__email__iexact=email
                )[:2]
            )
            if not members:
                stop(f"{email} is not a member of {council}", ask_coordinator=True)
            if len(members) > 1:  # which one is meant is the coordinator's to say
                stop(f"Two of {council}'s members have the address {email}", ask_coordinator=True)
            user = members[0].user
        elif not Membership.objects.filter(council=council, user=user).exists():
            stop(f"{user} is no longer a member of {council}", user=user, ask_coordinator=True)
        if not user.is_active:
            stop(f"{user}'s account is switched off", user=user)
        if user.is_superuser:
            stop(f"{user} is a site administrator, who signs in with a password", user=user)
        if not sociallogin.is_existing:
            sociallogin.connect(request, user)
        user.backend = "django.contrib.auth.backends.ModelBackend"

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        sign_in = council_sign_in_for(provider.app.provider_id) if provider else None
        if error == AuthError.CANCELLED:
            reason = "Signing in was cancelled at the council's provider"
        elif exception is not None:
            reason = f"The provider's answer was refused: {exception}"
        elif provider_error := request.GET.get("error"):
            reason = f"The provider answered with an error: {provider_error}"[:300]
        else:
            reason = "The answer did not match a sign-in started from this browser"
        raise ImmediateHttpResponse(refuse(request, sign_in, reason, status=401))
