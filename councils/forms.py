from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.contrib.auth import forms as auth_forms

from core.single_line import SingleLineFieldsMixin

from .models import Role

ROLE_CHOICES = [
    (Role.VIEWER.value, "Viewer: reads the plans and reports (councillors)"),
    (Role.OFFICER.value, "Officer: updates the actions they own"),
    (Role.COORDINATOR.value, "Coordinator: builds plans, runs reporting rounds, manages members"),
]


def role_field() -> forms.ChoiceField:
    """The roles a coordinator may give: none above their own."""
    return forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )


class InviteForm(SingleLineFieldsMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="Their work email address. It is also their username.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    role = role_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("first_name", field_width=Fluid.ONE_HALF),
            Field.text("last_name", field_width=Fluid.ONE_HALF),
            Field.radios("role", legend_size=Size.SMALL),
            Submit("submit", "Send the invitation"),
        )


class RoleForm(forms.Form):
    role = role_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("role", legend_size=Size.MEDIUM), Submit("submit", "Save the role")
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The new member's first password, in GOV.UK's layout."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            Submit("submit", "Set my password"),
        )
