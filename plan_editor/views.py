"""The coordinator's pages for building a plan. Each asks `access` first, then a form checks what
was typed and a service writes it; nothing here writes by itself."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from actions.lead_officers import (
    lead_officer_role_match,
    lead_officer_rows,
    nobody_to_ask,
    role_key,
)
from actions.models import Action, RequestState, TargetDateRequest
from actions.services import action_target_revise
from actions.target_dates import parse_target_date
from councils.models import Council
from councils.permissions import Can, roles_that

from . import services
from .access import council_to_manage_or_404, part_of, plan_to_manage_or_404
from .forms import (
    ActionForm,
    AnnexLayoutForm,
    AnnexTemplateForm,
    CloseForm,
    LeadOfficerForm,
    PlanForm,
    RecommendationForm,
    TargetForm,
    ThemeForm,
)
from .selectors import plan_structure
from .services import StructureError


def _plan_page(plan) -> str:
    return reverse("plan_editor:plan", args=[plan.council.slug, plan.slug])


def _form_page(request, template: str, form, context: dict, save, done: str, saved: str):
    """Show the form; when it is valid, save it, say so in a banner and go to `done`. What was
    typed comes back with GOV.UK's error summary when it is not."""
    if request.method == "POST" and form.is_valid():
        result = save(form)
        messages.success(request, saved.format(result=result))
        return redirect(done if isinstance(done, str) else done(result))
    return render(request, template, {**context, "form": form})


@login_required
def index(request):
    """The councils whose plans the person builds: straight to the one, a choice of several."""
    councils = list(Council.objects.for_user(request.user, roles=roles_that(Can.BUILD_PLANS)))
    if len(councils) == 1:
        return redirect("plan_editor:council", councils[0].slug)
    if not councils:
        raise PermissionDenied("Building and changing plans is for a council's coordinators.")
    return render(request, "plan_editor/index.html", {"councils": councils})


@login_required
def council_plans(request, council_slug):
    council = council_to_manage_or_404(request.user, council_slug)
    request.council = council
    plans = council.plans.order_by("archived_at", "title")
    waiting = nobody_to_ask(Action.objects.filter(plan__council=council)).count()
    date_requests_waiting = TargetDateRequest.objects.filter(
        action__plan__council=council, state=RequestState.WAITING
    ).count()
    return render(
        request,
        "plan_editor/council_plans.html",
        {
            "council": council,
            "plans": plans,
            "nobody_to_ask": waiting,
            "date_requests_waiting": date_requests_waiting,
        },
    )


LEAD_OFFICERS_PAGE = 100  # those nobody answers for come first


