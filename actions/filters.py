"""The action list's filters. Every choice offered comes from the user's own councils."""

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from councils.models import Council
from plans.models import ImprovementPlan, Recommendation, Theme, shared_wording

from .models import Action, ProgressUpdate
from .status import Status

YES_NO = [("yes", "Yes"), ("no", "No")]


def status_rank():
    """Sort statuses in reporting order rather than alphabetically."""
    return Case(
        *[When(status=status, then=Value(status.order)) for status in Status],
        output_field=IntegerField(),
    )


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
                Field.text("due_after"),
                Field.text("due_before"),
                Field.text("no_update_since"),
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
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=YES_NO,
        empty_label="Any",
        method="filter_overdue",
        widget=forms.RadioSelect,
    )
    due_after = django_filters.DateFilter(
        label="Target date on or after",
        field_name="target_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_before = django_filters.DateFilter(
        label="Target date on or before",
        field_name="target_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    no_update_since = django_filters.DateFilter(
        label="No update since",
        method="filter_no_update_since",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.OrderingFilter(
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
        plans = list(ImprovementPlan.objects.for_user(user).select_related("council"))
        councils = sorted({(p.council.slug, p.council.name) for p in plans}, key=lambda c: c[1])
        many_councils = len(councils) > 1
        self.only_council = plans[0].council if plans and not many_councils else None
        self._choices("council", councils)
        self._choices(
            "plan",
            [(p.pk, f"{p.title} ({p.council.name})" if many_councils else p.title) for p in plans],
        )
        members = (
            get_user_model()
            .objects.filter(memberships__council__in=Council.objects.for_user(user))
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self._choices("owner", [(u.pk, u.get_full_name() or u.username) for u in members])
        # Themes and recommendations mean something only within one plan.
        chosen = next((p for p in plans if str(p.pk) == (data or {}).get("plan")), None)
        # Statuses in the council's words and order when the plans shown share them.
        wording = chosen or shared_wording(plans)
        if wording is not None:
            self.filters["status"].extra["choices"] = [
                (status.value, wording.status_label(status))
                for status in wording.statuses_shown([Status.NONE])
            ]
        self.plan = chosen
        themes = Theme.objects.filter(plan=chosen) if chosen else []
        pick_plan = None if chosen else "Choose a plan first"
        self._choices("theme", [(t.pk, str(t)) for t in themes], pick_plan)
        recommendations = Recommendation.objects.filter(plan=chosen) if chosen else []
        self._choices(
            "recommendation",
            [(r.pk, f"{r.ref} {r.title}"[:90]) for r in recommendations],
            pick_plan,
        )

    def _choices(self, name, choices, empty_label=None):
        self.filters[name].extra["choices"] = [(str(value), label) for value, label in choices]
        self.filters[name].extra["empty_label"] = empty_label or "All"

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

    def filter_no_update_since(self, queryset, name, value):
        return queryset.leaves().filter(Q(status_as_at__lt=value) | Q(status_as_at__isnull=True))
