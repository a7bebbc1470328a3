"""The coordinators' pages of the reporting cycle. Each asks `access` first, then a service or
a selector; nothing here writes by itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from councils.permissions import Can, may
from jobs.models import Job
from jobs.selectors import job_status, job_url

from .access import plan_for_rounds_or_404, require_coordinator, round_file_or_404, round_or_404
from .emails import round_message_send_again
from .forms import (
    ReviewForm,
    RoundChangeForm,
    RoundExtendForm,
    RoundOpenForm,
    RoundWithdrawForm,
)
from .models import Delivery, FileKind
from .outstanding import outstanding_workbook
from .publication import files_job_key
from .selectors import (
    default_covered_actions,
    open_round_of,
    person_name,
    round_progress,
    round_updates,
)
from .services import (
    RoundError,
    default_deadline,
    publication_files_request,
    round_change,
    round_extend,
    round_open,
    round_publish,
    round_withdraw,
    update_review,
)

# Longer lists are read from the download: a page of 20,000 rows helps no one.
LISTED = 100


@login_required
def reports_home(request):
    """Reports, in the menu of everyone who may read them: each plan with its totals."""
    return render(request, "rounds/reports_home.html")


@login_required
def plan_rounds(request, council_slug, plan_slug):
    plan = plan_for_rounds_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    rounds = plan.rounds.prefetch_related("files").order_by("-meeting_date", "-id")
    return render(
        request,
        "rounds/plan_rounds.html",
        {
            "plan": plan,
            "rounds": rounds,
            "open_round": open_round_of(plan),
            "coordinates": may(request.user, plan.council, Can.RUN_ROUNDS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_open_view(request, council_slug, plan_slug):
    plan = plan_for_rounds_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    require_coordinator(request.user, plan)
    existing = open_round_of(plan)
    unowned = _nobody_to_ask(default_covered_actions(plan))
    form = RoundOpenForm(request.POST or None, plan=plan, asker=request.user, unowned=len(unowned))
    if request.method == "POST" and existing is None and form.is_valid():
        data = form.cleaned_data
        theme_ids = form.covered_theme_ids()
        actions = None
        if theme_ids is not None:
            actions = default_covered_actions(plan).filter(theme_id__in=theme_ids)
            unowned = _nobody_to_ask(actions)
        seen = set(request.POST.get("seen", "").split())
        if unowned and not ({str(action.pk) for action in unowned} <= seen and data["answerer"]):
            # Never opened silently: the coordinator sees which actions and says who answers.
            form.add_error(
                "answerer" if "answerer" in form.fields else None,
                f"{len(unowned)} of the actions the round covers {_have(len(unowned))} nobody "
                "to ask: choose who answers for them",
            )
            return _round_open_page(request, plan, form, existing, unowned)
        try:
            reporting_round = round_open(
                plan=plan,
                user=request.user,
                meeting_date=data["meeting_date"],
                deadline=data["deadline"],
                as_at=data["as_at"],
                committee=data["committee"],
                reminder_days=data["reminder_days"],
                actions=actions,
                answerer=data["answerer"] if unowned else None,
            )
        except RoundError as problem:
            _problem_on_form(form, problem)
        else:
            messages.success(
                request,
                f"Round opened for {reporting_round.name}: "
                f"{reporting_round.actions.count()} actions, updates due by "
                f"{reporting_round.deadline:%-d %B %Y}. Everyone asked about them is being "
                "emailed.",
            )
            return redirect("rounds:detail", reporting_round.pk)
    return _round_open_page(request, plan, form, existing, unowned)


def _nobody_to_ask(covered) -> list:
    return list(covered.filter(owners__isnull=True).select_related("theme"))


def _have(count: int) -> str:
    return "has" if count == 1 else "have"


def _round_open_page(request, plan, form, existing, unowned):
    return render(
        request,
        "rounds/round_open.html",
        {
            "plan": plan,
            "form": form,
            "existing": existing,
            "unowned": unowned,
            "seen": " ".join(str(action.pk) for action in unowned),
            "default_count": default_covered_actions(plan).count(),
            "example_deadline": default_deadline(timezone.localdate() + timezone.timedelta(28)),
        },
    )


@login_required
def round_detail(request, round_id):
    reporting_round = round_or_404(request.user, round_id)
    request.council = reporting_round.plan.council
    coordinates = may(request.user, reporting_round.plan.council, Can.RUN_ROUNDS)
    progress = round_progress(reporting_round)
    outstanding, to_review = progress.first_listed(LISTED)
    files_job = (
        Job.objects.filter(council=request.council, key=files_job_key(reporting_round))
        .order_by("-created_at")
        .first()
    )
    # the list shows who, when and which actions: not the text of each email
    messages_sent = reporting_round.messages.defer("body", "html").order_by("-created_at")
    return render(
        request,
        "rounds/round_detail.html",
        {
            "round": reporting_round,
            "plan": reporting_round.plan,
            "progress": progress,
            "outstanding": outstanding,
            "by_officer": progress.by_officer[:LISTED],
            "to_review": to_review,
            "listed": LISTED,
            "coordinates": coordinates,
            "files": (files := list(reporting_round.files.all())),
            "files_missing": len(files) < len(FileKind),
            "files_job": files_job,
            "files_job_status": job_status(files_job) if files_job else None,
            "sent": messages_sent[:LISTED] if coordinates else None,
            "sent_count": messages_sent.count() if coordinates else 0,
            "unknown_count": (
                messages_sent.filter(delivery=Delivery.UNKNOWN).count() if coordinates else 0
            ),
            "today": timezone.localdate(),
            "changes": reporting_round.changes.select_related("changed_by"),
            "date_requests": list(progress.date_requests()),
            "extensions": reporting_round.extensions.select_related(
                "granted_by", "person", "action__theme"
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_change_view(request, round_id):
    reporting_round = _open_round_to_steer(request, round_id)
    fields = ("committee", "meeting_date", "deadline", "as_at", "reminder_days")
    initial = {name: getattr(reporting_round, name) for name in fields}
    form = RoundChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change = round_change(
                reporting_round=reporting_round, user=request.user, **form.cleaned_data
            )
        except RoundError as problem:
            _problem_on_form(form, problem)
        else:
            if change is None:
                messages.info(request, "Nothing was changed.")
            elif change.tells_officers:
                messages.success(
                    request,
                    f"{change.summary}. Everyone still to answer is being emailed the new date.",
                )
            else:
                messages.success(request, f"{change.summary}.")
            return redirect("rounds:detail", reporting_round.pk)
    return _steering_page(
        request, "rounds/round_change.html", reporting_round, form, "Change the round’s dates"
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_extend_view(request, round_id):
    reporting_round = _open_round_to_steer(request, round_id)
    form = RoundExtendForm(request.POST or None, reporting_round=reporting_round)
    if request.method == "POST" and form.is_valid():
        try:
            extension = round_extend(
                reporting_round=reporting_round, user=request.user, **form.cleaned_data
            )
        except RoundError as problem:
            _problem_on_form(form, problem)
        else:
            whom = person_name(extension.person) if extension.person else extension.action.named
            messages.success(
                request,
                f"{whom}: updates now due by {extension.deadline:%-d %B %Y}. "
                "Whoever still has to answer is being emailed.",
            )
            return redirect(reverse("rounds:detail", args=[reporting_round.pk]) + "#extensions")
    return _steering_page(
        request,
        "rounds/round_extend.html",
        reporting_round,
        form,
        "Give one person or one action more time",
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_withdraw_view(request, round_id):
    reporting_round = _open_round_to_steer(request, round_id)
    form = RoundWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_withdraw(reporting_round=reporting_round, user=request.user, **form.cleaned_data)
        except RoundError as problem:
            _problem_on_form(form, problem)
        else:
            messages.success(
                request,
                f"{reporting_round.name} is withdrawn: no more emails go for it, and the plan "
                "may open another round.",
            )
            return redirect("rounds:detail", reporting_round.pk)
    return _steering_page(
        request, "rounds/round_withdraw.html", reporting_round, form, "Withdraw the round"
    )


def _problem_on_form(form, problem: RoundError) -> None:
    """Show the service's refusal on the answer it is about, so the summary links to it."""
    form.add_error(
        problem.field if problem.field in form.fields else None, str(problem).rstrip(".")
    )


