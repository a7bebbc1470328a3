"""A person's own account: how they sign in, and their second factor."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import mfa
from .forms import password_sign_in_refused
from .identity import identity_confirmed, needs_recent_identity, other_sessions_end
from .sso_adapter import SESSION_PROVIDER_KEY, council_sign_in_for


class ConfirmIdentityForm(forms.Form):
    """The password, or for an account with none, a current code from the app."""

    secret = forms.CharField(strip=False, max_length=200)

    def __init__(self, *args, asks_password: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["secret"]
        if asks_password:
            field.label = "Password"
            field.error_messages["required"] = "Enter your password"
            field.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        else:
            field.label = "Code from your authenticator app, or a recovery code"
            field.error_messages["required"] = "Enter the code"
            field.widget = forms.TextInput(
                attrs={"autocomplete": "one-time-code", "spellcheck": "false"}
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("secret", field_width=Fluid.TWO_THIRDS), Submit("continue", "Continue")
        )


@login_required
@require_http_methods(["GET", "POST"])
def confirm_identity(request):
    """Before a change to how the person signs in: their password (or a code) again."""
    user = request.user
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    asks_password = user.has_usable_password() and not password_sign_in_refused(user)
    can_confirm = asks_password or mfa.has_second_factor(user)
    form = ConfirmIdentityForm(request.POST or None, asks_password=asks_password)
    if can_confirm and request.method == "POST" and form.is_valid():
        secret = form.cleaned_data["secret"]
        if asks_password:  # through the sign-in backends, so wrong ones count to the lockout
            right = authenticate(request, username=user.get_username(), password=secret)
            right = right is not None and right.pk == user.pk
        else:
            right = mfa.code_verify(request, user, secret) is not None
        if right:
            identity_confirmed(request)
            return redirect(next_url or "your_account")
        form.add_error(
            "secret", "The password is not right" if asks_password else "The code is not right"
        )
    context = {"form": form, "can_confirm": can_confirm, "next": next_url}
    return render(request, "accounts/confirm_identity.html", context)


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
@needs_recent_identity
def recovery_codes_new(request):
    """Ten new recovery codes in place of the old ones, shown once."""
    if not mfa.has_second_factor(request.user):
        return redirect("your_account")
    request.session["recovery_codes"] = mfa.recovery_codes_replace(request.user)
    other_sessions_end(request.user, request)
    return redirect("second_factor_recovery_codes")


@login_required
@require_POST
@needs_recent_identity
def second_factor_off(request):
    if mfa.must_use_second_factor(request.user):
        messages.error(request, "Your role needs a second factor: it stays on.")
    else:
        mfa.second_factor_remove(request.user)
        other_sessions_end(request.user, request)
        messages.success(request, "Your second factor is off. You sign in with your password only.")
    return redirect("your_account")
