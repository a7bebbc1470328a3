"""The coordinator's forms, in GOV.UK's patterns (crispy-forms-gds). They check what a person
typed; the services write it."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Hidden, Layout, Size, Submit
from django import forms

from actions.forms import NamedDateField, date_input
from actions.models import Action
from core.office_files import UnreadableFile, word_document
from core.single_line import SingleLineFieldsMixin
from councils.permissions import Can, people_who_may
from plans.annex_layout import CHOICES as ANNEX_CHOICES
from plans.annex_layout import COLUMNS as ANNEX_COLUMNS
from plans.annex_layout import SECTIONS as ANNEX_SECTIONS
from plans.models import ImprovementPlan, PlanSource, Recommendation, Theme
from plans.status import Status

from .places import check_places, in_place_order, place_field
from .services import ACTION_FIELDS, PLAN_FIELDS, RECOMMENDATION_FIELDS, THEME_FIELDS

KEY_STATUSES = [status for status in Status if status != Status.NONE]


def _helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("save", submit))
    return helper


class PlanForm(SingleLineFieldsMixin, forms.ModelForm):
    """A plan's details and the council's own status words and key."""

    adopted_on = NamedDateField(
        label="Date adopted (optional)",
        name="date adopted",
        required=False,
        help_text="For example, 17 7 2024",
    )

    class Meta:
        model = ImprovementPlan
        fields = [name for name in PLAN_FIELDS if name != "adopted_on"]
        labels = {
            "title": "Title",
            "source": "What the plan answers",
            "description": "Introduction (optional)",
            "governance_text": "Governance (optional)",
            "grouping": "How the plan groups its actions",
            "reporting_frequency": "How often officers report",
            "review_required": "Review every update before publishing a round",
            "public": "Publish the plan on its public page for residents",
            "public_lead_officers": "Show lead officers (as written) on the public page",
        }
        help_texts = {
            "description": "The annex's introduction, as the council writes it.",
            "governance_text": "How the plan is monitored: the annex's Governance section.",
        }
        widgets = {
            "grouping": forms.RadioSelect,
            "reporting_frequency": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "governance_text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance
        self.fields["source"].choices = PlanSource.choices  # no "---------" to choose
        places = {value: n for n, value in enumerate(plan.status_key, start=1)}
        for status in KEY_STATUSES:
            self.fields[f"word_{status.value}"] = forms.CharField(
                label="The council's word for it (optional)",
                help_text=f"Blank: “{status.label}”.",
                max_length=40,
                required=False,
                initial=plan.status_labels.get(status.value, ""),
            )
            self.fields[f"place_{status.value}"] = place_field(
                len(KEY_STATUSES), initial=places.get(status.value, ""), left_out="Not in the key"
            )
            self.fields[f"place_{status.value}"].label = "Place in the key"
        if plan.pk:
            self.fields["adopted_on"].initial = plan.adopted_on
        self.helper = _helper(
            Field.text("title", field_width=Fluid.FULL),
            Field.select("source"),
            date_input("adopted_on"),
            Field.radios("grouping", legend_size=Size.SMALL, small=True),
            Field.radios("reporting_frequency", legend_size=Size.SMALL, small=True, inline=True),
            Field.textarea("description", rows=4),
            Field.textarea("governance_text", rows=4),
            HTML(
                '<h2 class="govuk-heading-m">The council\'s status words and key</h2>'
                '<p class="govuk-body">Number the statuses the council\'s key lists in its '
                "order; leave them all out of the key for all five.</p>"
            ),
            *[
                Fieldset(
                    Field.text(f"word_{status.value}", field_width=Fluid.ONE_HALF),
                    Field.select(f"place_{status.value}"),
                    legend=status.label,
                    legend_size=Size.SMALL,
                )
                for status in KEY_STATUSES
            ],
            Fieldset(
                Field.checkbox("review_required", small=True),
                Field.checkbox("public", small=True),
                Field.checkbox("public_lead_officers", small=True),
                legend="Reporting and publishing",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            submit="Save plan",
        )

    def clean(self):
        cleaned = super().clean()
        statuses = [(status.value, status.label) for status in KEY_STATUSES]
        check_places(self, statuses, "place_", "the key")
        return cleaned

    def plan_data(self) -> dict:
        """What the services write: the model's fields, then the words and key as stored."""
        data = {name: self.cleaned_data[name] for name in PLAN_FIELDS}
        data["status_labels"] = {
            status.value: word
            for status in KEY_STATUSES
            if (word := self.cleaned_data[f"word_{status.value}"].strip())
        }
        key = in_place_order(self.cleaned_data, [s.value for s in KEY_STATUSES], "place_")
        data["status_key"] = key
        return data