def _open_round_to_steer(request, round_id):
    reporting_round = round_or_404(request.user, round_id, coordinate=True)
    request.council = reporting_round.plan.council
    if not reporting_round.is_open:
        raise Http404("This round is no longer open.")
    return reporting_round


def _steering_page(request, template, reporting_round, form, heading: str):
    return render(
        request,
        template,
        {"round": reporting_round, "plan": reporting_round.plan, "form": form, "heading": heading},
        status=400 if form.errors else 200,
    )


@login_required
def round_outstanding(request, round_id):
    reporting_round = round_or_404(request.user, round_id)
    progress = round_progress(reporting_round)
    body = outstanding_workbook(progress.shown(progress.outstanding))
    response = FileResponse(
        iter([body]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        filename=f"outstanding-{reporting_round.plan.slug}-{reporting_round.meeting_date}.xlsx",
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def update_review_view(request, round_id, update_id):
    reporting_round = round_or_404(request.user, round_id, coordinate=True)
    request.council = reporting_round.plan.council
    update = get_object_or_404(
        round_updates(reporting_round).select_related("action__plan", "author"), pk=update_id
    )
    existing = getattr(update, "review", None)
    initial = {"decision": existing.decision, "comment": existing.comment} if existing else None
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = update_review(
                reporting_round=reporting_round,
                update=update,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                reviewer=request.user,
            )
        except RoundError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request, f"{update.action.named}: {review.get_decision_display().lower()}."
            )
            return redirect(reverse("rounds:detail", args=[reporting_round.pk]) + "#review")
    return render(
        request,
        "rounds/review.html",
        {"round": reporting_round, "update": update, "action": update.action, "form": form},
    )


@login_required
@require_POST
def round_message_again(request, round_id, message_id):
    """Send again an email whose delivery is not known: the page warns it may arrive twice."""
    reporting_round = round_or_404(request.user, round_id, coordinate=True)
    message = get_object_or_404(reporting_round.messages, pk=message_id)
    if round_message_send_again(message=message).sent:
        messages.success(request, f"Sent again to {message.to}.")
    else:
        messages.warning(request, f"The email to {message.to} was not sent again.")
    return redirect(reverse("rounds:detail", args=[reporting_round.pk]) + "#emails")


@login_required
@require_http_methods(["GET", "POST"])
def round_publish_view(request, round_id):
    reporting_round = round_or_404(request.user, round_id, coordinate=True)
    request.council = reporting_round.plan.council
    progress = round_progress(reporting_round)
    early = _publishing_early(reporting_round, progress)
    problem = ""
    if request.method == "POST" and early and request.POST.get("confirm") != "yes":
        problem = f"Confirm that you want to publish now: {early}"
    elif request.method == "POST":
        try:
            round_publish(reporting_round=reporting_round, user=request.user)
        except RoundError as error:
            problem = str(error)
        else:
            messages.success(
                request,
                f"{reporting_round.name} is published. Its annex, summary and spreadsheet are "
                "being made; they appear below when ready.",
            )
            return redirect("rounds:detail", reporting_round.pk)
    return render(
        request,
        "rounds/publish.html",
        {
            "round": reporting_round,
            "plan": reporting_round.plan,
            "progress": progress,
            "problem": problem,
            "early": early,
        },
        status=400 if problem else 200,
    )


def _publishing_early(reporting_round, progress) -> str:
    """Why publishing now needs confirming, in words ("" when it does not): before the deadline,
    or with updates still to come."""
    reasons = []
    if reporting_round.deadline > timezone.localdate():
        reasons.append(f"the deadline for updates is {reporting_round.deadline:%-d %B %Y}")
    waiting = progress.totals.outstanding + progress.totals.returned
    if waiting:
        plural = "s are" if waiting != 1 else " is"
        reasons.append(f"{waiting} update{plural} still to come")
    if not reasons:
        return ""
    as_at = f"{reporting_round.as_at:%-d %B %Y}"
    return f"{' and '.join(reasons)}; the files will show progress as at {as_at}"


@login_required
@require_POST
def round_files_again(request, round_id):
    """Ask again for whichever published files are missing (after a failed attempt)."""
    reporting_round = round_or_404(request.user, round_id, coordinate=True)
    if reporting_round.state != "published":
        raise Http404("This round is not published.")
    job = publication_files_request(reporting_round, user=request.user)
    return redirect(job_url(job))


@login_required
def round_file(request, round_id, kind):
    published = round_file_or_404(request.user, round_id, kind)
    return _file_response(published)


def _file_response(published):
    response = FileResponse(
        published.file.open("rb"),
        content_type=published.content_type,
        as_attachment=True,
        filename=published.filename,
    )
    response["X-Content-SHA256"] = published.sha256
    return response
