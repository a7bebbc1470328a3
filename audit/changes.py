"""A council's audit trail: every recorded change to its plans, actions and people, newest first.

The history tables of the tracked models are read together as one list (a UNION of ids and
dates), a page at a time; only that page's rows, the rows before them and the names they point
to are then loaded, so a page costs the same few queries however long the history is.
"""

import json
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.utils import dateformat
from django.utils.text import capfirst

from actions.models import Action
from councils.models import Council, Membership
from evidence.models import EvidenceFile
from plans.models import ImprovementPlan, Recommendation, Theme

PAGE_SIZE = 25
KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Not shown: keys, and what the product reads from a target date's text (the text itself is
# shown, once, under its own name).
NOT_SHOWN = {"id", "created_at", "target_date", "target_ongoing", "original_target_date"}


@dataclass
class FieldChange:
    name: str
    before: str = ""
    after: str = ""
    summary: str = ""  # instead of before → after, for what is never shown


@dataclass
class Entry:
    when: object
    who: str
    kind: str
    what: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    note: str = ""


def tracked_models() -> list:
    return [
        Council,
        Membership,
        get_user_model(),
        ImprovementPlan,
        Theme,
        Recommendation,
        Action,
        EvidenceFile,
    ]


def council_history(model, council):
    """The history rows of `model` that belong to `council`."""
    history = model.history.model.objects
    if model is Council:
        return history.filter(id=council.pk)
    if model in (Membership, ImprovementPlan):
        return history.filter(council_id=council.pk)
    if model is get_user_model():
        # People are the council's while they are its members.
        return history.filter(id__in=Membership.objects.filter(council=council).values("user_id"))
    if model is EvidenceFile:
        # attached files only: one held for an update not yet saved is nobody's business yet
        actions = Action.objects.filter(plan__council=council).values("pk")
        return history.filter(action_id__in=actions, update_id__isnull=False)
    # The council's plans, and any it had before: a deleted plan is known by its history.
    current = ImprovementPlan.objects.filter(council=council).values("pk")
    deleted = ImprovementPlan.history.filter(council_id=council.pk).values("id")
    return history.filter(Q(plan_id__in=current) | Q(plan_id__in=deleted))


def council_changes_page(council, page_number) -> Page:
    """One page of the council's changes, each an `Entry`."""
    combined = None
    for index, model in enumerate(tracked_models()):
        rows = (
            council_history(model, council)
            .order_by()  # each part unordered: the union is ordered as a whole
            .values("history_id", "history_date", audit_model=Value(index))
        )
        combined = rows if combined is None else combined.union(rows, all=True)
    combined = combined.order_by("-history_date", "-audit_model", "-history_id")
    page = Paginator(combined, PAGE_SIZE).get_page(page_number)
    page.object_list = _entries(list(page.object_list))
    return page


def _entries(keys: list[dict]) -> list[Entry]:
    models_ = tracked_models()
    wanted: dict[int, list[int]] = {}
    for key in keys:
        wanted.setdefault(key["audit_model"], []).append(key["history_id"])
    loaded = {index: _load(models_[index], ids) for index, ids in wanted.items()}
    names = _Names()
    for rows, previous in loaded.values():
        for row in [*rows.values(), *previous.values()]:
            names.note_row(row)
    names.load()
    entries = []
    for key in keys:
        rows, previous = loaded[key["audit_model"]]
        row = rows[key["history_id"]]
        entries.append(_entry(row, previous.get(row.previous_id), names))
    return entries


def _load(model, history_ids):
    """The page's history rows of one model, and the row before each (by the same object)."""
    history = model.history.model
    earlier = history.objects.filter(
        id=OuterRef("id"), history_id__lt=OuterRef("history_id")
    ).order_by("-history_id")
    rows = _with_links(
        history.objects.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(previous_id=Subquery(earlier.values("history_id")[:1])),
        history,
    )
    rows = {row.history_id: row for row in rows}
    previous_ids = [row.previous_id for row in rows.values() if row.previous_id]
    previous = _with_links(history.objects.filter(history_id__in=previous_ids), history)
    return rows, {row.history_id: row for row in previous}


def _m2m_names(history) -> list[str]:
    return [f.name for f in history._history_m2m_fields]


