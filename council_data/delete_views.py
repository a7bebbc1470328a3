"""A site administrator deletes a council: check your answers, then type its name."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from councils.access import council_for_site_admin_or_404

from .deletion import council_delete, council_deletion_summary

REFUSAL = "Only site administrators delete a council ({council})."


class ConfirmDeletionForm(forms.Form):
    confirm_name = forms.CharField(
        label="Type the council's name to confirm",
        max_length=200,
        error_messages={"required": "Type the council's name to confirm"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["confirm_name"].help_text = f"Type {council.name} exactly."
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("confirm_name", field_width=Fluid.TWO_THIRDS),
            Button.warning("delete", f"Delete {council.name} and all its data"),
        )

    def clean_confirm_name(self):
        typed = self.cleaned_data["confirm_name"].strip()
        if typed != self.council.name:
            raise forms.ValidationError(
                f"The name typed is not {self.council.name}: nothing has been deleted"
            )
        return typed


@login_required
@require_http_methods(["GET", "POST"])
def council_delete_view(request, council_slug):
    council = council_for_site_admin_or_404(request.user, council_slug, REFUSAL)
    form = ConfirmDeletionForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        name = council.name
        council_delete(council=council)
        messages.success(request, f"{name} and all its data are deleted.")
        return redirect("home")
    context = {"council": council, "form": form, "goes": council_deletion_summary(council)}
    return render(request, "council_data/delete.html", context)