class ThemeForm(SingleLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = list(THEME_FIELDS)
        labels = {
            "number": "Number as written",
            "title": "Title",
            "description": "Description (optional)",
        }
        help_texts = {"number": "Exactly as the plan writes it: 1, 2 or A."}

    def __init__(self, *args, plan: ImprovementPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = self.instance.plan = plan
        self.helper = _helper(
            Field.text("number", field_width=Fluid.ONE_QUARTER),
            Field.text("title", field_width=Fluid.FULL),
            Field.textarea("description", rows=3),
            submit="Save theme",
        )

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        others = self.plan.themes.exclude(pk=self.instance.pk)
        if others.filter(number=number).exists():
            raise forms.ValidationError(f"Theme {number} is already in this plan: give another")
        return number


class RecommendationForm(SingleLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = list(RECOMMENDATION_FIELDS)
        labels = {
            "ref": "Reference as written",
            "title": "Title",
            "text": "The recommendation in full (optional)",
            "theme": "Theme (optional)",
        }
        widgets = {"title": forms.TextInput, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, plan: ImprovementPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = self.instance.plan = plan
        self.fields["theme"].queryset = plan.themes.all()
        self.fields["theme"].empty_label = "None"
        self.helper = _helper(
            Field.text("ref", field_width=Fluid.ONE_QUARTER),
            Field.text("title", field_width=Fluid.FULL),
            Field.textarea("text", rows=4),
            Field.select("theme"),
            submit="Save recommendation",
        )

    def clean_ref(self):
        ref = self.cleaned_data["ref"].strip()
        if self.plan.recommendations.exclude(pk=self.instance.pk).filter(ref=ref).exists():
            raise forms.ValidationError(f"{ref} is already in this plan: give another reference")
        return ref


# How the target date typed is read, said again as it is typed (see target-read-back.mjs).
TARGET_READ_BACK = HTML(
    '{% load target_dates %}{% include "includes/target_read_back.html" with '
    'field="id_target_text" words=form.target_text.value|read_back %}'
)


class ActionForm(SingleLineFieldsMixin, forms.ModelForm):
    """An action or sub-action. Its target date is set here when it is new; after that it is
    revised, with a reason, on its own page."""

    target_text = forms.CharField(
        label="Target date (optional)",
        help_text="As the plan writes it: “March 2025”, “December 24 and ongoing”.",
        max_length=300,
        required=False,
    )

    class Meta:
        model = Action
        fields = [*ACTION_FIELDS, "recommendations", "owners"]
        labels = {
            "written_ref": "Number as written (optional)",
            "title": "Action",
            "detail": "Detail (optional)",
            "theme": "Theme",
            "lead_officer": "Lead officer, as the plan writes it (optional)",
            "recommendations": "Recommendations it answers",
            "owners": "Who reports progress on it",
        }
        help_texts = {
            "written_ref": "Exactly as the plan writes it: “1.”, “5 a)”, “Action 3”.",
            "owners": "Officers and coordinators of the council.",
        }
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "detail": forms.Textarea(attrs={"rows": 3}),
            "recommendations": forms.CheckboxSelectMultiple,
            "owners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan: ImprovementPlan, parent: Action | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:  # so the model's own checks see where it will go
            self.instance.plan, self.instance.parent = plan, parent
        self.fields["theme"].queryset = plan.themes.all()
        self.fields["theme"].empty_label = "None"
        self.fields["recommendations"].queryset = plan.recommendations.all()
        self.fields["owners"].queryset = people_who_may(plan.council_id, Can.REPORT_ON_OWN_ACTIONS)
        self.fields["owners"].label_from_instance = _person_name
        fields = [
            Field.text("written_ref", field_width=Fluid.ONE_QUARTER),
            Field.textarea("title", rows=2),
            Field.textarea("detail", rows=3),
        ]
        if parent is None and (self.instance.parent_id is None):
            fields.append(Field.select("theme"))
        else:
            del self.fields["theme"]  # a sub-action sits under its action's theme
        fields.append(Field.text("lead_officer", field_width=Fluid.TWO_THIRDS))
        if self.instance.pk:
            del self.fields["target_text"]
        else:
            fields += [Field.text("target_text", field_width=Fluid.TWO_THIRDS), TARGET_READ_BACK]
        if self.fields["recommendations"].queryset.exists():
            fields.append(Field.checkboxes("recommendations", small=True, legend_size=Size.SMALL))
        else:
            del self.fields["recommendations"]
        fields.append(Field.checkboxes("owners", small=True, legend_size=Size.SMALL))
        self.helper = _helper(*fields, submit="Save action")
        if parent is not None:
            # "Add another": back to a fresh form under the same action once this one is saved
            self.helper.layout.extend(
                [
                    Hidden("parent", parent.pk),
                    Submit(
                        "another",
                        "Save and add another sub-action",
                        css_class="govuk-button--secondary",
                    ),
                ]
            )

    def action_data(self) -> dict:
        return dict(self.cleaned_data)


class TargetForm(SingleLineFieldsMixin, forms.Form):
    """A target date revised: what it now says, and why. The page shows how the date is read
    before it is saved."""

    target_text = forms.CharField(
        label="New target date",
        help_text="As the council writes it: “March 2025”, “December 24 and ongoing”.",
        max_length=300,
        error_messages={"required": "Enter the new target date"},
    )
    reason = forms.CharField(
        label="Why it has moved",
        help_text="Kept in the audit trail with the date it replaced.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the target date has moved"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("target_text", field_width=Fluid.TWO_THIRDS),
            TARGET_READ_BACK,
            Field.textarea("reason", rows=3),
            Submit("check", "Check the date", css_class="govuk-button--secondary"),
            Submit("save", "Save the new target date"),
        )


class AnnexLayoutForm(SingleLineFieldsMixin, forms.Form):
    """Which sections the committee annex has, in what order and under which headings, and the
    plan table's columns and their headings."""

    def __init__(self, *args, plan: ImprovementPlan, **kwargs):
        super().__init__(*args, **kwargs)
        layout = plan.annex_layout
        parts = []
        for part, choices, left_out in (
            ("sections", ANNEX_SECTIONS, "Not in the annex"),
            ("columns", ANNEX_COLUMNS, "Not in the table"),
        ):
            chosen = {name: (n, heading) for n, (name, heading) in enumerate(layout[part], 1)}
            fieldsets = []
            for name, description in choices.items():
                place, heading = chosen.get(name, ("", ""))
                self.fields[f"{part}_place_{name}"] = place_field(
                    len(choices), initial=place, left_out=left_out
                )
                self.fields[f"{part}_heading_{name}"] = forms.CharField(
                    label="Heading (optional)" if part == "sections" else "Heading",
                    max_length=120,
                    required=False,
                    initial=heading,
                )
                fieldsets.append(
                    Fieldset(
                        Field.select(f"{part}_place_{name}"),
                        Field.text(f"{part}_heading_{name}", field_width=Fluid.TWO_THIRDS),
                        legend=description,
                        legend_size=Size.SMALL,
                    )
                )
            title = "Sections, in order" if part == "sections" else "The plan table's columns"
            parts.append(HTML(f'<h2 class="govuk-heading-m">{title}</h2>'))
            parts.extend(fieldsets)
        self.fields["title_note"] = forms.CharField(
            label="A line under the title (optional)",
            help_text="Printed under the title section's heading, for example “Council Plan "
            "action: How the council operates (actions: 1, 2, 3, 5, 6, 8)”",
            max_length=300,
            required=False,
            initial=layout.get("title_note", ""),
        )
        parts.append(Field.text("title_note"))
        parts.append(HTML('<h2 class="govuk-heading-m">What the plan table adds</h2>'))
        for name, (label, before) in ANNEX_CHOICES.items():
            self.fields[name] = forms.BooleanField(
                label=label, required=False, initial=layout.get(name, before)
            )
            parts.append(Field.checkbox(name, small=True))
        self.helper = _helper(*parts, submit="Save the layout")

    def clean(self):
        cleaned = super().clean()
        for part, choices, where in (
            ("sections", ANNEX_SECTIONS, "the annex"),
            ("columns", ANNEX_COLUMNS, "the table"),
        ):
            items = [(name, description.split(":")[0]) for name, description in choices.items()]
            check_places(self, items, f"{part}_place_", where)
            if not in_place_order(cleaned, choices, f"{part}_place_"):
                self.add_error(
                    f"{part}_place_{next(iter(choices))}",
                    f"Give at least one of the {part} a place",
                )
        return cleaned

    def layout_data(self) -> dict:
        cleaned = self.cleaned_data
        parts = {
            part: [
                [name, cleaned[f"{part}_heading_{name}"].strip()]
                for name in in_place_order(cleaned, choices, f"{part}_place_")
            ]
            for part, choices in (("sections", ANNEX_SECTIONS), ("columns", ANNEX_COLUMNS))
        }
        choices = {name: cleaned[name] for name in ANNEX_CHOICES}
        return parts | choices | {"title_note": cleaned["title_note"].strip()}


class CloseForm(forms.Form):
    """Why an action is no longer pursued: shown on its page and kept in the audit trail."""

    reason = forms.CharField(
        label="Why is it closed?",
        help_text="For example: “Merged into action 4.2”, “Overtaken by the new structure”.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why the action is closed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=3), submit="Close the action")


def _person_name(user) -> str:
    return user.get_full_name() or user.username


class LeadOfficerForm(forms.Form):
    """Who answers for a lead officer's actions: one or more members, and a deputy."""

    name = forms.CharField(widget=forms.HiddenInput, max_length=300)
    people = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Who answers for it",
        help_text="They are asked about every open action this lead officer leads.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one person to ask"},
    )
    deputy = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Deputy (optional)",
        help_text="Also asked, so an absence leaves no action without an answer.",
        empty_label="No deputy",
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("people", "deputy"):
            self.fields[name].queryset = people_who_may(council, Can.REPORT_ON_OWN_ACTIONS)
            self.fields[name].label_from_instance = _person_name
        self.helper = _helper(
            "name",
            Field.checkboxes("people", small=True, legend_size=Size.MEDIUM),
            Field.select("deputy"),
            submit="Save who answers",
        )


MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


class AnnexTemplateForm(forms.Form):
    """The council's own Word template, whose styles, page and headers the Word annex takes."""

    template = forms.FileField(
        label="Word template",
        help_text="A Word document (.docx) or template (.dotx), up to 5 MB. Its text is not used, "
        "only its styles (Heading 1, Heading 2, Normal, Table Grid), page and headers.",
        error_messages={"required": "Choose the Word template to upload"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("template"), submit="Upload the template")
        self.helper.form_tag = False  # the page's own form sends the file (multipart)

    def clean_template(self):
        upload = self.cleaned_data["template"]
        if not upload.name.lower().endswith((".docx", ".dotx")):
            raise forms.ValidationError(
                "The template must be a Word document (.docx) or template (.dotx)"
            )
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError("The template must be smaller than 5 MB")
        data = upload.read()
        try:
            word_document(data)
        except UnreadableFile as problem:
            raise forms.ValidationError(str(problem)) from None
        return upload.name, data
