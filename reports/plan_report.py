"""A plan's report as at a date: counts by status, what changed, the plan as its council groups it.

Everything here works on the states `selectors.plan_states` reads; nothing queries per action.
Counts are of the actions officers report on (actions without sub-actions), so a parent and its
sub-actions are not counted twice.
"""

from collections import Counter
from dataclasses import dataclass, field

from actions.models import Confidence
from actions.selectors import StatusCount, counts_in_order
from plans.models import ImprovementPlan, PlanGrouping, Recommendation, Theme
from plans.status import Status

from .options import ReportOptions
from .selectors import ActionState, plan_states


@dataclass
class CountRow:
    """How many reported actions of one group (or of the whole plan) have each status."""

    name: str
    counts: list[StatusCount]
    total: int
    detail: str = ""  # a recommendation's title, printed smaller beside its reference


@dataclass
class Changes:
    since: object  # the comparison date
    completed: list[ActionState] = field(default_factory=list)
    moved: list[ActionState] = field(default_factory=list)  # other status changes
    new: list[ActionState] = field(default_factory=list)
    revised: list[ActionState] = field(default_factory=list)
    silent: list[ActionState] = field(default_factory=list)  # no update since

    @property
    def any(self) -> bool:
        return any((self.completed, self.moved, self.new, self.revised, self.silent))


@dataclass
class Row:
    """One line of the plan table: an action, or a sub-action under its parent."""

    state: ActionState
    parent: ActionState | None = None
    first_under_parent: bool = False
    last_under_parent: bool = False
    span: int = 1  # on the first row under a parent: how many rows its action cell spans


@dataclass
class Group:
    heading: str
    description: str
    rows: list[Row]

    @property
    def states(self) -> list[ActionState]:
        return [row.state for row in self.rows]


@dataclass
class ConfidenceCounts:
    """Of the actions still to deliver, how many their officers are confident of delivering by
    the target date: what committees read for warning."""

    high: int
    medium: int
    low: int
    not_given: int

    @property
    def total(self) -> int:
        return self.high + self.medium + self.low + self.not_given

    @property
    def any_given(self) -> bool:
        return self.total > self.not_given


def confidence_counts(leaves: list[ActionState]) -> ConfidenceCounts:
    to_deliver = [leaf for leaf in leaves if leaf.status != Status.COMPLETE and not leaf.closed]
    given = Counter(leaf.confidence for leaf in to_deliver)
    return ConfidenceCounts(
        high=given[Confidence.HIGH],
        medium=given[Confidence.MEDIUM],
        low=given[Confidence.LOW],
        not_given=given[""],
    )


@dataclass
class PlanReport:
    plan: ImprovementPlan
    options: ReportOptions
    theme: Theme | None
    key: list[tuple[Status, str]]
    totals: CountRow
    grouped_by: str  # "theme", "recommendation" or "" (how the chart and plan are grouped)
    by_group: list[CountRow]
    by_theme: list[CountRow]
    by_recommendation: list[CountRow]
    overdue: list[ActionState]
    changes: Changes | None
    groups: list[Group]
    confidence: "ConfidenceCounts | None" = None
    rescheduled: list[ActionState] = field(default_factory=list)  # moved with approval
    objectives: list[Theme] = field(default_factory=list)  # the themes, for the annex
    with_sub_actions: list[ActionState] = field(default_factory=list)  # for their roll-ups

    @property
    def listed_count(self) -> int:
        return sum(1 for group in self.groups for row in group.rows if row.state.reported)


def plan_report_build(*, plan: ImprovementPlan, options: ReportOptions) -> PlanReport:
    if options.since is not None and options.since >= options.as_at:
        raise ValueError("The comparison date must be before the as-at date.")
    themes = list(plan.themes.all())
    recommendations = list(plan.recommendations.all())
    theme = next((t for t in themes if t.pk == options.theme_id), None)
    states = plan_states(
        plan, as_at=options.as_at, since=options.since, recorded_by=options.recorded_by
    )
    if theme is not None:
        states = [state for state in states if state.action.theme_id == theme.pk]
        themes = [theme]
    leaves = [leaf for state in states for leaf in state.leaves()]
    # The council's key, in its order, and any other status an action has: every count table,
    # chart and key of the report uses this one list.
    shown = plan.statuses_shown(leaf.status for leaf in leaves)

    by_theme = _count_by_theme(leaves, themes, plan, shown)
    by_recommendation = _count_by_recommendation(leaves, recommendations, plan, shown)
    if plan.grouping == PlanGrouping.RECOMMENDATION and recommendations:
        grouped_by, by_group = "recommendation", by_recommendation
    elif themes:
        grouped_by, by_group = "theme", by_theme
    else:
        grouped_by, by_group = "", []
    return PlanReport(
        plan=plan,
        options=options,
        theme=theme,
        key=[(status, plan.status_label(status)) for status in shown],
        totals=count_row("All actions", leaves, plan, shown),
        grouped_by=grouped_by,
        by_group=by_group,
        by_theme=by_theme,
        by_recommendation=by_recommendation,
        overdue=[leaf for leaf in leaves if leaf.overdue],
        changes=_changes(leaves, options.since) if options.since else None,
        groups=_groups(plan, states, themes, recommendations, options),
        objectives=themes,
        with_sub_actions=[state for state in states if state.children],
        confidence=confidence_counts(leaves),
        rescheduled=[leaf for leaf in leaves if leaf.rescheduled is not None],
    )


