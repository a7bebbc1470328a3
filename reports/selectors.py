"""Reads for reports: every action of a plan as it stood at a date, in a fixed number of queries.

"As at" a date means each action shows its latest progress update on or before that date, and
only actions that existed then are shown, so reprinting an old report gives the same content.
An action existed at a date if it was created by then or has an update as at that date or
earlier (imported plans arrive with their history); a parent existed if any sub-action did.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone

from actions.models import Action, ProgressUpdate, RequestState, TargetDateRequest
from actions.overdue import is_overdue, status_on, target_date_in_force, target_in_force
from actions.progress import Rollup, percent_of, rollup_progress
from actions.standing import revised_by_updates
from evidence.models import EvidenceFile
from plans.models import ImprovementPlan, Recommendation
from plans.status import Status, rollup


@dataclass(frozen=True)
class Update:
    """The fields of a progress update that reports print."""

    as_at: date
    status: Status
    narrative: str
    evidence: str
    links: tuple[str, ...]
    revised_target_text: str
    revision_reason: str
    percent_complete: int | None = None
    files: tuple[str, ...] = ()  # names of the evidence files attached
    confidence: str = ""  # of delivering by the target date: high, medium, low or not given

    @property
    def has_content(self) -> bool:
        """Whether it says anything beyond its status."""
        return bool(self.narrative or self.evidence or self.links or self.files)


@dataclass
class ActionState:
    """One action as it stood at the report's date, and how it moved since the comparison date."""

    action: Action
    status: Status
    latest: Update | None  # its latest update as at the date (None: no update yet)
    target_text: str  # the deadline as written, as it stood at the date
    original_target_text: str  # the plan's first deadline, when revised by the date
    target_date: date | None
    target_ongoing: bool
    overdue: bool
    closed: bool  # closed (no longer pursued) by the date
    children: list["ActionState"] = field(default_factory=list)
    # The request, agreed by the coordinator or a committee, that set the target in force.
    rescheduled: TargetDateRequest | None = None
    # Comparison with the earlier date (left at their defaults when there is none).
    status_then: Status | None = None  # None: the action is new since then
    updated_since: bool = False
    revisions_since: list[Update] = field(default_factory=list)
    target_text_then: str = ""
    # Where the council's numbers start again in each theme or action, the reference that names
    # this action alone ("Objective 1, 3.2."), for lists outside the plan's own table.
    standalone_ref: str = ""

    @property
    def ref(self) -> str:
        return self.action.shown_ref

    shown_ref = ref

    @property
    def named_alone(self) -> str:
        return self.standalone_ref or self.action.shown_ref

    @property
    def reported(self) -> bool:
        """Officers report on actions without sub-actions; parents roll theirs up."""
        return not self.children

    @property
    def progress(self) -> Rollup | None:
        """The roll-up of its sub-actions as at the date (None without any)."""
        return rollup_progress(
            (child.status, child.latest.percent_complete if child.latest else None)
            for child in self.children
        )

    @property
    def confidence(self) -> str:
        """The latest update's confidence of delivering by the target date, while that still
        matters ("" once complete or closed, or when not given)."""
        if self.status == Status.COMPLETE or self.closed or self.latest is None:
            return ""
        return self.latest.confidence

    @property
    def percent(self) -> int | None:
        return percent_of(self.status, self.latest.percent_complete if self.latest else None)

    def leaves(self):
        if self.reported:
            yield self
        for child in self.children:
            yield from child.leaves()


def plan_states(
    plan: ImprovementPlan,
    *,
    as_at: date,
    since: date | None = None,
    recorded_by: datetime | None = None,
):
    """The plan's top-level actions as at `as_at` (sub-actions in `children`), in plan order.
    With `recorded_by`, updates recorded later are left out (a published round stays as it was).

    Three queries whatever the plan's size: actions, their recommendations, their updates (a
    fourth when a target was changed on the plan itself, not through an update).
    """
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("theme")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("position"))
        )
        .order_by("position", "id")
    )
    history = _updates_by_action(plan, as_at, recorded_by)
    revised = Revisions(_revised_by_updates(actions, history), _agreed(plan, recorded_by))
    children = defaultdict(list)
    for action in actions:
        children[action.parent_id].append(action)
    from_day = _existing_from(plan, actions)
    theme_word = plan.theme_word if _refs_repeat(actions) else None

    def build(action: Action, within: str = "") -> ActionState | None:
        alone = _standalone_ref(theme_word, action, within) if theme_word else ""
        kids = [state for kid in children[action.pk] if (state := build(kid, alone)) is not None]
        updates = history.get(action.pk, [])
        if not kids and not _existed(from_day(action), updates, as_at):
            return None
        state = _state_at(action, updates, as_at, kids, revised)
        state.standalone_ref = alone
        if since is not None:
            _compare(state, updates, since, revised, from_day(action))
        return state

    return [state for action in children[None] if (state := build(action)) is not None]


