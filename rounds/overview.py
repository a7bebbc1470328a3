"""Each plan a person may read reports of, with its status totals and its latest published
round: what a councillor's home and the Reports page show. A fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count

from actions.charts import status_bar_chart
from actions.models import Action
from actions.selectors import counts_in_order
from councils.models import Council
from councils.permissions import Can, may
from plans.models import ImprovementPlan

from .models import ReportingRound


@dataclass
class PlanOverview:
    plan: ImprovementPlan
    counts: list
    chart: object
    published: ReportingRound | None
    open_round: ReportingRound | None


def plans_overview(user) -> list[PlanOverview]:
    councils = [
        council
        for council in Council.objects.for_user(user)
        if may(user, council, Can.READ_REPORTS)
    ]
    plans = list(
        ImprovementPlan.objects.filter(council__in=councils).current().select_related("council")
    )
    by_plan: dict = {}
    for plan_id, status, count in (
        Action.objects.filter(plan__in=plans)
        .leaves()
        .order_by()
        .values_list("plan", "status")
        .annotate(n=Count("pk"))
    ):
        by_plan.setdefault(plan_id, {})[status] = count
    published, open_rounds = {}, {}
    for reporting_round in (
        ReportingRound.objects.filter(plan__in=plans)
        .prefetch_related("files")
        .order_by("published_at", "id")
    ):
        if reporting_round.published_at is not None:
            published[reporting_round.plan_id] = reporting_round  # the latest wins
        elif reporting_round.is_open:
            open_rounds[reporting_round.plan_id] = reporting_round
    overview = []
    for plan in plans:
        counts = counts_in_order(by_plan.get(plan.pk, {}), plan)
        overview.append(
            PlanOverview(
                plan,
                counts,
                status_bar_chart(counts),
                published.get(plan.pk),
                open_rounds.get(plan.pk),
            )
        )
    return overview
