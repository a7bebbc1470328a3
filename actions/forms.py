from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fixed, Fluid, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone

from plans.status import Status

from .models import Confidence, validate_links
from .target_dates import parse_target_date

NEEDS_NARRATIVE = (Status.AT_RISK, Status.OFF_TRACK)


def date_input(name: str, size: str = Size.SMALL) -> Field:
    """A GOV.UK date input whose legend has the given size (passed as context: an argument would
    be written onto each box as an attribute)."""
    return Field(name, context={"legend_size": Size.for_legend(size)})


class NamedDateField(DateInputField):
    """A GOV.UK date input whose errors name the date the user got wrong, in GOV.UK's words
    ("The meeting date must be a real date"), never Python's ("day is out of range")."""

    def __init__(self, *, name: str, **kwargs):
        self.name = name
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter the {name}"
        self.error_messages["incomplete"] = f"The {name} must include a day, month and year"

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError:
            raise ValidationError(f"The {self.name} must be a real date", code="invalid") from None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the evidence service, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "govuk-file-upload"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        return [file for file in (data if isinstance(data, list | tuple) else [data]) if file]


class ProgressUpdateForm(forms.Form):
    """An officer's progress update. Checks only what it can see; the service records it.

    `quiet`: show the values given (a restored draft) without checking them yet."""

    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a status"},
    )
    narrative = forms.CharField(
        label="Progress narrative",
        help_text="What has happened since the last update. Needed when the status changes "
        "or the action is at risk or off track.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    evidence = forms.CharField(
        label="Evidence (optional)",
        help_text="Reports, meetings or decisions that show the progress.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    percent_complete = forms.IntegerField(
        label="Percentage complete (optional)",
        help_text="A whole number from 0 to 100, where the work can be measured. A complete "
        "action is 100.",
        required=False,
        min_value=0,
        max_value=100,
        # GOV.UK asks for a text input for numbers: type=number mangles what is typed
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the percentage complete as a whole number, like 60",
            "min_value": "The percentage complete must be 0 or more",
            "max_value": "The percentage complete must be 100 or less",
        },
    )
    confidence = forms.ChoiceField(
        label="Confidence of delivering by the target date (optional)",
        help_text="Low warns the committee before the date passes.",
        choices=Confidence.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    evidence_links = forms.CharField(
        label="Links to evidence (optional)",
        help_text="One web address a line, starting https://",
        required=False,
        validators=[validate_links],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    as_at = NamedDateField(
        name="date this update describes",
        label="Progress as at",
        help_text="The date this update describes, for example 31 3 2025.",
        require_all_fields=False,
    )
    revised_target = forms.CharField(
        label="Revised target date (optional)",
        help_text="Only if the target date has moved. Write it as the plan would, "
        "for example “June 2025” or “30/06/2025”.",
        required=False,
        max_length=300,
    )
    revision_reason = forms.CharField(
        label="Reason for the new target date (if you gave one)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    files = MultipleFileField(
        label="Attach evidence files (optional)",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, CSV, plain text, PNG or JPEG; "
        "up to {max_files} files of {max_mb} MB each.",
        required=False,
    )
    seen_update = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, action, quiet=False, asks=False, **kwargs):
        """`asks`: the person may not move target dates themselves, so a revised target they
        give is a request the coordinator agrees or refuses."""
        super().__init__(*args, **kwargs)
        self.action = action
        self.quiet = quiet
        if asks:
            self.fields["revised_target"].label = "Ask to move the target date to (optional)"
            self.fields["revised_target"].help_text = (
                "The coordinator, or the committee, agrees or refuses: the date changes only "
                "once agreed. Write it as the plan would, for example “June 2025”."
            )
            self.fields["revision_reason"].label = "Why it needs to move (if you asked)"
        self.fields["files"].help_text = self.fields["files"].help_text.format(
            max_files=settings.EVIDENCE_MAX_FILES, max_mb=settings.EVIDENCE_MAX_BYTES // 10**6
        )
        # The council's key, in its order and words: what its own document offers.
        self.fields["status"].choices = [
            (status.value, action.plan.status_label(status))
            for status in action.plan.key_statuses()
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("status", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.radios("confidence", legend_size=Size.SMALL, inline=True),
            Field.textarea("narrative", label_size=Size.SMALL, rows=6),
            Field.textarea("evidence", label_size=Size.SMALL, rows=3),
            Field.textarea("evidence_links", label_size=Size.SMALL, rows=2),
            Field.text("percent_complete", label_size=Size.SMALL, field_width=Fixed.THREE),
            HTML('{% include "actions/includes/held_files.html" %}'),
            Field("files", context={"label_size": Size.for_label(Size.SMALL)}),
            date_input("as_at"),
            Fieldset(
                HTML(
                    '<p class="govuk-body">Now: <strong>{{ action.target_text|default:"none set" }}'
                    "</strong></p>"
                    '{% if waiting_request %}<p class="govuk-body">You asked on '
                    '{{ waiting_request.requested_at|date:"j F Y" }} to move it to '
                    "<strong>{{ waiting_request.asked_for }}</strong>: waiting for a decision. "
                    "Asking again replaces that request.</p>{% endif %}"
                ),
                Field.text("revised_target", field_width=Fluid.TWO_THIRDS),
                HTML(
                    '{% load target_dates %}{% include "includes/target_read_back.html" with '
                    'field="id_revised_target" words=form.revised_target.value|read_back %}'
                ),
                Field.textarea("revision_reason", rows=3),
                legend="Target date",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            "seen_update",
            HTML('<input type="hidden" name="typed_by" value="{{ typed_by }}">'),
            Submit("submit", "Save update"),
        )

    def full_clean(self):
        if self.quiet:
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    def clean_as_at(self):
        as_at = self.cleaned_data["as_at"]
        if as_at and as_at > timezone.localdate():
            raise ValidationError("The date this update describes must be today or in the past")
        if as_at and as_at < date(2000, 1, 1):
            raise ValidationError("Enter a date after 1 January 2000")
        return as_at

    def clean_revised_target(self):
        text = self.cleaned_data["revised_target"].strip()
        if text:
            parsed = parse_target_date(text)
            if parsed.date is None and not parsed.ongoing:
                raise ValidationError(
                    "Enter a revised target date we can read, like “June 2025” or “30/06/2025”"
                )
        return text

    def clean(self):
        cleaned = super().clean()
        if self.action.closed_on is not None:
            # closed while the form was open: what was typed stays on the form to copy
            raise ValidationError(
                f"This action was closed on {self.action.closed_on:%-d %B %Y}, so it takes no "
                "more updates. What you wrote is still below if you need it."
            )
        status = cleaned.get("status")
        if status and not cleaned.get("narrative", "").strip():
            if status in NEEDS_NARRATIVE:
                label = self.action.plan.status_label(status).lower()
                self.add_error("narrative", f"Explain why the action is {label}")
            elif status != self.action.status and not (
                # first saying an action has not started yet tells nothing new
                self.action.status == Status.NONE and status == Status.NOT_STARTED
            ):
                self.add_error("narrative", "Explain what has changed since the last update")
        percent = cleaned.get("percent_complete")
        if status == Status.COMPLETE and percent is not None and percent != 100:
            label = self.action.plan.status_label(Status.COMPLETE).lower()
            self.add_error(
                "percent_complete",
                f"A {label} action is 100% complete: enter 100 or leave it empty",
            )
        if (
            status == Status.COMPLETE
            and self.action.status != Status.COMPLETE
            and not cleaned.get("evidence", "").strip()
            and not cleaned.get("evidence_links", "").strip()
            and "evidence_links" not in self.errors
        ):
            label = self.action.plan.status_label(Status.COMPLETE).lower()
            self.add_error(
                "evidence",
                f"Give the evidence that the action is {label}: describe it, or add a link",
            )
        if (
            status
            and status == self.action.status
            and not cleaned.get("narrative", "").strip()
            and not cleaned.get("evidence", "").strip()
            and not cleaned.get("evidence_links", "").strip()
            and not cleaned.get("revised_target")
        ):
            # An update must say something: an unchanged status with nothing typed is a slip
            self.add_error("narrative", "Say what has happened since the last update")
        if cleaned.get("revised_target") and not cleaned.get("revision_reason", "").strip():
            self.add_error("revision_reason", "Explain why the target date needs to move")
        return cleaned
