"""A person's own account: how they sign in, and their second factor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import mfa
from .sso_adapter import SESSION_PROVIDER_KEY, council_sign_in_for


@login_required
def your_account(request):
    user = request.user
    provider_id = request.session.get(SESSION_PROVIDER_KEY)
    context = {
        "provider_sign_in": council_sign_in_for(provider_id) if provider_id else None,
        "device": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "recovery_codes_left": StaticToken.objects.filter(device__user=user).count(),
        "required": mfa.must_use_second_factor(user),
    }
    return render(request, "accounts/your_account.html", context)


@login_required
@require_POST
def recovery_codes_new(request):
    """Ten new recovery codes in place of the old ones, shown once."""
    if not mfa.has_second_factor(request.user):
        return redirect("your_account")
    request.session["recovery_codes"] = mfa.recovery_codes_replace(request.user)
    return redirect("second_factor_recovery_codes")


@login_required
@require_POST
def second_factor_off(request):
    if mfa.must_use_second_factor(request.user):
        messages.error(request, "Your role needs a second factor: it stays on.")
    else:
        mfa.second_factor_remove(request.user)
        messages.success(request, "Your second factor is off. You sign in with your password only.")
    return redirect("your_account")
