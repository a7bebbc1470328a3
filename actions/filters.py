"""The action list's filters. Every choice offered comes from the user's own councils."""

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from councils.models import Council
from plans.models import ImprovementPlan, Recommendation, Theme, shared_wording
from plans.status import Status

from .forms import NamedDateField, date_input
from .models import Action, ProgressUpdate

YES_NO = [("yes", "Yes"), ("no", "No")]


def status_rank():
    """Sort statuses in reporting order rather than alphabetically."""
    return Case(
        *[When(status=status, then=Value(status.order)) for status in Status],
        output_field=IntegerField(),
    )


class YesNoFilter(django_filters.ChoiceFilter):
    """Any, Yes or No, as radios."""

    def __init__(self, **kwargs):
        super().__init__(choices=YES_NO, empty_label="Any", widget=forms.RadioSelect, **kwargs)


class DateInputFilter(django_filters.DateFilter):
    """A date typed in GOV.UK's day, month and year boxes, like every other date in the product."""

    field_class = NamedDateField


class UndatedLastOrderingFilter(django_filters.OrderingFilter):
    """Sorting by target date puts actions with none ("None set", "In progress") last, whichever
    way the list is sorted, as a reader scanning for the next deadline expects."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = self.param_map[param[1:] if descending else param]
        if field == "target_date":
            date = F("target_date")
            return date.desc(nulls_last=True) if descending else date.asc(nulls_last=True)
        return super().get_ordering_value(param)


class ActionFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "filters"
        self.helper.layout = Layout(
            Field.text("q", field_width=Fluid.FULL),
            Fieldset(
                Field.select("council"),
                Field.select("plan"),
                Field.select("theme"),
                Field.select("recommendation"),
                legend="Plan",
                legend_size=Size.SMALL,
            ),
            Field.checkboxes("status", legend_size=Size.SMALL, small=True),
            Fieldset(
                Field.text("lead_officer", field_width=Fluid.FULL),
                Field.select("owner"),
                legend="Who",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.radios("overdue", small=True, inline=True),
                Field.radios("due_for_update", small=True, inline=True),
                date_input("due_after"),
                date_input("due_before"),
                date_input("no_update_since"),
                legend="Dates",
                legend_size=Size.SMALL,
            ),
            Button("filter", "Apply filters"),
        )


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="search", help_text="Reference, title, detail or progress narrative"
    )
    # Choices are filled in per user from one query each; an id outside them is a form error.
    council = django_filters.ChoiceFilter(label="Council", field_name="plan__council__slug")
    plan = django_filters.ChoiceFilter(label="Plan", field_name="plan_id")
    theme = django_filters.ChoiceFilter(label="Theme", field_name="theme_id")
    recommendation = django_filters.ChoiceFilter(
        label="Recommendation", field_name="recommendations__id"
    )
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    lead_officer = django_filters.CharFilter(label="Lead officer", lookup_expr="icontains")
    owner = django_filters.ChoiceFilter(label="Owner", field_name="owners__id")
    overdue = YesNoFilter(label="Overdue", method="filter_overdue")
    due_for_update = YesNoFilter(
        label="Due for an update this reporting period", method="filter_due_for_update"
    )
    due_after = DateInputFilter(
        label="Target date on or after",
        name="date the target is on or after",
        field_name="target_date",
        lookup_expr="gte",
        help_text="For example, 1 4 2025",
    )
    due_before = DateInputFilter(
        label="Target date on or before",
        name="date the target is on or before",
        field_name="target_date",
        lookup_expr="lte",
    )
    no_update_since = DateInputFilter(
        label="No update since",
        name="date of no update since",
        method="filter_no_update_since",
    )
    sort = UndatedLastOrderingFilter(
        fields=[
            ("plan__title", "plan"),
            ("position", "ref"),
            ("title", "title"),
            ("lead_officer", "lead_officer"),
            ("target_date", "target_date"),
            ("status_rank", "status"),
            ("status_as_at", "last_update"),
        ],
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Action
        fields = []
        form = ActionFilterForm

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        plans = list(ImprovementPlan.objects.for_user(user).current().select_related("council"))
        councils = sorted({(p.council.slug, p.council.name) for p in plans}, key=lambda c: c[1])
        many_councils = len(councils) > 1
        self.only_council = plans[0].council if plans and not many_councils else None
        self._choices("council", councils)
        plan_choices = {
            p.pk: f"{p.title} ({p.council.name})" if many_councils else p.title for p in plans
        }
        self._choices("plan", plan_choices.items())
        members = (
            get_user_model()
            .objects.filter(memberships__council__in=Council.objects.for_user(user))
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self._choices("owner", [(u.pk, u.get_full_name() or u.username) for u in members])
        # A chosen plan narrows the theme and recommendation choices to its own.
        chosen = next((p for p in plans if str(p.pk) == (data or {}).get("plan")), None)
        # Statuses in the council's words and order when the plans shown share them.
        wording = chosen or shared_wording(plans)
        if wording is not None:
            self.filters["status"].extra["choices"] = [
                (status.value, wording.status_label(status))
                for status in wording.statuses_shown([Status.NONE])
            ]
        self.plan = chosen
        # Themes and recommendations of the chosen plan, or of every plan the user may see under
        # each plan's title, so they can be chosen before Apply is pressed.
        shown = [chosen] if chosen else plans
        title_of = {p.pk: plan_choices[p.pk] for p in shown}
        themes = Theme.objects.filter(plan__in=shown)
        self._choices("theme", _by_plan(themes, title_of, str))
        recommendations = Recommendation.objects.filter(plan__in=shown)
        self._choices(
            "recommendation",
            _by_plan(recommendations, title_of, lambda r: f"{r.ref} {r.title}"[:90]),
        )

    def _choices(self, name, choices):
        self.filters[name].extra["choices"] = [_as_text(choice) for choice in choices]
        self.filters[name].extra["empty_label"] = "All"

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            narrative = ProgressUpdate.objects.filter(
                action=OuterRef("pk"), narrative__icontains=word
            )
            queryset = queryset.filter(
                Q(ref__icontains=word)
                | Q(written_ref__icontains=word)
                | Q(title__icontains=word)
                | Q(detail__icontains=word)
                | Exists(narrative)
            )
        return queryset

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.overdue(today) if value == "yes" else queryset.not_overdue(today)

    def filter_due_for_update(self, queryset, name, value):
        due = queryset.due_for_update(timezone.localdate())
        return due if value == "yes" else queryset.exclude(pk__in=due.values("pk"))

    def filter_no_update_since(self, queryset, name, value):
        return queryset.leaves().filter(Q(status_as_at__lt=value) | Q(status_as_at__isnull=True))


def _by_plan(rows, title_of: dict, label) -> list:
    """Choices for rows of several plans, grouped under each plan's title (plain for one plan)."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(row.plan_id, []).append((row.pk, label(row)))
    if len(title_of) == 1:
        return next(iter(groups.values()), [])
    return [(title_of[plan_id], options) for plan_id, options in groups.items()]


def _as_text(choice):
    value, label = choice
    if isinstance(label, list):  # a group: its title, then its options
        return value, [_as_text(option) for option in label]
    return str(value), label
