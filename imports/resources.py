"""The django-import-export resource for a plan's actions, in the canonical template's columns.

Imports match actions on their natural key, (plan, action ref), and leave unchanged rows alone.
The services in `services.py` prepare the rows (themes and recommendations exist before this runs,
the recommendation cell is already reduced to what the action keeps as written), and afterwards
link sub-actions and record progress, which are not columns of one model row.
"""

from django.utils import timezone
from django.utils.text import Truncator
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader

from actions.models import Action
from plans.models import ImprovementPlan, Recommendation, Theme
from plans.status import Status

from .columns import COLUMNS, TEMPLATE_COLUMNS
from .parsed_plan import normalise_ref, parse_theme_label, split_refs

PLAN = "Plan"
RECOMMENDATIONS_AS_WRITTEN = "Recommendations as written"


class PlanWidget(widgets.Widget):
    """Every row is for the plan being imported; the column holds its id."""

    def __init__(self, plan: ImprovementPlan):
        super().__init__()
        self.plan = plan

    def clean(self, value, row=None, **kwargs):
        if str(value) != str(self.plan.pk):
            raise ValueError("This row belongs to another plan.")
        return self.plan

    def render(self, value, obj=None, **kwargs):
        return value.pk if value else ""


class ThemeWidget(widgets.ForeignKeyWidget):
    """A theme written "1. Strengthen strategic leadership", found by its number (or title)."""

    def __init__(self, themes: list[Theme]):
        super().__init__(Theme)
        self.by_number = {theme.number: theme for theme in themes}
        self.by_title = {theme.title.lower(): theme for theme in themes}

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        label = parse_theme_label(str(value))
        theme = self.by_number.get(label.number) if label.number else None
        theme = theme or self.by_title.get(label.title.lower())
        if theme is None:
            raise ValueError(f"There is no theme “{value}” in this plan.")
        return theme

    def render(self, value, obj=None, **kwargs):
        return f"{value.number}. {value.title}" if value else ""


class RecommendationRefsWidget(widgets.ManyToManyWidget):
    """Recommendations written by reference, "R1, R2", within the plan."""

    def __init__(self, recommendations: list[Recommendation]):
        super().__init__(Recommendation, separator=", ", field="ref")
        # "6." and "6" are the same reference
        self.by_ref = {normalise_ref(r.ref): r for r in recommendations}

    def clean(self, value, row=None, **kwargs):
        refs = split_refs(str(value or ""))
        missing = [ref for ref in refs if ref not in self.by_ref]
        if missing:
            raise ValueError(f"There is no recommendation {', '.join(missing)} in this plan.")
        return [self.by_ref[ref] for ref in refs]


