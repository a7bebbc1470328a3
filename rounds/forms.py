"""GOV.UK forms of the reporting cycle."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fixed, Fluid, Layout, Size, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.forms import NamedDateField, date_input
from core.single_line import SingleLineFieldsMixin
from councils.permissions import Can, people_who_may

from .models import Decision
from .selectors import person_name

COVER_CHOICES = [
    ("open", "Every open action, and completed ones not yet reported complete to a meeting"),
    ("themes", "Only the actions of the themes I choose"),
]


class RoundOpenForm(SingleLineFieldsMixin, forms.Form):
    committee = forms.CharField(
        label="Committee (optional)",
        required=False,
        max_length=200,
        help_text="For example, Audit and Governance Committee.",
    )
    meeting_date = NamedDateField(
        name="meeting date", label="Meeting date", help_text="For example, 12 3 2027"
    )
    deadline = NamedDateField(
        name="deadline for updates",
        label="Deadline for officers' updates (optional)",
        required=False,
        help_text="Leave blank for ten working days before the meeting.",
    )
    as_at = NamedDateField(
        name="as-at date",
        label="Progress as at (optional)",
        required=False,
        help_text="The date the updates describe. Leave blank for the deadline.",
    )
    reminder_days = forms.IntegerField(
        label="Reminder, days before the deadline",
        min_value=0,
        max_value=30,
        initial=3,
        error_messages={
            "required": "Enter how many days before the deadline the reminder goes",
            "invalid": "The reminder must be a whole number of days, like 3",
            "min_value": "The reminder must be 0 days or more before the deadline",
            "max_value": "The reminder must be 30 days or fewer before the deadline",
        },
    )
    cover = forms.ChoiceField(
        label="Which actions the round asks about",
        choices=COVER_CHOICES,
        initial="open",
        widget=forms.RadioSelect,
    )
    themes = forms.MultipleChoiceField(
        label="Themes", required=False, widget=forms.CheckboxSelectMultiple
    )
    answerer = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Who answers for the actions nobody would be asked about",
        help_text="They become the actions' owner and are asked with the others. Or choose who "
        "answers for each lead officer first, and the actions ask them.",
        empty_label=None,
    )

    def __init__(self, *args, plan, asker, unowned: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["answerer"].queryset = people_who_may(
            plan.council_id, Can.REPORT_ON_OWN_ACTIONS
        )
        self.fields["answerer"].label_from_instance = person_name
        self.fields["answerer"].initial = asker.pk
        self.fields["themes"].choices = [
            (str(theme.pk), f"{theme.number}. {theme.title}") for theme in plan.themes.all()
        ]
        layout = [
            Field.text("committee", field_width=Fluid.TWO_THIRDS),
            date_input("meeting_date"),
            date_input("deadline"),
            date_input("as_at"),
            Field.text("reminder_days", field_width=Fixed.TWO),
        ]
        if self.fields["themes"].choices:
            layout += [
                Field.radios("cover", legend_size=Size.SMALL),
                Field.checkboxes("themes", legend_size=Size.SMALL),
            ]
        else:
            del self.fields["cover"], self.fields["themes"]
        if unowned:
            # Which actions the page listed: a round never covers more unasked than were shown.
            layout += [
                HTML('<input type="hidden" name="seen" value="{{ seen }}">'),
                Field.select("answerer"),
            ]
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, Submit("submit", "Open the round"))

    def clean_meeting_date(self):
        meeting = self.cleaned_data["meeting_date"]
        if meeting and meeting < timezone.localdate():
            raise ValidationError("The meeting date must be today or in the future")
        return meeting

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cover") == "themes" and not cleaned.get("themes"):
            self.add_error("themes", "Choose at least one theme, or ask about every open action")
        return cleaned

    def covered_theme_ids(self) -> list[int] | None:
        if self.cleaned_data.get("cover") == "themes":
            return [int(pk) for pk in self.cleaned_data["themes"]]
        return None


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept the update or return it"},
    )
    comment = forms.CharField(
        label="Comment for the officer",
        required=False,
        help_text="Needed when you return the update: say what needs to change.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("comment", rows=4),
            Submit("submit", "Save decision"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == Decision.RETURNED and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Say what the officer needs to change")
        return cleaned


class RoundChangeForm(SingleLineFieldsMixin, forms.Form):
    """The round's committee, dates and reminder, as they stand, to change."""

    committee = RoundOpenForm.base_fields["committee"]
    # every date input has a hint: the GOV.UK macro links its errors to the hint's id
    meeting_date = NamedDateField(
        name="meeting date", label="Meeting date", help_text="For example, 12 3 2027"
    )
    deadline = NamedDateField(
        name="deadline for updates",
        label="Deadline for officers' updates",
        help_text="Officers still to answer are told of a new one.",
    )
    as_at = NamedDateField(
        name="as-at date",
        label="Progress as at",
        help_text="The date the updates describe.",
    )
    reminder_days = RoundOpenForm.base_fields["reminder_days"]
    reason = forms.CharField(
        label="Why it is changing (optional)",
        required=False,
        help_text="Officers still to answer are told of a new deadline or as-at date, with this.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("committee", field_width=Fluid.TWO_THIRDS),
            date_input("meeting_date"),
            date_input("deadline"),
            date_input("as_at"),
            Field.text("reminder_days", field_width=Fixed.TWO),
            Field.textarea("reason", rows=3),
            Submit("submit", "Save the changes"),
        )


class RoundExtendForm(forms.Form):
    """More time for one person, or for one action, of a round."""

    person = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="A person (for all their actions in the round)",
        empty_label="Choose a person",
    )
    action = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Or one action",
        empty_label="Choose an action",
    )
    deadline = NamedDateField(
        name="new deadline",
        label="New deadline",
        help_text="After the round's, and on or before the meeting. For example, 12 3 2027",
    )
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        help_text="Shown on the round's page and in the email to the officer.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, reporting_round, **kwargs):
        super().__init__(*args, **kwargs)
        covered = reporting_round.actions.still_open().select_related("theme", "plan")
        self.fields["person"].queryset = (
            get_user_model()
            .objects.filter(owned_actions__in=covered)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["person"].label_from_instance = person_name
        self.fields["action"].queryset = covered.order_by("position", "id")
        self.fields["action"].label_from_instance = lambda action: action.named
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.select("person"),
            Field.select("action"),
            date_input("deadline"),
            Field.textarea("reason", rows=3),
            Submit("submit", "Give more time"),
        )

    def clean(self):
        cleaned = super().clean()
        person, action = cleaned.get("person"), cleaned.get("action")
        if person and action:
            self.add_error("action", "Choose a person or an action, not both")
        elif not person and not action and "person" not in self.errors:
            self.add_error("person", "Choose the person or the action to give more time to")
        return cleaned


class RoundWithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why the round is withdrawn",
        help_text="For example, the meeting was cancelled. Shown on the round's page.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the round is withdrawn"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", rows=3),
            Submit("submit", "Withdraw the round", css_class="govuk-button--warning"),
        )
