"""Each council's own sign-in rules, applied whenever someone acts in that council, whichever way
they signed in. A person in two councils signed in through York's provider has met York's rules,
not Example City's: Example City's pages ask for what Example City requires first.

A council's rules, for a session:
- a council with its own provider and passwords off: only a sign-in through that provider;
- otherwise, a sign-in through its own provider (whose second factor stands in for ours), or any
  other sign-in plus our second factor when the person's role there needs one
  (MFA_REQUIRED_FOR).

The councils whose rules the session has not met are closed to it: `Council.objects.for_user`
and `role_in` leave them out, and their pages send the person to meet them
(`/accounts/council-sign-in/<council>/`). Site administrators sign in with a password and the
second factor their own role needs, and are not members of councils.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from councils.access import CouncilSignInRequired
from councils.models import memberships_of

from . import mfa

PROVIDERS_KEY = "signed_in_with_providers"

NEEDS_PROVIDER = "provider"
NEEDS_SECOND_FACTOR = "second_factor"


def providers_signed_in_with(session) -> set[str]:
    return set(session.get(PROVIDERS_KEY, []))


def provider_remember(session, provider_id: str) -> None:
    session[PROVIDERS_KEY] = sorted(providers_signed_in_with(session) | {provider_id})


def rule_unmet(membership, session, verified: bool) -> str | None:
    """What the membership's council still asks of this session, or None when it is met."""
    sign_in = getattr(membership.council, "sign_in", None)
    if sign_in is not None and sign_in.app.provider_id in providers_signed_in_with(session):
        return None
    if sign_in is not None and not sign_in.password_sign_in:
        return NEEDS_PROVIDER
    if membership.role in mfa.required_roles() and not verified:
        return NEEDS_SECOND_FACTOR
    return None


def unmet_rules(user, session) -> dict:
    """{council id: what it asks} for each of the user's councils this session has not met."""
    if not user.is_authenticated or user.is_superuser:
        return {}
    verified = user.is_verified() if hasattr(user, "is_verified") else False
    unmet = {}
    for membership in memberships_of(user):
        if need := rule_unmet(membership, session, verified):
            unmet[membership.council_id] = need
    return unmet


class CouncilRulesMiddleware:
    """Tell the council walls which of the person's councils this session may not act in yet
    (worked out only when a page asks), and send someone who reaches one to meet its rules."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            user.closed_council_ids = SimpleLazyObject(
                lambda: frozenset(unmet_rules(user, request.session))
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CouncilSignInRequired):
            return None
        target = reverse("council_sign_in_needed", args=[exception.council.slug])
        back = request.get_full_path() if request.method == "GET" else ""
        return redirect(target + (f"?{urlencode({'next': back})}" if back else ""))
