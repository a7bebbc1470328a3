"""The public transparency pages: what a plan that opted in has published, for anyone, with no
sign-in. Only published rounds, read from their frozen snapshot; a plan that has not opted in
is a 404, the same as one that does not exist."""

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from plans.models import ImprovementPlan
from plans.status import Status
from reports.chart import status_chart

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


def _page(request, plan, reporting_round):
    request.council = plan.council
    snapshot = reporting_round.snapshot
    key = snapshot_key(snapshot)
    by_group = snapshot_count_rows(snapshot["by_group"], plan, key)
    totals = snapshot_count_rows([snapshot["totals"]], plan, key)[0]
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
