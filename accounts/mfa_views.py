"""The second factor's pages: the code after the password, and setting up the app."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from . import mfa
from .identity import needs_recent_identity, other_sessions_end


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, submit="Continue", help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("code", field_width=Fluid.ONE_THIRD), Submit("continue", submit)
        )


@require_http_methods(["GET", "POST"])
def second_factor_code(request):
    """After the password: the code from the app, or a recovery code. Signs the person in."""
    user, pending = mfa.pending_user(request)
    if user is None:
        return redirect("login")
    form = CodeForm(
        request.POST or None,
        help_text="The 6-digit code your authenticator app shows now, or a recovery code.",
    )
    if mfa.code_allowed(request, user) and request.method == "POST" and form.is_valid():
        device = mfa.code_verify(request, user, form.cleaned_data["code"])
        if device is not None:
            mfa.pending_end(request)
            user.otp_device = device  # django-otp marks the session verified as it signs in
            login(request, user, backend=user.backend)
            # checked by the sign-in view before it was kept in the session
            return redirect(pending["next"])
        form.add_error(
            "code", "The code is not right, or has already been used. Try the code shown now"
        )
    if not mfa.code_allowed(request, user):  # locked before, or by this wrong code
        mfa.pending_end(request)
        return render(request, "registration/locked_out.html", status=429)
    return render(request, "accounts/second_factor_code.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@needs_recent_identity
def second_factor_setup(request):
    """Set up (or replace) the authenticator app: scan or type the key, then give its first
    code. The key is this session's own: no other session sees it or can confirm it."""
    device = mfa.totp_device_for_setup(request.user, request.session)
    form = CodeForm(
        request.POST or None,
        submit="Turn on the second factor",
        help_text="The 6-digit code your app shows for Improvement Tracker.",
    )
    if request.method == "POST" and form.is_valid():
        codes = mfa.second_factor_confirm(request.user, device, form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", "The code is not right. Enter the code your app shows now")
        else:
            otp_login(request, device)
            other_sessions_end(request.user, request)
            request.session["recovery_codes"] = codes
            return redirect("second_factor_recovery_codes")
    context = {
        "form": form,
        "qr_code": mfa.qr_code_svg(device),
        "key": mfa.key_for_typing(device),
        "required": mfa.must_use_second_factor(request.user),
    }
    return render(request, "accounts/second_factor_setup.html", context)


@login_required
def second_factor_recovery_codes(request):
    """The recovery codes, shown once, straight after they are made."""
    codes = request.session.pop("recovery_codes", None)
    if not codes:
        return redirect("home")
    return render(request, "accounts/second_factor_recovery_codes.html", {"codes": codes})
