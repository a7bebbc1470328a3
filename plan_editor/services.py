"""Writes of the coordinator's pages: a plan, its themes, recommendations and actions.

Each save goes through the model, so the audit trail (django-simple-history, crediting the
request's user) records who changed what; a refusal raises `StructureError` with a reason the
coordinator can act on, before anything is written."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from actions.lead_officers import owners_from_lead_officers
from actions.models import Action
from plans.annex_layout import pack_layout
from plans.models import ImprovementPlan, Recommendation, Theme

PLAN_FIELDS = (
    "title",
    "source",
    "adopted_on",
    "description",
    "governance_text",
    "grouping",
    "reporting_frequency",
    "review_required",
    "public",
    "public_lead_officers",
)
THEME_FIELDS = ("number", "title", "description")
RECOMMENDATION_FIELDS = ("ref", "title", "text", "theme")
ACTION_FIELDS = ("written_ref", "title", "detail", "theme", "lead_officer")


class StructureError(Exception):
    """A change refused, with the reason in words a coordinator can act on."""


def _assign(instance, data: dict, fields) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def plan_create(*, council, data: dict) -> ImprovementPlan:
    plan = ImprovementPlan(council=council, annex_layout=pack_layout())
    _assign(plan, data, PLAN_FIELDS)
    plan.status_labels = data.get("status_labels", {})
    plan.status_key = data.get("status_key", [])
    plan.slug = _free_slug(council, plan.title)
    return _saved(plan)


def _free_slug(council, title: str) -> str:
    base = slugify(title)[:90] or "plan"
    taken = set(council.plans.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def plan_update(*, plan: ImprovementPlan, data: dict) -> ImprovementPlan:
    _assign(plan, data, PLAN_FIELDS)
    if "status_labels" in data:
        plan.status_labels = data["status_labels"]
    if "status_key" in data:
        plan.status_key = data["status_key"]
    return _saved(plan)


def plan_annex_layout_save(*, plan: ImprovementPlan, layout: dict) -> ImprovementPlan:
    plan.annex_layout = layout
    return _saved(plan)


def plan_annex_template_save(*, plan: ImprovementPlan, name: str, data: bytes) -> None:
    """The council's Word template for this plan's annex, in place of any before it."""
    old = plan.annex_word_template.name
    plan.annex_word_template.save(name, ContentFile(data), save=False)
    plan.annex_word_template_name = name[:200]
    plan.save(update_fields=["annex_word_template", "annex_word_template_name"])
    if old:
        plan.annex_word_template.storage.delete(old)


def plan_annex_template_remove(*, plan: ImprovementPlan) -> None:
    if plan.annex_word_template:
        plan.annex_word_template.delete(save=False)
    plan.annex_word_template_name = ""
    plan.save(update_fields=["annex_word_template", "annex_word_template_name"])


def plan_archive(*, plan: ImprovementPlan) -> None:
    if plan.rounds.filter(state="open").exists():
        raise StructureError("Close or publish the plan's open reporting round first.")
    plan.archived_at = timezone.now()
    plan.save()


def plan_restore(*, plan: ImprovementPlan) -> None:
    plan.archived_at = None
    plan.save()


def theme_save(*, plan: ImprovementPlan, data: dict, theme: Theme | None = None) -> Theme:
    if theme is None:
        theme = Theme(plan=plan, position=_next_position(plan.themes))
    _assign(theme, data, THEME_FIELDS)
    return _saved(theme)


def theme_remove(*, theme: Theme) -> None:
    if theme.actions.exists():
        raise StructureError(
            f"Theme {theme.number} still has actions. Move them to another theme or remove them "
            "first."
        )
    theme.delete()


def recommendation_save(
    *, plan: ImprovementPlan, data: dict, recommendation: Recommendation | None = None
) -> Recommendation:
    if recommendation is None:
        recommendation = Recommendation(plan=plan, position=_next_position(plan.recommendations))
    _assign(recommendation, data, RECOMMENDATION_FIELDS)
    return _saved(recommendation)


def recommendation_remove(*, recommendation: Recommendation) -> None:
    answered_by = list(recommendation.actions.all()[:4])
    if answered_by:
        names = ", ".join(action.shown_ref for action in answered_by)
        raise StructureError(
            f"{recommendation.ref} is answered by actions ({names}). Unlink it from them first, "
            "so no action loses a recommendation without anyone seeing it."
        )
    recommendation.delete()


@transaction.atomic
def action_create(*, plan: ImprovementPlan, data: dict, parent: Action | None = None) -> Action:
    theme = parent.theme if parent else data.get("theme")
    action = Action(
        plan=plan,
        parent=parent,
        ref=_free_key(plan, parent, theme),
        position=_next_position(plan.actions),
    )
    _assign(action, data, ACTION_FIELDS)
    action.theme = theme
    action.set_target(data.get("target_text", ""))
    _saved(action)
    _set_links(action, data)
    return action


def _free_key(plan, parent, theme) -> str:
    """The key the product needs for uniqueness and imports ("1.2"), never shown in place of the
    reference the coordinator writes."""
    prefix = f"{parent.ref}." if parent else (f"{theme.number}." if theme else "")
    taken = set(plan.actions.values_list("ref", flat=True))
    siblings = plan.actions.filter(parent=parent, theme=theme)  # a sub-action's is its parent's
    n = siblings.count() + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _next_position(queryset) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def action_update(*, action: Action, data: dict) -> Action:
    _assign(action, data, ACTION_FIELDS)
    if action.parent_id:
        action.theme = action.parent.theme  # a sub-action sits under its action's theme
    _saved(action)
    action.children.exclude(theme=action.theme).update(theme=action.theme)
    _set_links(action, data)
    return action


def _set_links(action: Action, data: dict) -> None:
    if "recommendations" in data:
        action.recommendations.set(data["recommendations"])
    if "owners" in data:
        action.owners.set(data["owners"])
    owners_from_lead_officers(Action.objects.filter(pk=action.pk))  # whoever answers for its lead


def action_remove(*, action: Action) -> None:
    if action.updates.exists():
        raise StructureError(
            f"{action.shown_ref} has progress updates, which are kept for the record. Close it "
            "instead: it stays in the plan's history and is no longer chased."
        )
    if action.children.exists():
        raise StructureError(f"{action.shown_ref} has sub-actions. Remove them first.")
    action.delete()


@transaction.atomic
def action_move(*, action: Action, up: bool) -> bool:
    """Swap the action with the one above or below it among its siblings. False at the end."""
    siblings = list(
        Action.objects.select_for_update()
        .filter(plan=action.plan_id, parent=action.parent_id, theme=action.theme_id)
        .order_by("position", "id")
    )
    index = [sibling.pk for sibling in siblings].index(action.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    positions = sorted(sibling.position for sibling in siblings)
    if len(set(positions)) < len(positions):  # ties (older imports): spread them out first
        positions = list(range(positions[0], positions[0] + len(positions)))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for sibling, position in zip(siblings, positions, strict=True):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position", "updated_at"])
    return True


def _with_sub_actions(action: Action) -> list[Action]:
    family, generation = [action], [action]
    while generation:
        generation = list(Action.objects.filter(parent__in=generation))
        family += generation
    return family


@transaction.atomic
def action_close(*, action: Action, reason: str, today=None) -> list[Action]:
    """Stop pursuing an action and its sub-actions: no more chasing, never overdue, left out of
    new rounds. Its updates and history stay. Returns what was closed."""
    if action.closed_on is not None:
        raise StructureError(
            f"{action.shown_ref} was already closed on {action.closed_on:%-d %B %Y}."
        )
    if not reason.strip():
        raise StructureError("Say why the action is closed.")
    today = today or timezone.localdate()
    closed = []
    for member in _with_sub_actions(action):
        if member.closed_on is None:
            member.closed_on, member.closed_reason = today, reason.strip()
            member._change_reason = reason.strip()
            member.save(update_fields=["closed_on", "closed_reason", "updated_at"])
            closed.append(member)
    return closed


@transaction.atomic
def action_reopen(*, action: Action) -> list[Action]:
    """Pursue a closed action again, with the sub-actions closed along with it."""
    if action.closed_on is None:
        raise StructureError(f"{action.shown_ref} is not closed.")
    reopened, closing = [], (action.closed_on, action.closed_reason)
    for member in _with_sub_actions(action):
        if (member.closed_on, member.closed_reason) == closing:
            member.closed_on, member.closed_reason = None, ""
            member.save(update_fields=["closed_on", "closed_reason", "updated_at"])
            reopened.append(member)
    return reopened
