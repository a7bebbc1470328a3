"""The site administrator's page for how one council signs in: its provider, the email
domains it answers for, and whether passwords still work. Recent refusals are listed there."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.single_line import SingleLineFieldsMixin
from councils.access import council_for_site_admin_or_404

from .models import CouncilSignIn
from .sso import callback_address, sso_configure

REFUSAL = "Only site administrators set how {council} signs in."


class CouncilSignInForm(SingleLineFieldsMixin, forms.Form):
    issuer = forms.CharField(
        label="Issuer",
        help_text="The provider's issuer address, for Microsoft Entra ID "
        "https://login.microsoftonline.com/your-tenant-id/v2.0",
        max_length=500,
        error_messages={"required": "Enter the provider's issuer address"},
    )
    client_id = forms.CharField(
        label="Client id",
        help_text="The application (client) id the provider gave this service.",
        max_length=191,
        error_messages={"required": "Enter the client id"},
    )
    client_secret = forms.CharField(
        label="Client secret",
        help_text="Leave blank to keep the secret already stored. It is never shown again.",
        required=False,
        max_length=191,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    domains = forms.CharField(
        label="Email domains",
        help_text="One a line, like york.gov.uk. Only members with addresses here are signed in.",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        error_messages={"required": "Enter at least one email domain"},
    )
    password_sign_in = forms.BooleanField(
        label="Members may also sign in with a password",
        required=False,
        help_text="Untick when everyone signs in with their council account.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("issuer"),
            Field.text("client_id", field_width=Fluid.TWO_THIRDS),
            Field.text("client_secret", field_width=Fluid.TWO_THIRDS),
            Field.textarea("domains"),
            Field.checkbox("password_sign_in"),
            Submit("save", "Save sign-in settings"),
        )


def _initial(sign_in: CouncilSignIn | None) -> dict:
    if sign_in is None:
        return {"password_sign_in": True}  # nosec B105: a checkbox, not a password
    return {
        "issuer": sign_in.app.settings.get("server_url", ""),
        "client_id": sign_in.app.client_id,
        "domains": "\n".join(sign_in.email_domains),
        "password_sign_in": sign_in.password_sign_in,
    }


@login_required
@require_http_methods(["GET", "POST"])
def council_sign_in_settings(request, council_slug):
    council = council_for_site_admin_or_404(request.user, council_slug, REFUSAL)
    sign_in = CouncilSignIn.objects.filter(council=council).select_related("app").first()
    form = CouncilSignInForm(request.POST or None, initial=_initial(sign_in))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sso_configure(
                council=council,
                issuer=data["issuer"],
                client_id=data["client_id"],
                client_secret=data["client_secret"],
                domains=data["domains"].split(),
                password_sign_in=data["password_sign_in"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{council}'s sign-in settings are saved.")
            return redirect("council_sign_in", council_slug=council.slug)
    context = {
        "council": council,
        "form": form,
        "sign_in": sign_in,
        "redirect_address": sign_in and callback_address(sign_in),
        "intranet_address": sign_in and callback_address(sign_in, start=True),
        "refusals": council.sign_in_refusals.all()[:20],
    }
    return render(request, "accounts/council_sign_in.html", context)