def _updates_by_action(plan: ImprovementPlan, as_at: date, recorded_by) -> dict[int, list[Update]]:
    """Each action's updates up to the date, oldest first (the order `latest` relies on)."""
    updates = ProgressUpdate.objects.filter(action__plan=plan, as_at__lte=as_at)
    if recorded_by is not None:
        updates = updates.filter(recorded_at__lte=recorded_by)
    files = defaultdict(list)
    for update_id, name in EvidenceFile.objects.filter(update__in=updates).values_list(
        "update_id", "original_name"
    ):
        files[update_id].append(name)
    rows = updates.order_by("action_id", "as_at", "recorded_at", "id").values_list(
        "id",
        "action_id",
        "as_at",
        "status",
        "narrative",
        "evidence",
        "evidence_links",
        "revised_target_text",
        "revision_reason",
        "percent_complete",
        "confidence",
    )
    history = defaultdict(list)
    for (
        pk,
        action_id,
        update_as_at,
        status,
        narrative,
        evidence,
        links,
        revised,
        reason,
        pc,
        confidence,
    ) in rows:
        history[action_id].append(
            Update(
                as_at=update_as_at,
                status=Status(status),
                narrative=narrative,
                evidence=evidence,
                links=tuple(line.strip() for line in links.splitlines() if line.strip()),
                revised_target_text=revised,
                revision_reason=reason,
                percent_complete=pc,
                files=tuple(files.get(pk, ())),
                confidence=confidence,
            )
        )
    return history


@dataclass
class Revisions:
    """Where targets moved other than on the plan itself: by officers' updates, and by requests
    agreed by the coordinator or a committee (each action's oldest first)."""

    by_updates: set[int]
    agreed: dict[int, list[TargetDateRequest]]

    def known(self, action_id: int) -> bool:
        return action_id in self.by_updates or action_id in self.agreed


def _agreed(plan: ImprovementPlan, recorded_by) -> dict[int, list[TargetDateRequest]]:
    agreed = TargetDateRequest.objects.filter(action__plan=plan, state=RequestState.AGREED)
    if recorded_by is not None:
        agreed = agreed.filter(decided_at__lte=recorded_by)
    found = defaultdict(list)
    for request in agreed.order_by("decided_at", "id"):
        found[request.action_id].append(request)
    return found


def _revised_by_updates(actions: list[Action], history: dict[int, list[Update]]) -> set[int]:
    """The actions whose target an update revised: seen in the history read, else asked (only for
    revised actions whose updates by the date revise nothing: a fourth query, seldom)."""
    seen = {pk for pk, updates in history.items() if any(u.revised_target_text for u in updates)}
    unsure = [a.pk for a in actions if a.target_revised and a.pk not in seen]
    return seen | (revised_by_updates(unsure) if unsure else set())


def _refs_repeat(actions: list[Action]) -> bool:
    shown = [action.shown_ref for action in actions]
    return len(set(shown)) < len(shown)


def _standalone_ref(theme_word: str, action: Action, within: str) -> str:
    """ "Objective 1, 3." for action 3. of theme 1; "Objective 1, 3.2." for its sub-action 2."""
    if within:
        return within + action.shown_ref
    if action.theme_id:
        return f"{theme_word} {action.theme.number}, {action.shown_ref}"
    return action.shown_ref


def _existing_from(plan: ImprovementPlan, actions: list[Action]):
    """The day each action counts from. The actions entered with the plan (on the day its first
    actions were entered: typed in or imported, often months after the committee adopted it)
    count from its adoption date; an action added later counts from the day it was added."""
    entered = min((timezone.localdate(a.created_at) for a in actions), default=None)

    def from_day(action: Action) -> date:
        created = timezone.localdate(action.created_at)
        if plan.adopted_on and created == entered:
            return min(created, plan.adopted_on)
        return created

    return from_day


def _existed(from_day: date, updates: list[Update], on: date) -> bool:
    return from_day <= on or any(update.as_at <= on for update in updates)


def _latest(updates: list[Update], on: date) -> Update | None:
    found = None
    for update in updates:
        if update.as_at > on:
            break
        found = update
    return found


def _target_at(action: Action, updates: list[Update], on: date, revised: Revisions):
    """The deadline as written at the date, the original when it had been revised by then, and
    the agreed request that set it (None when an update or the plan itself did)."""
    moves = [(u.as_at, u.revised_target_text, None) for u in updates if u.revised_target_text]
    moves += [
        (timezone.localdate(request.decided_at), request.asked_for, request)
        for request in revised.agreed.get(action.pk, [])
    ]
    moves = [move for move in sorted(moves, key=lambda move: move[0]) if move[0] <= on]
    text, original = target_in_force(
        action, [text for _, text, _ in moves], revised.known(action.pk)
    )
    return text, original, (moves[-1][2] if moves else None)


def _state_at(action, updates, on, children, revised: Revisions) -> ActionState:
    latest = _latest(updates, on)
    status = status_on(latest.status if latest else None, (child.status for child in children))
    target_text, original, rescheduled = _target_at(action, updates, on, revised)
    target_date, ongoing = target_date_in_force(action, target_text)
    closed = action.closed_on is not None and action.closed_on <= on
    overdue = is_overdue(
        on=on, target_date=target_date, ongoing=ongoing, status=status, closed_on=action.closed_on
    )
    return ActionState(
        action=action,
        status=status,
        latest=latest,
        target_text=target_text,
        original_target_text=original,
        target_date=target_date,
        target_ongoing=ongoing,
        overdue=overdue,
        closed=closed,
        children=children,
        rescheduled=rescheduled,
    )


def _compare(
    state: ActionState, updates: list[Update], since: date, revised: set[int], from_day: date
) -> None:
    existed = _existed(from_day, updates, since) or any(
        child.status_then is not None for child in state.children
    )
    if existed:
        latest_then = _latest(updates, since)
        if latest_then is not None:
            state.status_then = latest_then.status
        elif state.children:
            state.status_then = rollup(
                child.status_then for child in state.children if child.status_then is not None
            )
        else:
            state.status_then = Status.NONE
    later = [update for update in updates if update.as_at > since]
    state.updated_since = bool(later)
    state.revisions_since = [update for update in later if update.revised_target_text]
    state.target_text_then = _target_at(state.action, updates, since, revised)[0]
