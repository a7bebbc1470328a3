"""The officers' pages: their actions, the filtered action list, one action, and its updates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from councils.access import visible_or_404
from councils.permissions import Can, can_update_action, may
from evidence.models import EvidenceFile
from evidence.services import EvidenceRefused, evidence_attach_held, evidence_hold, evidence_release

from .charts import status_bar_chart
from .drafts import (
    draft_as_post,
    draft_clear,
    draft_fields,
    draft_for,
    draft_save,
    typed_by,
    typed_by_note,
)
from .filters import ActionFilter, status_rank
from .forms import ProgressUpdateForm
from .models import Action, ProgressUpdate, RequestState
from .progress import attach_progress
from .resources import ActionListResource, action_list_workbook
from .selectors import coordinator_totals, my_actions
from .services import progress_update_create, target_date_request
from .sorting import sortable_columns
from .target_dates import read_back

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
        for plan_totals in council_totals.by_plan:
            plan_totals.chart = status_bar_chart(plan_totals.counts)
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
            Prefetch(
                "children", queryset=Action.objects.order_by("position").with_latest_percent()
            ),
            Prefetch(
                "updates",
                queryset=ProgressUpdate.objects.select_related("author")
                .prefetch_related("files")
                .order_by("-as_at", "-recorded_at", "-id"),
            ),
        ),
        request.user,
        pk=pk,
    )
    request.council = action.plan.council
    action.sub_actions = list(action.children.all())
    attach_progress([action])
    latest = next(iter(action.updates.all()), None)
    action.latest_percent = latest.percent_complete if latest else None
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "may_update": can_update_action(request.user, action),
            "may_decide": may(request.user, action.plan.council, Can.BUILD_PLANS),
            "date_requests": list(action.date_requests.exclude(state=RequestState.REPLACED)),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def progress_update_add(request, pk):
    if not request.user.is_authenticated:
        return _keep_until_signed_in(request, pk)
    action = visible_or_404(Action.objects.select_related("plan__council"), request.user, pk=pk)
    request.council = action.plan.council
    if not can_update_action(request.user, action):
        raise PermissionDenied("Only the action's owners and the council's coordinators update it.")
    if request.method == "GET" and action.closed_on is not None:
        messages.info(request, f"{action.named} is closed: it takes no more updates.")
        return redirect("action_detail", pk=action.pk)
    latest = (
        action.updates.select_related("action__plan")
        .order_by("-as_at", "-recorded_at", "-id")
        .first()
    )
    restored = None
    asks = not may(request.user, action.plan.council, Can.BUILD_PLANS)
    if request.method == "POST":
        form = ProgressUpdateForm(request.POST, action=action, asks=asks)
        draft_save(user=request.user, action=action, data=draft_fields(request.POST, form.fields))
        if "remove_file" in request.POST:
            form.quiet = True
            removed = evidence_release(
                action=action, user=request.user, evidence_id=_int(request.POST["remove_file"])
            )
            if removed:
                messages.info(request, f"{removed} removed from this update.")
        elif _checked(form, request, action):
            update = _record(request, action, form.cleaned_data, asks=asks)
            _tell_about_updates_since(request, action, form.cleaned_data.get("seen_update"), update)
            status = action.plan.status_label(update.status).lower()
            asked = form.cleaned_data["revised_target"] if asks else ""
            messages.success(
                request,
                f"Update saved: {action.named} is now {status}."
                + (
                    f" Your request to move its target date to {asked} is with the coordinator."
                    if asked
                    else ""
                ),
            )
            return redirect("action_detail", pk=action.pk)
    else:
        draft = draft_for(request.user, action)
        if draft is not None:
            form = ProgressUpdateForm(draft_as_post(draft), action=action, quiet=True, asks=asks)
            restored = draft.saved_at
        else:
            form = ProgressUpdateForm(
                action=action,
                asks=asks,
                initial={
                    "status": action.status,
                    "as_at": timezone.localdate(),
                    "seen_update": latest.pk if latest else None,
                },
            )
    return render(
        request,
        "actions/progress_update_form.html",
        {
            "action": action,
            "form": form,
            "latest": latest,
            "held": EvidenceFile.objects.held_for(request.user, action),
            "restored": restored,
            "typed_by": typed_by_note(request.user, action),
            "session_ends": request.session.get_expiry_date(),
            "waiting_request": action.date_requests.filter(state=RequestState.WAITING).first(),
        },
    )


@require_POST
def progress_update_draft(request, pk):
    """Keep what is typed on the update form as it is typed (the form's script calls this)."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_out": True}, status=401)
    action = visible_or_404(Action.objects.select_related("plan__council"), request.user, pk=pk)
    if not can_update_action(request.user, action) or action.closed_on is not None:
        return JsonResponse({"kept": False}, status=403)
    draft_save(
        user=request.user,
        action=action,
        data=draft_fields(request.POST, ProgressUpdateForm.base_fields),
    )
    return JsonResponse({"kept": True, "at": timezone.localtime().strftime("%H:%M")})


@login_required
def target_date_read(request):
    """How a target date being typed is read: the forms' script asks as the person types."""
    text = request.GET.get("text", "")[:300]
    response = JsonResponse({"text": read_back(text)})
    response["Cache-Control"] = "no-store"
    return response


def _int(value) -> int | None:
    return int(value) if str(value).isdigit() else None


def _checked(form, request, action) -> bool:
    """Check the form, and keep each file chosen that may be evidence, whatever else is wrong:
    a file refused is named in the error summary; a file kept stays for the next try."""
    valid = form.is_valid()
    for uploaded in request.FILES.getlist("files"):
        try:
            evidence_hold(action=action, user=request.user, uploaded=uploaded)
        except EvidenceRefused as refusal:
            form.add_error("files", str(refusal))
            valid = False
    return valid


@transaction.atomic
def _record(request, action, data, *, asks: bool):
    """Save the update; a revised target from someone who may not move dates is a request."""
    revised = data["revised_target"]
    update = progress_update_create(
        action=action,
        author=request.user,
        status=data["status"],
        narrative=data["narrative"],
        evidence=data["evidence"],
        evidence_links=data["evidence_links"],
        as_at=data["as_at"],
        revised_target_text="" if asks else revised,
        revision_reason="" if asks else data["revision_reason"],
        percent_complete=data["percent_complete"],
        confidence=data["confidence"],
    )
    if asks and revised:
        target_date_request(
            action=action, user=request.user, asked_for=revised, reason=data["revision_reason"]
        )
    evidence_attach_held(update=update, user=request.user)
    draft_clear(user=request.user, action=action)
    return update


def _keep_until_signed_in(request, pk):
    """The session ended while the form was open: keep what was sent as the draft of the person
    the form was shown to (its signed note says who), and bring it back on the form once they
    have signed in again. A signed-out request without the note keeps nothing."""
    if request.method == "POST":
        owner = typed_by(request.POST.get("typed_by", ""), pk)
        exists = Action.objects.filter(pk=pk, closed_on__isnull=True).exists()
        if owner is not None and exists:
            data = draft_fields(request.POST, ProgressUpdateForm.base_fields)
            draft_save(user=owner, action=pk, data=data)
            files = " Files you chose were not kept: choose them again." if request.FILES else ""
            messages.warning(
                request,
                "You were signed out before your update was saved. Sign in again: what you "
                "typed will be back on the form." + files,
            )
    return redirect_to_login(request.path)


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