def _with_links(queryset, history):
    """Prefetch each row's copy of its many-to-many links (action ↔ recommendations, owners)."""
    for name in _m2m_names(history):
        queryset = queryset.prefetch_related(f"{history._meta.model_name}_{name}_set")
    return list(queryset)


def _links(row, name) -> set[int]:
    field = row.instance_type._meta.get_field(name)
    other = field.m2m_reverse_field_name() + "_id"
    links = getattr(row, f"{row._meta.model_name}_{name}_set").all()
    return {getattr(link, other) for link in links}


class _Names:
    """What ids point to, read once per model for the whole page."""

    def __init__(self):
        self.ids: dict[type, set] = {}
        self.found: dict[type, dict] = {}

    def note(self, model, pk) -> None:
        if pk is not None:
            self.ids.setdefault(model, set()).add(pk)

    def note_row(self, row) -> None:
        for f in row.instance_type._meta.concrete_fields:
            if f.is_relation and f.name not in NOT_SHOWN:
                self.note(f.related_model, getattr(row, f.attname))
        for name in _m2m_names(row):
            related = row.instance_type._meta.get_field(name).related_model
            for pk in _links(row, name):
                self.note(related, pk)

    def load(self) -> None:
        for model, ids in self.ids.items():
            self.found[model] = model._default_manager.in_bulk(ids)

    def name(self, model, pk) -> str:
        if pk is None:
            return ""
        obj = self.found.get(model, {}).get(pk)
        return _label(obj) if obj is not None else f"a deleted {model._meta.verbose_name}"


def _label(obj) -> str:
    User = get_user_model()
    if isinstance(obj, User):
        return obj.get_full_name() or obj.get_username()
    if isinstance(obj, Action):
        return obj.shown_ref
    if isinstance(obj, ImprovementPlan):
        return obj.title
    return str(obj)


def _what(row, names: _Names) -> str:
    model = row.instance_type
    if model is Action:
        # the number as the council wrote it ("2." recurs in a plan, so the title follows)
        return f"Action {row.written_ref or row.ref} {row.title[:60]}"
    if model is ImprovementPlan:
        return f"Plan {row.title}"
    if model is Theme:
        return f"Theme {row.number}. {row.title}"
    if model is Recommendation:
        return f"Recommendation {row.ref}"
    if model is Membership:
        return f"Membership of {names.name(get_user_model(), row.user_id)}"
    if model is Council:
        return f"Council {row.name}"
    if model is EvidenceFile:
        return f"Evidence file {row.original_name} on {names.name(Action, row.action_id)}"
    return f"User {row.username}"


def _entry(row, before, names: _Names) -> Entry:
    user = row.history_user
    entry = Entry(
        when=row.history_date,
        # no one signed in: a command, the schedule or the demo loader made the change
        who=(user.get_full_name() or user.get_username()) if user else "System",
        kind=KINDS[row.history_type],
        what=_what(row, names),
        reason=row.history_change_reason or "",
    )
    if row.history_type != "~":
        return entry
    if getattr(row, "password_changed", False):
        entry.changes.append(FieldChange("Password", summary="changed"))
    if before is None:
        entry.note = "Earlier values were not recorded."
        return entry
    model = row.instance_type
    for f in row.tracked_fields:
        if f.name in NOT_SHOWN or getattr(row, f.attname) == getattr(before, f.attname):
            continue
        entry.changes.append(
            FieldChange(
                capfirst(f.verbose_name),
                _shown(f, getattr(before, f.attname), names),
                _shown(f, getattr(row, f.attname), names),
            )
        )
    for name in _m2m_names(row):
        old, new = _links(before, name), _links(row, name)
        if old != new:
            related = model._meta.get_field(name)
            entry.changes.append(
                FieldChange(
                    capfirst(related.verbose_name),
                    _listed(related.related_model, old, names),
                    _listed(related.related_model, new, names),
                )
            )
    return entry


def _shown(f, value, names: _Names) -> str:
    if value is None or value == "":
        return ""
    if f.is_relation:
        return names.name(f.related_model, value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return dateformat.format(value, "j F Y")
    if isinstance(f, models.JSONField):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _listed(model, ids, names: _Names) -> str:
    return ", ".join(sorted(names.name(model, pk) for pk in ids))
