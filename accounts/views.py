from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from core.network import client_address
from councils.models import Council, Membership

from . import mfa
from .council_rules import NEEDS_SECOND_FACTOR, rule_unmet
from .forms import CouncilAccountForm, ForgottenPasswordForm, SignInForm
from .mfa_views import CodeForm
from .models import CouncilSignIn
from .password_reset import password_reset_request
from .sso import provider_sign_out_url, sign_in_for_email, sso_redirect
from .sso_adapter import SESSION_PROVIDER_KEY, council_sign_in_for


class SignInView(auth_views.LoginView):
    """Password sign-in, and where councils with their own provider have one, the way to it."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        """With a second factor, the password only leads to the code page: no one is signed in
        until the code is right."""
        user = form.get_user()
        if mfa.has_second_factor(user):
            mfa.pending_start(self.request, user, self.get_success_url())
            return redirect("second_factor_code")
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if CouncilSignIn.objects.exists():
            next_url = self.get_redirect_url()  # only an address on this site
            context.setdefault("council_account_form", CouncilAccountForm(next_url=next_url))
        return context


def _safe_next(request) -> str | None:
    next_url = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    return next_url if next_url and safe else None


@require_POST
def sso_start(request):
    """'Sign in with your council account': the work email says which council's provider."""
    next_url = _safe_next(request)
    form = CouncilAccountForm(request.POST, next_url=next_url or "")
    sign_in = form.is_valid() and sign_in_for_email(form.cleaned_data["email"])
    if form.is_valid() and not sign_in:
        domain = form.cleaned_data["email"].rpartition("@")[2]
        form.add_error(
            "email",
            f"No council signs in with {domain} addresses here. Sign in with your username "
            "and password instead, or ask your coordinator",
        )
    if not sign_in:
        context = {"form": SignInForm(request), "council_account_form": form}
        return render(request, "registration/login.html", context, status=400)
    return sso_redirect(request, sign_in, email=form.cleaned_data["email"], next_url=next_url)


@require_http_methods(["GET", "POST"])
def sso_council(request, council_slug):
    """An address a council puts on its intranet: straight to its own provider."""
    council = get_object_or_404(Council, slug=council_slug)
    sign_in = CouncilSignIn.objects.filter(council=council).select_related("app").first()
    if sign_in is None:
        return render(request, "accounts/sso_not_set_up.html", {"council": council}, status=404)
    if request.method == "POST":
        return sso_redirect(request, sign_in, next_url=_safe_next(request))
    return render(request, "accounts/sso_council.html", {"council": council})


@login_required
@require_http_methods(["GET", "POST"])
def council_sign_in_needed(request, council_slug):
    """One of the person's councils asks for more than this session gave: its own provider, or
    the second factor their role there needs. Met, the person goes back where they were."""
    membership = get_object_or_404(
        Membership.objects.select_related("council__sign_in__app"),
        council__slug=council_slug,
        user=request.user,
    )
    council, next_url = membership.council, _safe_next(request)
    need = rule_unmet(membership, request.session, request.user.is_verified())
    if need is None:
        return redirect(next_url or "home")
    context = {"council": council, "need": need, "next": next_url or ""}
    if need == NEEDS_SECOND_FACTOR and mfa.has_second_factor(request.user):
        form = CodeForm(
            request.POST or None,
            help_text="The 6-digit code your authenticator app shows now, or a recovery code.",
        )
        allowed = mfa.code_allowed(request, request.user)
        if allowed and request.method == "POST" and form.is_valid():
            device = mfa.code_verify(request, request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return redirect(next_url or "home")
            form.add_error("code", "The code is not right, or has already been used")
        if not mfa.code_allowed(request, request.user):
            return render(request, "registration/locked_out.html", status=429)
        context["form"] = form
    return render(request, "accounts/council_sign_in_needed.html", context)


@require_POST
def sign_out(request):
    """End the session here, and offer the provider's own sign-out where it has one."""
    provider_id = request.session.get(SESSION_PROVIDER_KEY)
    sign_in = council_sign_in_for(provider_id) if provider_id else None
    provider_url = sign_in and provider_sign_out_url(request, sign_in)
    logout(request)
    if not provider_url:
        messages.success(request, "You have signed out.")
        return redirect("login")
    return render(
        request, "accounts/signed_out.html", {"provider_url": provider_url, "sign_in": sign_in}
    )


@require_http_methods(["GET", "POST"])
def forgotten_password(request):
    form = ForgottenPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_reset_request(
            email=form.cleaned_data["email"], network_address=client_address(request)
        )
        return redirect("forgotten_password_sent")
    return render(request, "accounts/forgotten_password.html", {"form": form})


def forgotten_password_sent(request):
    return render(request, "accounts/forgotten_password_sent.html")
