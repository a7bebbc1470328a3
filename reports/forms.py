"""Report options as GOV.UK forms, sent by GET: choosing what a report shows changes nothing."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Div, Field, Fieldset, Fluid, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.http import urlencode

from actions.forms import NamedDateField, date_input
from plans.models import ImprovementPlan
from plans.status import Status

from .options import CoverDetails, ReportOptions

COMPLETED_CHOICES = [("include", "Include completed actions"), ("leave-out", "Leave them out")]


class ReportOptionsForm(forms.Form):
    as_at = NamedDateField(
        name="date the report is as at",
        label="Progress as at",
        required=False,
        help_text="Each action shows its latest update on or before this date. "
        "Leave blank for today. For example, 8 11 2024",
    )
    since = NamedDateField(
        name="date to compare with",
        label="Compare with (optional)",
        required=False,
        help_text="Show what changed since this earlier date, for example the last meeting.",
    )
    completed = forms.ChoiceField(
        label="Completed actions",
        choices=COMPLETED_CHOICES,
        initial="include",
        required=False,
        widget=forms.RadioSelect,
    )
    theme = forms.TypedChoiceField(
        label="Theme", required=False, coerce=int, empty_value=None, choices=()
    )
    status = forms.ChoiceField(label="Status", required=False, choices=())
    submit_label = "Show report"

    def __init__(self, data=None, *, plan: ImprovementPlan, **kwargs):
        if data is not None and not data.get("completed"):
            data = data.copy()
            data["completed"] = "include"  # a link without the choice includes them
        super().__init__(data, **kwargs)
        self.plan = plan
        themes = [(t.pk, f"{t.number}. {t.title}") for t in plan.themes.all()]
        self.fields["theme"].choices = [("", "All themes"), *themes]
        self.fields["status"].choices = [("", "All statuses")] + [
            (status.value, plan.status_label(status))
            for status in plan.statuses_shown([Status.NONE])
        ]
        self.helper = FormHelper()
        self.helper.form_method = getattr(self, "method", "get")
        self.helper.layout = Layout(*self.layout_fields(has_themes=bool(themes)))

    def layout_fields(self, *, has_themes: bool):
        """Dates, then what to list, side by side above the report; the button last."""
        if not has_themes:
            del self.fields["theme"]
        third = "govuk-grid-column-one-third"
        return [
            Div(
                Div(date_input("as_at"), css_class=third),
                Div(date_input("since"), css_class=third),
                Div(Field.radios("completed", legend_size=Size.SMALL, small=True), css_class=third),
                css_class="govuk-grid-row",
            ),
            Div(
                *([Div(Field.select("theme"), css_class=third)] if has_themes else []),
                Div(Field.select("status"), css_class=third),
                css_class="govuk-grid-row",
            ),
            Submit("show", self.submit_label),
        ]

    def clean_as_at(self):
        as_at = self.cleaned_data.get("as_at") or timezone.localdate()
        if as_at > timezone.localdate():
            raise ValidationError("The date the report is as at must be today or in the past")
        return as_at

    def clean(self):
        cleaned = super().clean()
        as_at, since = cleaned.get("as_at"), cleaned.get("since")
        if as_at and since and since >= as_at:
            self.add_error("since", "The date to compare with must be before the as-at date")
        return cleaned

    def report_options(self) -> ReportOptions:
        data = self.cleaned_data
        return ReportOptions(
            as_at=data["as_at"],
            since=data.get("since"),
            include_completed=data.get("completed") != "leave-out",
            theme_id=data.get("theme"),
            status=Status(data["status"]) if data.get("status") else None,
        )


class AnnexForm(ReportOptionsForm):
    committee = forms.CharField(
        label="Committee (optional)",
        required=False,
        max_length=300,
        help_text="As the agenda names it, for example Executive or Audit and Governance Committee",
    )
    meeting_date = NamedDateField(
        name="meeting date", label="Meeting date (optional)", required=False
    )
    annex_label = forms.CharField(
        label="Annex label",
        max_length=40,
        initial="Annex",
        help_text="Printed on the cover and in every footer, for example Annex 2",
        error_messages={"required": "Enter the annex label, for example Annex 2"},
    )
    file_format = forms.ChoiceField(
        label="Format",
        required=False,
        choices=[
            ("pdf", "PDF, to print or to put in the agenda pack as it is"),
            ("docx", "Word (.docx), to paste into the committee report’s template"),
        ],
        initial="pdf",
        widget=forms.RadioSelect,
    )
    submit_label = "Download the annex"
    method = "post"

    def layout_fields(self, *, has_themes: bool):
        if not has_themes:
            del self.fields["theme"]
        cover = Fieldset(
            Field.text("committee", field_width=Fluid.TWO_THIRDS),
            date_input("meeting_date"),
            Field.text("annex_label", field_width=Fluid.ONE_THIRD),
            legend="Cover",
            legend_size=Size.MEDIUM,
        )
        contents = Fieldset(
            date_input("as_at"),
            date_input("since"),
            Field.radios("completed", legend_size=Size.SMALL, small=True),
            *([Field.select("theme")] if has_themes else []),
            Field.select("status"),
            legend="Contents",
            legend_size=Size.MEDIUM,
        )
        file_format = Field.radios("file_format", legend_size=Size.MEDIUM)
        return [cover, contents, file_format, Submit("download", self.submit_label)]

    @property
    def in_word(self) -> bool:
        return self.cleaned_data.get("file_format") == "docx"

    def cover_details(self) -> CoverDetails:
        data = self.cleaned_data
        return CoverDetails(
            committee=data.get("committee", ""),
            meeting_date=data.get("meeting_date"),
            annex_label=data["annex_label"].strip(),
        )


def is_submitted(form_class, query) -> bool:
    """A GET form counts as submitted once any of its fields is in the query string."""
    names = set()
    for name, field in form_class.base_fields.items():
        parts = len(field.fields) if isinstance(field, forms.MultiValueField) else 0
        names.update([name] + [f"{name}_{index}" for index in range(parts)])
    return any(key in names for key in query)


def report_query(options: ReportOptions, **extra) -> str:
    """The query string that asks a report page, download or form for these options."""
    values = {
        **_date_parts("as_at", options.as_at),
        **_date_parts("since", options.since),
        "completed": "include" if options.include_completed else "leave-out",
        "theme": options.theme_id or "",
        "status": options.status.value if options.status else "",
    }
    for name, value in extra.items():
        values.update(_date_parts(name, value) if isinstance(value, date) else {name: value})
    return urlencode(values)


def _date_parts(name: str, value: date | None) -> dict:
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}
