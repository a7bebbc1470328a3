from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .password_reset import password_reset_request


class ForgottenPasswordForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="The work email address your account uses.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS), Submit("send", "Send the link")
        )


@require_http_methods(["GET", "POST"])
def forgotten_password(request):
    form = ForgottenPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_reset_request(
            email=form.cleaned_data["email"], network_address=request.META.get("REMOTE_ADDR", "")
        )
        return redirect("forgotten_password_sent")
    return render(request, "accounts/forgotten_password.html", {"form": form})


def forgotten_password_sent(request):
    return render(request, "accounts/forgotten_password_sent.html")
