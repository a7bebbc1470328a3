from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse
from django.utils.http import urlencode

from .models import CouncilSignIn


def email_field(help_text: str) -> forms.EmailField:
    return forms.EmailField(
        label="Email address",
        help_text=help_text,
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


def password_sign_in_refused(user) -> CouncilSignIn | None:
    """A council of this person's whose members must use its provider: then they never sign in
    with a password, whatever their other councils allow (the strictest policy wins). Site
    administrators always sign in with a password."""
    if user.is_superuser:
        return None
    return (
        CouncilSignIn.objects.filter(council__memberships__user=user, password_sign_in=False)
        .select_related("council")
        .order_by("council__name")
        .first()
    )


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is switched off. Ask your council's coordinator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            Submit("submit", "Sign in"),
        )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if sign_in := password_sign_in_refused(user):
            raise forms.ValidationError(
                f"{sign_in.council} staff sign in with their council account, not a password. "
                "Use ‘Sign in with your council account’.",
                code="password_sign_in_off",
            )


class CouncilAccountForm(forms.Form):
    prefix = "sso"  # it shares the sign-in page with the password form
    email = email_field("Your work email address. You will sign in on your council's own page.")

    def __init__(self, *args, next_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # where the person was going comes along to their council's provider and back
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        self.helper.form_action = reverse("sso_start") + query
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Submit("continue", "Continue to your council's sign-in"),
        )


class ForgottenPasswordForm(forms.Form):
    email = email_field("The work email address your account uses.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS), Submit("send", "Send the link")
        )
