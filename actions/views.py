"""The officers' pages: their actions, the filtered action list, one action, and its updates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from councils.access import visible_or_404
from councils.permissions import can_update_action

from .charts import status_bar_chart
from .filters import ActionFilter, status_rank
from .forms import ProgressUpdateForm
from .models import Action, ProgressUpdate
from .resources import ActionListResource, action_list_workbook
from .selectors import coordinator_totals, my_actions
from .services import progress_update_create
from .sorting import sortable_columns

PAGE_SIZE = 25
DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


@login_required
def home(request):
    totals = coordinator_totals(request.user)
    for council_totals in totals:
        council_totals.chart = status_bar_chart(council_totals.counts)
    return render(
        request,
        "actions/home.html",
        {"mine": my_actions(request.user), "totals": totals, "today": timezone.localdate()},
    )


@login_required
def action_list(request):
    actions = (
        Action.objects.for_user(request.user)
        .select_related("plan__council", "theme")
        .annotate(status_rank=status_rank())
    )
    action_filter = ActionFilter(request.GET or None, queryset=actions, user=request.user)
    request.council = action_filter.only_council
    rows = action_filter.qs
    download = request.GET.get("download")
    if download in DOWNLOADS:
        return _download(rows, download)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "actions/action_list.html",
        {
            "filter": action_filter,
            "page": page,
            "columns": sortable_columns(request.GET),
            "query": _query_without(request.GET, "page"),
            "today": timezone.localdate(),
        },
    )


def _query_without(params, *names):
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _download(rows, file_format):
    content_type, extension = DOWNLOADS[file_format]
    rows = rows.with_latest_narrative()
    if file_format == "csv":
        body = ActionListResource().export(queryset=rows).csv.encode("utf-8-sig")
    else:
        body = action_list_workbook(rows)
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="actions-{stamp}.{extension}"'
    return response


@login_required
def action_detail(request, pk):
    action = visible_or_404(
        Action.objects.select_related("plan__council", "theme", "parent").prefetch_related(
            "recommendations",
            "owners",
            Prefetch("children", queryset=Action.objects.order_by("position")),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("author").order_by(
                    "-as_at", "-recorded_at", "-id"
                ),
            ),
        ),
        request.user,
        pk=pk,
    )
    request.council = action.plan.council
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "may_update": can_update_action(request.user, action),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_update_add(request, pk):
    action = visible_or_404(Action.objects.select_related("plan__council"), request.user, pk=pk)
    request.council = action.plan.council
    if not can_update_action(request.user, action):
        raise PermissionDenied("Only the action's owners and the council's coordinators update it.")
    latest = (
        action.updates.select_related("action__plan")
        .order_by("-as_at", "-recorded_at", "-id")
        .first()
    )
    if request.method == "POST":
        form = ProgressUpdateForm(request.POST, action=action)
        if form.is_valid():
            data = form.cleaned_data
            update = progress_update_create(
                action=action,
                author=request.user,
                status=data["status"],
                narrative=data["narrative"],
                evidence=data["evidence"],
                evidence_links=data["evidence_links"],
                as_at=data["as_at"],
                revised_target_text=data["revised_target"],
                revision_reason=data["revision_reason"],
            )
            _tell_about_updates_since(request, action, data.get("seen_update"), update)
            status = action.plan.status_label(update.status).lower()
            messages.success(request, f"Update saved: {action.shown_ref} is now {status}.")
            return redirect("action_detail", pk=action.pk)
    else:
        form = ProgressUpdateForm(
            action=action,
            initial={
                "status": action.status,
                "as_at": timezone.localdate(),
                "seen_update": latest.pk if latest else None,
            },
        )
    return render(
        request,
        "actions/progress_update_form.html",
        {"action": action, "form": form, "latest": latest},
    )


def _tell_about_updates_since(request, action, seen_update_id, mine):
    """Someone else saved an update while this form was open: both are kept; say what changed."""
    others = action.updates.exclude(pk=mine.pk)
    if seen_update_id:
        others = others.filter(pk__gt=seen_update_id)
    for other in others.select_related("action__plan").order_by("recorded_at"):
        messages.warning(
            request,
            f"While you were writing, {other.author_name or 'someone'} also recorded an update "
            f"({other.status_label}, as at {other.as_at:%-d %B %Y}). "
            "Both updates are kept: check the timeline below.",
        )
