from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from . import mfa

# What a person who must set up their second factor may still open: those pages, signing out,
# and the files every page needs.
OPEN_PREFIXES = (
    "/accounts/second-factor/",
    "/accounts/confirm-it-is-you/",
    "/accounts/sign-out/",
    "/static/",
    "/favicon.ico",
)


class SecondFactorRequiredMiddleware:
    """Someone signed in with a password whose role needs a second factor, and whose session has
    not given one, opens nothing but the pages that set it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
            and not mfa.signed_in_through_provider(request)
            and mfa.must_use_second_factor(user)
        ):
            if mfa.has_second_factor(user):  # a session from before: sign in again, with a code
                logout(request)
                return redirect(reverse("login"))
            return redirect(reverse("second_factor_setup"))
        return self.get_response(request)
