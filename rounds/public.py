"""The public transparency pages: what a plan that opted in has published, for anyone, with no
sign-in. Only published rounds, read from their frozen snapshot; a plan that has not opted in
is a 404, the same as one that does not exist."""

from datetime import date

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from plans.models import ImprovementPlan
from plans.status import Status
from reports.chart import status_chart
from reports.plan_report import CountRow

from .models import ReportingRound
from .publication import snapshot_count_rows, snapshot_key
from .views import _file_response


def _public_plan_or_404(council_slug, plan_slug) -> ImprovementPlan:
    return get_object_or_404(
        ImprovementPlan.objects.select_related("council"),
        council__slug=council_slug,
        slug=plan_slug,
        public=True,
    )


def _published(plan):
    return plan.rounds.published().exclude(snapshot=None).order_by("-published_at", "-id")


def counts_in_words(totals: CountRow) -> str:
    """ "Of its 60 actions, 38 are complete, 15 underway, 4 at risk and 3 not started.", in the
    council's own status words."""
    parts = []
    for item in totals.counts:
        if not item.count:
            continue
        words = "not reported on yet" if item.status == Status.NONE else item.label.lower()
        if not parts:
            words = f"{'is' if item.count == 1 else 'are'} {words}"
        parts.append(f"{item.count:,} {words}")
    if not parts:
        return "It has no actions reported on yet."
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    plural = "" if totals.total == 1 else "s"
    return f"Of its {totals.total:,} action{plural}, {listed}."


def _totals(plan, snapshot) -> CountRow:
    return snapshot_count_rows([snapshot["totals"]], plan, snapshot_key(snapshot))[0]


def _page(request, plan, reporting_round):
    request.council = plan.council
    snapshot = reporting_round.snapshot
    key = snapshot_key(snapshot)
    by_group = snapshot_count_rows(snapshot["by_group"], plan, key)
    totals = _totals(plan, snapshot)
    groups = []
    for group in snapshot["groups"]:
        rows = [
            {
                **row,
                "status": Status(row["status"]),
                "update_as_at": date.fromisoformat(row["update_as_at"])
                if row["update_as_at"]
                else None,
            }
            for row in group["rows"]
        ]
        groups.append({**group, "rows": rows})
    return render(
        request,
        "rounds/public_plan.html",
        {
            # The same page for everyone: no navigation, messages or form tokens of whoever
            # happened to ask first.
            "public_page": True,
            "plan": plan,
            "round": reporting_round,
            "as_at": date.fromisoformat(snapshot["as_at"]),
            "report": {
                "key": [(status, plan.status_label(status)) for status in key],
                "grouped_by": snapshot["grouped_by"],
                "group_heading": snapshot["grouped_by"].capitalize() or "Group",
            },
            "totals": totals,
            "summary_sentence": counts_in_words(totals),
            "by_group": by_group,
            "chart": status_chart(by_group or [totals]),
            "groups": groups,
            "files": reporting_round.files.all(),
            "earlier": _published(plan).exclude(pk=reporting_round.pk),
        },
    )


def _cached_page(request, plan, reporting_round):
    """A published round never changes, so its page is rendered once and kept: the key names
    the round (a new publication is a new key) and the plan's public settings."""
    key = f"public-page:{reporting_round.pk}:{plan.public_lead_officers}:{request.path}"
    content = cache.get(key)
    if content is None:
        content = _page(request, plan, reporting_round).content
        cache.set(key, content, settings.PUBLIC_PAGE_SECONDS)
    response = HttpResponse(content)
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_SECONDS)
    return response


@require_GET
def public_plan(request, council_slug, plan_slug):
    plan = _public_plan_or_404(council_slug, plan_slug)
    latest = _published(plan).first()
    if latest is None:
        raise Http404("Nothing has been published yet.")
    return _cached_page(request, plan, latest)


@require_GET
def public_round(request, council_slug, plan_slug, round_id):
    plan = _public_plan_or_404(council_slug, plan_slug)
    reporting_round = get_object_or_404(_published(plan), pk=round_id)
    return _cached_page(request, plan, reporting_round)


@require_GET
def public_file(request, council_slug, plan_slug, round_id, kind):
    plan = _public_plan_or_404(council_slug, plan_slug)
    reporting_round: ReportingRound = get_object_or_404(_published(plan), pk=round_id)
    return _file_response(get_object_or_404(reporting_round.files, kind=kind))


@require_GET
def public_about(request, council_slug, plan_slug):
    """About the published data: the files with their checksums, the open data and the licence."""
    plan = _public_plan_or_404(council_slug, plan_slug)
    request.council = plan.council
    rounds = list(_published(plan).prefetch_related("files"))
    if not rounds:
        raise Http404("Nothing has been published yet.")
    response = render(
        request,
        "rounds/public_about.html",
        {"public_page": True, "plan": plan, "rounds": rounds, "latest": rounds[0]},
    )
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_SECONDS)
    return response


class PlanFeed(Feed):
    """Each published report of a public plan, newest first, for residents to follow."""

    feed_type = Atom1Feed

    def get_object(self, request, council_slug, plan_slug):
        return _public_plan_or_404(council_slug, plan_slug)

    def title(self, plan):
        return f"{plan.title}: {plan.council.name}"

    def subtitle(self, plan):
        return f"Each progress report on {plan.title} that {plan.council.name} publishes."

    def link(self, plan):
        return reverse("public:plan", args=[plan.council.slug, plan.slug])

    def items(self, plan):
        return _published(plan).select_related("plan__council")[:20]

    def item_title(self, reporting_round):
        return (
            f"Progress as at {reporting_round.as_at:%-d %B %Y}, reported to {reporting_round.name}"
        )

    def item_description(self, reporting_round):
        plan = reporting_round.plan
        return counts_in_words(_totals(plan, reporting_round.snapshot))

    def item_link(self, reporting_round):
        plan = reporting_round.plan
        return reverse("public:round", args=[plan.council.slug, plan.slug, reporting_round.pk])

    def item_pubdate(self, reporting_round):
        return reporting_round.published_at

    def item_updateddate(self, reporting_round):
        return reporting_round.published_at