@login_required
def lead_officers(request, council_slug):
    """Every lead officer the council's plans name, and who answers for each."""
    council = council_to_manage_or_404(request.user, council_slug)
    request.council = council
    rows = lead_officer_rows(council)
    return render(
        request,
        "plan_editor/lead_officers.html",
        {
            "council": council,
            "rows": rows,
            "page": Paginator(rows, LEAD_OFFICERS_PAGE).get_page(request.GET.get("page")),
            "unmatched": [row for row in rows if not row.asked],
            "nobody_to_ask": nobody_to_ask(Action.objects.filter(plan__council=council)).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_officer_match(request, council_slug):
    """Match one lead officer, named in the query (or the form), to the members who answer."""
    council = council_to_manage_or_404(request.user, council_slug)
    request.council = council
    key = role_key(request.POST.get("name") or request.GET.get("role") or "")
    row = next((row for row in lead_officer_rows(council) if row.key == key), None)
    if row is None:
        raise Http404("No plan of this council names that lead officer.")
    role = row.role
    initial = {"name": row.name}
    if role is not None:
        initial |= {"people": list(role.people.all()), "deputy": role.deputy}
    return _form_page(
        request,
        "plan_editor/lead_officer_form.html",
        LeadOfficerForm(request.POST or None, council=council, initial=initial),
        {"council": council, "row": row, "heading": f"Who answers for {row.name}"},
        save=lambda form: lead_officer_role_match(
            council=council,
            name=row.name,
            people=form.cleaned_data["people"],
            deputy=form.cleaned_data["deputy"],
        ),
        done=reverse("plan_editor:lead_officers", args=[council.slug]),
        saved="Saved who answers for {result.name}: its open actions ask them from now on.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, council_slug):
    council = council_to_manage_or_404(request.user, council_slug)
    request.council = council
    return _form_page(
        request,
        "plan_editor/plan_form.html",
        PlanForm(request.POST or None),
        {"council": council, "heading": "Create a plan"},
        save=lambda form: services.plan_create(council=council, data=form.plan_data()),
        done=_plan_page,
        saved="Plan created: {result.title}. Now add its themes, recommendations and actions.",
    )


@login_required
def plan_manage(request, council_slug, plan_slug):
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    return render(request, "plan_editor/plan.html", {"plan": plan, **plan_structure(plan)})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, council_slug, plan_slug):
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    return _form_page(
        request,
        "plan_editor/plan_form.html",
        PlanForm(request.POST or None, instance=plan),
        {"council": plan.council, "plan": plan, "heading": "Change the plan's details"},
        save=lambda form: services.plan_update(plan=plan, data=form.plan_data()),
        done=_plan_page(plan),
        saved="Plan details saved.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_annex(request, council_slug, plan_slug):
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    return _form_page(
        request,
        "plan_editor/plan_form.html",
        AnnexLayoutForm(request.POST or None, plan=plan),
        {"council": plan.council, "plan": plan, "heading": "Lay out the committee annex"},
        save=lambda form: services.plan_annex_layout_save(plan=plan, layout=form.layout_data()),
        done=_plan_page(plan),
        saved="Annex layout saved: the next annex printed follows it.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_annex_template(request, council_slug, plan_slug):
    """Upload, replace or remove the council's Word template for the annex."""
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    if request.method == "POST" and "remove" in request.POST:
        services.plan_annex_template_remove(plan=plan)
        messages.success(
            request, "Word template removed: the annex in Word uses the product's own."
        )
        return redirect(_plan_page(plan))
    form = (
        AnnexTemplateForm(request.POST, request.FILES)
        if request.method == "POST"
        else AnnexTemplateForm()
    )
    return _form_page(
        request,
        "plan_editor/annex_template.html",
        form,
        {"council": plan.council, "plan": plan, "heading": "Word template for the annex"},
        save=lambda form: services.plan_annex_template_save(
            plan=plan, name=form.cleaned_data["template"][0], data=form.cleaned_data["template"][1]
        ),
        done=_plan_page(plan),
        saved="Word template saved: the next annex in Word takes its styles.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_archive(request, council_slug, plan_slug):
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    restore = plan.archived_at is not None
    return _confirm(
        request,
        plan=plan,
        what=plan.title,
        action=services.plan_restore if restore else services.plan_archive,
        kwargs={"plan": plan},
        question="Bring this plan back into use?" if restore else "Archive this plan?",
        consequence=(
            "It returns to the lists of plans."
            if restore
            else "It leaves the lists of plans. Its actions, updates, history, rounds and reports "
            "are kept, and it can be brought back."
        ),
        button="Bring back" if restore else "Archive the plan",
        done=reverse("plan_editor:council", args=[plan.council.slug]),
        saved=f"{plan.title} {'is back in use' if restore else 'is archived'}.",
    )


def _confirm(request, *, plan, what, action, kwargs, question, consequence, button, done, saved):
    """Check before a destructive step: the question, what follows, and a refusal's reason."""
    refusal = None
    if request.method == "POST":
        try:
            action(**kwargs)
        except StructureError as error:
            refusal = str(error)
        else:
            messages.success(request, saved)
            return redirect(done)
    return render(
        request,
        "plan_editor/confirm.html",
        {
            "plan": plan,
            "what": what,
            "question": question,
            "consequence": consequence,
            "button": button,
            "refusal": refusal,
            "back": _plan_page(plan),
        },
    )


# Themes and recommendations: add, change, remove, alike.


@dataclass(frozen=True)
class Part:
    related: str  # the plan's related name
    noun: str
    form: type
    save: Callable
    remove: Callable
    saved: str  # the banner, given the saved part as {result}


PARTS = {
    "theme": Part(
        "themes",
        "theme",
        ThemeForm,
        services.theme_save,
        services.theme_remove,
        "Theme saved: {result}.",
    ),
    "recommendation": Part(
        "recommendations",
        "recommendation",
        RecommendationForm,
        services.recommendation_save,
        services.recommendation_remove,
        "Recommendation saved: {result.ref}.",
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def part_form(request, council_slug, plan_slug, kind, part_id=None):
    part = PARTS[kind]
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    found = part_of(plan, part.related, part_id) if part_id else None
    return _form_page(
        request,
        "plan_editor/part_form.html",
        part.form(request.POST or None, instance=found, plan=plan),
        {"plan": plan, "heading": f"Change the {part.noun}" if found else f"Add a {part.noun}"},
        save=lambda form: part.save(plan=plan, data=form.cleaned_data, **{part.noun: found}),
        done=_plan_page(plan),
        saved=part.saved,
    )


@login_required
@require_http_methods(["GET", "POST"])
def part_remove(request, council_slug, plan_slug, kind, part_id):
    part = PARTS[kind]
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    found = part_of(plan, part.related, part_id)
    return _confirm(
        request,
        plan=plan,
        what=str(found),
        action=part.remove,
        kwargs={part.noun: found},
        question=f"Remove this {part.noun}?",
        consequence="It is removed from the plan. The audit trail keeps a record of it.",
        button=f"Remove the {part.noun}",
        done=_plan_page(plan),
        saved=f"{part.noun.capitalize()} removed: {found}.",
    )


# Actions and sub-actions.


@login_required
@require_http_methods(["GET", "POST"])
def action_form(request, council_slug, plan_slug, action_id=None):
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    action = part_of(plan, "actions", action_id) if action_id else None
    parent_id = request.GET.get("parent") or request.POST.get("parent")
    parent = part_of(plan, "actions", int(parent_id)) if parent_id and parent_id.isdigit() else None
    if action is None:
        heading = f"Add a sub-action to {parent.shown_ref}" if parent else "Add an action"
    else:
        heading = f"Change {action.shown_ref}"
    another = "another" in request.POST
    return _form_page(
        request,
        "plan_editor/action_form.html",
        ActionForm(request.POST or None, instance=action, plan=plan, parent=parent),
        {"plan": plan, "parent": parent, "action": action, "heading": heading},
        save=lambda form: (
            services.action_update(action=action, data=form.action_data())
            if action
            else services.action_create(plan=plan, parent=parent, data=form.action_data())
        ),
        # "Save and add another sub-action" comes back to a fresh form under the same action
        done=(
            lambda saved: (
                reverse("plan_editor:action_add", args=[plan.council.slug, plan.slug])
                + f"?parent={parent.pk}"
                if parent and another
                else _plan_page(plan) + f"#action-{saved.pk}"
            )
        ),
        saved="Action saved: {result}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_remove(request, council_slug, plan_slug, action_id):
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    action = part_of(plan, "actions", action_id)
    return _confirm(
        request,
        plan=plan,
        what=str(action),
        action=services.action_remove,
        kwargs={"action": action},
        question="Remove this action?",
        consequence="It is removed from the plan. The audit trail keeps a record of it.",
        button="Remove the action",
        done=_plan_page(plan),
        saved=f"Action removed: {action}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_close(request, council_slug, plan_slug, action_id):
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    action = part_of(plan, "actions", action_id)
    if action.closed_on is not None:
        return _confirm(
            request,
            plan=plan,
            what=str(action),
            action=services.action_reopen,
            kwargs={"action": action},
            question="Reopen this action?",
            consequence=f"It was closed on {action.closed_on:%-d %B %Y}: {action.closed_reason} "
            "Reopened, it is chased for updates and can be overdue again, with the sub-actions "
            "closed along with it.",
            button="Reopen the action",
            done=_plan_page(plan) + f"#action-{action.pk}",
            saved=f"Action reopened: {action}.",
        )
    return _form_page(
        request,
        "plan_editor/close_form.html",
        CloseForm(request.POST or None),
        {"plan": plan, "action": action, "sub_actions": action.children.still_open()},
        save=lambda form: services.action_close(action=action, reason=form.cleaned_data["reason"]),
        done=_plan_page(plan) + f"#action-{action.pk}",
        saved=f"Action closed: {action}.",
    )


@login_required
@require_POST
def action_move(request, council_slug, plan_slug, action_id):
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    action = part_of(plan, "actions", action_id)
    up = request.POST.get("direction") == "up"
    if services.action_move(action=action, up=up):
        messages.success(request, f"{action.named} moved {'up' if up else 'down'}.")
    return redirect(_plan_page(plan) + f"#action-{action.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def action_target(request, council_slug, plan_slug, action_id):
    plan = plan_to_manage_or_404(request.user, council_slug, plan_slug)
    request.council = plan.council
    action = part_of(plan, "actions", action_id)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and "save" in request.POST:
        action_target_revise(
            action=action, text=form.cleaned_data["target_text"], reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"Target date of {action.named} is now {action.target_text}.")
        return redirect(_plan_page(plan) + f"#action-{action.pk}")
    # how the date typed is read, whether or not the reason is given yet
    typed = request.POST.get("target_text", "").strip()
    reading = parse_target_date(typed) if typed else None
    return render(
        request,
        "plan_editor/target_form.html",
        {"plan": plan, "action": action, "form": form, "reading": reading},
    )