def count_row(
    name: str, leaves: list[ActionState], plan, statuses: list[Status], detail: str = ""
) -> CountRow:
    counts = counts_in_order(Counter(leaf.status for leaf in leaves), plan, statuses)
    return CountRow(name, counts, len(leaves), detail)


def _count_by_theme(leaves, themes, plan, statuses) -> list[CountRow]:
    rows = [
        count_row(
            f"{t.number}. {t.title}",
            [x for x in leaves if x.action.theme_id == t.pk],
            plan,
            statuses,
        )
        for t in themes
    ]
    unthemed = [leaf for leaf in leaves if leaf.action.theme_id is None]
    if themes and unthemed:
        rows.append(count_row("No theme", unthemed, plan, statuses))
    return rows


def _count_by_recommendation(leaves, recommendations, plan, statuses) -> list[CountRow]:
    """An action answering several recommendations counts under each of them."""
    rows = []
    for rec in recommendations:
        answering = [
            leaf
            for leaf in leaves
            if any(r.pk == rec.pk for r in leaf.action.recommendations.all())
        ]
        if answering:
            rows.append(
                count_row(recommendation_ref(rec), answering, plan, statuses, detail=rec.title)
            )
    return rows


def recommendation_ref(rec: Recommendation) -> str:
    ref = rec.ref.rstrip(".")
    return ref if ref.upper().startswith("R") else f"Recommendation {ref}"


def recommendation_name(rec: Recommendation) -> str:
    ref = recommendation_ref(rec)
    return f"{ref}: {rec.title}" if rec.title else ref


def _changes(leaves: list[ActionState], since) -> Changes:
    changes = Changes(since=since)
    for leaf in leaves:
        if leaf.status_then is None:
            changes.new.append(leaf)
            continue
        if leaf.status != leaf.status_then:
            if leaf.status == Status.COMPLETE:
                changes.completed.append(leaf)
            else:
                changes.moved.append(leaf)
        if leaf.revisions_since:
            changes.revised.append(leaf)
        if not leaf.updated_since and leaf.status != Status.COMPLETE:
            changes.silent.append(leaf)
    return changes


def _groups(plan, states, themes, recommendations, options) -> list[Group]:
    if plan.grouping == PlanGrouping.THEME and themes:
        buckets = {t.pk: Group(f"{t.number}. {t.title}", t.description, []) for t in themes}
        key = lambda state: state.action.theme_id  # noqa: E731
    elif plan.grouping == PlanGrouping.RECOMMENDATION and recommendations:
        buckets = {r.pk: Group(recommendation_name(r), r.text, []) for r in recommendations}

        def key(state):
            first = next(iter(state.action.recommendations.all()), None)
            return first.pk if first else None
    else:
        buckets = {}
        key = lambda state: None  # noqa: E731
    others = Group("Other actions" if buckets else "", "", [])
    for state in states:
        rows = _rows(state, options)
        if rows:
            buckets.get(key(state), others).rows.extend(rows)
    return [group for group in [*buckets.values(), others] if group.rows]


def _rows(state: ActionState, options: ReportOptions) -> list[Row]:
    if state.reported:
        return [Row(state)] if options.lists(state.status) else []
    listed = [leaf for leaf in state.leaves() if options.lists(leaf.status)]
    return [
        Row(
            leaf,
            parent=state,
            first_under_parent=index == 0,
            last_under_parent=index == len(listed) - 1,
            span=len(listed) if index == 0 else 1,
        )
        for index, leaf in enumerate(listed)
    ]
