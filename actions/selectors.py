"""Reads for the officers' pages: one query per list, whatever the number of actions."""

from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils import timezone

from councils.models import Council
from councils.permissions import Can, roles_that
from plans.models import ImprovementPlan, Recommendation, Theme, shared_wording
from plans.status import Status

from .lead_officers import nobody_to_ask_q
from .models import Action, ProgressUpdate, RequestState, TargetDateRequest
from .overdue import overdue_q


@dataclass
class StatusCount:
    status: Status
    label: str
    count: int
    percent: int


def status_counts(actions, plan=None) -> list[StatusCount]:
    """Actions by status in reporting order, every status listed even at zero."""
    counts = dict(actions.order_by().values_list("status").annotate(n=Count("pk")))
    return counts_in_order(counts, plan)


def counts_in_order(counts: dict, plan=None, statuses=None) -> list[StatusCount]:
    """Counts keyed by status as a list: in the plan's key order and words if given (`statuses`
    fixes the list, so rows of one table line up), else the product's; a status no one has and
    no key lists is left out."""
    total = sum(counts.values())
    present = [status for status, n in counts.items() if n]
    if statuses is None:
        statuses = (
            plan.statuses_shown(present)
            if plan
            else [s for s in Status if s != Status.NONE or Status.NONE in present]
        )
    return [
        StatusCount(
            status,
            plan.status_label(status) if plan else status.label,
            n := counts.get(status, 0),
            round(100 * n / total) if total else 0,
        )
        for status in statuses
    ]


@dataclass
class MyActions:
    overdue: list = field(default_factory=list)
    due_for_update: list = field(default_factory=list)
    at_risk: list = field(default_factory=list)
    the_rest: list = field(default_factory=list)

    def groups(self):
        return [
            ("overdue", "Overdue", "Target date passed and not complete.", self.overdue),
            (
                "due",
                "Due for an update",
                "No progress update yet in this reporting period.",
                self.due_for_update,
            ),
            ("at-risk", "At risk or off track", "", self.at_risk),
            ("rest", "Everything else", "", self.the_rest),
        ]

    @property
    def total(self):
        return sum(len(group) for *_, group in self.groups())


def my_actions(user, today=None) -> MyActions:
    """The user's own actions, each in the first group it belongs to."""
    today = today or timezone.localdate()
    actions = (
        Action.objects.for_user(user)
        .filter(owners=user)
        .select_related("plan__council")
        .order_by("plan__council__name", "plan__title", "position")
    )
    due = set(actions.due_for_update(today).values_list("pk", flat=True))
    grouped = MyActions()
    for action in actions:
        if action.is_overdue(today):
            grouped.overdue.append(action)
        elif action.pk in due:
            grouped.due_for_update.append(action)
        elif action.status in (Status.AT_RISK, Status.OFF_TRACK):
            grouped.at_risk.append(action)
        else:
            grouped.the_rest.append(action)
    return grouped


@dataclass
class CouncilTotals:
    council: Council
    counts: list[StatusCount]
    overdue: int
    not_updated_count: int
    not_updated: list
    nobody_to_ask: int = 0
    date_requests_waiting: int = 0
    # Where the council's plans use different keys: each plan's counts in its own words.
    by_plan: list["PlanTotals"] = field(default_factory=list)


@dataclass
class PlanTotals:
    plan: ImprovementPlan
    counts: list[StatusCount]


def coordinator_totals(user, today=None, limit=25) -> list[CouncilTotals]:
    """For each council the user coordinates: its actions by status, and those not updated.

    Counts are of the actions officers report on (sub-actions, and actions without any).
    """
    today = today or timezone.localdate()
    councils = list(Council.objects.for_user(user, roles=roles_that(Can.BUILD_PLANS)))
    leaves = Action.objects.filter(plan__council__in=councils).leaves()
    by_council: dict = {}
    by_plan: dict = {}
    for council_id, plan_id, status, count in (
        leaves.order_by().values_list("plan__council", "plan", "status").annotate(n=Count("pk"))
    ):
        counts = by_council.setdefault(council_id, {})
        counts[status] = counts.get(status, 0) + count
        by_plan.setdefault(plan_id, {})[status] = count
    flagged = (
        leaves.order_by()
        .values_list("plan__council")
        .annotate(
            overdue=Count("pk", filter=overdue_q(today)),
            unasked=Count("pk", filter=nobody_to_ask_q()),
        )
    )
    overdue = {council_id: n for council_id, n, _ in flagged}
    unasked = {council_id: n for council_id, _, n in flagged}
    waiting = dict(
        TargetDateRequest.objects.filter(
            action__plan__council__in=councils, state=RequestState.WAITING
        )
        .order_by()
        .values_list("action__plan__council")
        .annotate(n=Count("pk"))
    )
    plans_of = {}
    for plan in ImprovementPlan.objects.filter(council__in=councils):
        plans_of.setdefault(plan.council_id, []).append(plan)
    totals = []
    for council in councils:
        plans = plans_of.get(council.pk, [])
        shared = shared_wording(plans)
        stale = (
            leaves.filter(plan__council=council)
            .due_for_update(today)
            .select_related("plan")
            .order_by("status_as_at", "plan", "position")
        )
        totals.append(
            CouncilTotals(
                council=council,
                # in the council's words when its plans share them, else plan by plan
                counts=counts_in_order(by_council.get(council.pk, {}), shared),
                by_plan=[]
                if shared or len(plans) < 2
                else [
                    PlanTotals(plan, counts_in_order(by_plan.get(plan.pk, {}), plan))
                    for plan in plans
                    if plan.pk in by_plan
                ],
                overdue=overdue.get(council.pk, 0),
                not_updated_count=stale.count(),
                not_updated=list(stale[:limit]),
                nobody_to_ask=unasked.get(council.pk, 0),
                date_requests_waiting=waiting.get(council.pk, 0),
            )
        )
    return totals


def plan_fingerprint(plan) -> str:
    """Changes whenever anything a report or export of the plan prints could have changed: the
    latest entry of the audit trail of the council, the plan and its parts, and the latest
    progress update (append-only, so a new one always has a higher id)."""

    def latest(model, **lookup):
        return model.history.filter(**lookup).aggregate(latest=Max("history_id"))["latest"] or 0

    return ".".join(
        str(value)
        for value in (
            latest(type(plan.council), id=plan.council_id),
            latest(ImprovementPlan, id=plan.pk),
            latest(Theme, plan_id=plan.pk),
            latest(Recommendation, plan_id=plan.pk),
            latest(Action, plan_id=plan.pk),
            ProgressUpdate.objects.filter(action__plan_id=plan.pk).aggregate(m=Max("pk"))["m"] or 0,
        )
    )