class PlanActionsLoader(BaseInstanceLoader):
    """The plan's actions, loaded once with their recommendations, found by reference."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.by_ref = resource.existing_actions

    def get_instance(self, row):
        return self.by_ref.get(str(row[COLUMNS["action_ref"]]))


class ActionResource(resources.ModelResource):
    plan = fields.Field(attribute="plan", column_name=PLAN)
    ref = fields.Field(attribute="ref", column_name=COLUMNS["action_ref"])
    written_ref = fields.Field(attribute="written_ref", column_name=COLUMNS["written_ref"])
    theme = fields.Field(attribute="theme", column_name=COLUMNS["theme"])
    recommendations = fields.Field(
        attribute="recommendations", column_name=COLUMNS["recommendation_ref"]
    )
    recommendations_as_written = fields.Field(
        attribute="recommendations_as_written", column_name=RECOMMENDATIONS_AS_WRITTEN
    )
    title = fields.Field(attribute="title", column_name=COLUMNS["action"])
    detail = fields.Field(attribute="detail", column_name=COLUMNS["detail"])
    lead_officer = fields.Field(attribute="lead_officer", column_name=COLUMNS["lead_officer"])
    target_text = fields.Field(attribute="target_text", column_name=COLUMNS["target_date"])
    # Export only: the recommendation as the plan wrote it, and the latest progress.
    recommendation = fields.Field(column_name=COLUMNS["recommendation"], readonly=True)
    status = fields.Field(column_name=COLUMNS["status"], readonly=True)
    update = fields.Field(column_name=COLUMNS["update"], readonly=True)
    update_date = fields.Field(column_name=COLUMNS["update_date"], readonly=True)

    class Meta:
        model = Action
        fields = (
            "plan",
            "ref",
            "written_ref",
            "theme",
            "recommendations",
            "recommendations_as_written",
            "title",
            "detail",
            "lead_officer",
            "target_text",
            "recommendation",
            "status",
            "update",
            "update_date",
        )
        import_id_fields = ("plan", "ref")
        skip_unchanged = True
        report_skipped = True
        # The library's diff re-reads every field (a query per relation per row); `skip_row`
        # below compares a snapshot taken before the row is applied instead.
        skip_diff = True
        store_instance = True
        use_bulk = True
        batch_size = None
        clean_model_instances = False  # the row reader checks lengths; full_clean costs a query
        instance_loader_class = PlanActionsLoader

    def __init__(
        self, *, plan: ImprovementPlan, themes=(), recommendations=(), progress=None, **kwargs
    ):
        super().__init__(**kwargs)
        self.plan = plan
        self.progress = progress
        self.fields["plan"].widget = PlanWidget(plan)
        self.fields["theme"].widget = ThemeWidget(list(themes))
        self.fields["recommendations"].widget = RecommendationRefsWidget(list(recommendations))
        self.existing_actions: dict[str, Action] = {}
        self.before: dict[int, tuple] = {}
        self.next_position = 0
        self.linked: dict[int, set[int]] = {}  # existing actions' recommendation ids
        self.loaded = False

    # -- import --------------------------------------------------------------------------------
    def get_import_fields(self):
        return [field for field in super().get_import_fields() if not field.readonly]

    def load_existing(self) -> None:
        """The plan's actions as they are, by reference (once, however often asked)."""
        if self.loaded:
            return
        actions = list(self.plan.actions.order_by("position"))
        self.existing_actions = {action.ref: action for action in actions}
        self.next_position = max((a.position for a in actions), default=-1) + 1
        # each action's recommendations by id: one query, no model objects
        links = Action.recommendations.through.objects.filter(action__plan=self.plan)
        for action_id, recommendation_id in links.values_list("action_id", "recommendation_id"):
            self.linked.setdefault(action_id, set()).add(recommendation_id)
        self.loaded = True

    def unchanged(self, row: dict) -> bool:
        """The row would leave its existing action exactly as it is: the same check as
        `skip_row`, made before import so such rows need not go through it at all."""
        self.load_existing()
        instance = self.existing_actions.get(str(row[COLUMNS["action_ref"]]))
        if instance is None:
            return False
        try:
            wanted = {name: self.fields[name].clean(row) for name in SNAPSHOT_FIELDS}
        except ValueError:
            return False  # the import says what is wrong with it
        theme = wanted.pop("theme")
        recommendations = wanted.pop("recommendations")
        if any(getattr(instance, name) != value for name, value in wanted.items()):
            return False
        return (theme.pk if theme else None) == instance.theme_id and {
            r.pk for r in recommendations
        } == self.linked.get(instance.pk, set())

    def new_action(self, row: dict, position: int) -> Action | None:
        """The action a row for a reference the plan lacks creates, cleaned by the resource's own
        fields, so new rows need not go through its row-by-row import; None when the row is not
        new, or a field refuses it (the import then says why)."""
        self.load_existing()
        if str(row[COLUMNS["action_ref"]]) in self.existing_actions:
            return None
        try:
            values = {name: self.fields[name].clean(row) for name in NEW_ACTION_FIELDS}
        except ValueError:
            return None
        action = Action(plan=self.plan, position=self.next_position + position, **values)
        action.set_target(action.target_text)
        return action

    def before_import(self, dataset, **kwargs):
        self.load_existing()
        self.total_rows = len(dataset)

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            self.before[instance.pk] = _snapshot(instance, self.linked.get(instance.pk, set()))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged when the row leaves every imported field, links included, as it was."""
        if not self._meta.skip_unchanged or import_validation_errors or instance.pk is None:
            return False
        wanted = self.fields["recommendations"].clean(row)
        return _snapshot(instance, {r.pk for r in wanted}) == self.before[instance.pk]

    def changed_fields(self, instance) -> list[str]:
        """What an updated row changed, field by field: "lead officer: “A” → “B”" for text,
        the field's name alone for the theme and the recommendations."""
        before = self.before.get(instance.pk)
        if before is None:
            return []
        # links are written after the resource (`_link_recommendations`), and reported there
        after = _snapshot(instance, self.linked.get(instance.pk, set()))
        return [
            f"{name}: “{Truncator(old).chars(60)}” → “{Truncator(new).chars(60)}”"
            if isinstance(new, str)
            else name
            for name, old, new in zip(SNAPSHOT, before, after, strict=True)
            if old != new
        ]

    def import_instance(self, instance, row, **kwargs):
        target_before = instance.target_text if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        if instance.pk is None:
            instance.set_target(instance.target_text)
            instance.position = self.next_position + kwargs.get("row_number", 0)
        elif instance.target_text != target_before:
            # A new target from a spreadsheet is a revision: keep the one first promised.
            new_text = instance.target_text
            if not instance.target_revised:
                instance.original_target_text = target_before
                instance.original_target_date = instance.target_date
            instance.set_target(new_text)

    def after_import_row(self, row, row_result, **kwargs):
        if self.progress is not None:
            self.progress(kwargs.get("row_number", 0), self.total_rows)

    def before_save_instance(self, instance, row, **kwargs):
        instance.updated_at = timezone.now()  # bulk_update does not touch auto_now fields

    def get_bulk_update_fields(self):
        return [
            "theme",
            "written_ref",
            "recommendations_as_written",
            "title",
            "detail",
            "lead_officer",
            "target_text",
            "target_date",
            "target_ongoing",
            "original_target_text",
            "original_target_date",
            "updated_at",
        ]

    # -- export --------------------------------------------------------------------------------
    def get_export_fields(self, selected_fields=None):
        by_column = {field.column_name: field for field in self.fields.values()}
        return [by_column[column] for column in TEMPLATE_COLUMNS]

    def get_queryset(self):
        # explicit: django-import-export orders a queryset without its own order_by by id
        return (
            self.plan.actions.select_related("theme")
            .prefetch_related("recommendations", "updates")
            .order_by("position", "id")
        )

    def dehydrate_recommendation(self, action):
        if action.recommendations_as_written:
            return action.recommendations_as_written
        linked = list(action.recommendations.all())
        return (linked[0].text or linked[0].title) if len(linked) == 1 else ""

    def dehydrate_status(self, action):
        if action.status == Status.NONE:
            return ""  # none given: blank, as the council's document had it
        return self.plan.status_label(action.status)

    def dehydrate_update(self, action):
        latest = _latest_update(action)
        return latest.narrative if latest else ""

    def dehydrate_update_date(self, action):
        latest = _latest_update(action)
        return latest.as_at if latest else None


SNAPSHOT = [
    "number as written",
    "action",
    "detail",
    "lead officer",
    "target date",
    "theme",
    "recommendation as written",
    "recommendations",
]


# The imported fields `_snapshot` compares, by the resource's field names.
SNAPSHOT_FIELDS = [
    "written_ref",
    "title",
    "detail",
    "lead_officer",
    "target_text",
    "theme",
    "recommendations_as_written",
    "recommendations",
]


# What a new action takes from its row (its recommendations are linked after).
NEW_ACTION_FIELDS = [name for name in SNAPSHOT_FIELDS if name != "recommendations"] + ["ref"]


def _snapshot(action, recommendation_ids) -> tuple:
    return (
        action.written_ref,
        action.title,
        action.detail,
        action.lead_officer,
        action.target_text,
        action.theme_id,
        action.recommendations_as_written,
        frozenset(recommendation_ids),
    )


def _latest_update(action):
    updates = list(action.updates.all())  # prefetched, newest first by the model's ordering
    return updates[0] if updates else None
