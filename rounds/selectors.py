"""Reads about a round: which covered actions are updated, outstanding or returned, and counts
of them by theme and by officer. A fixed number of queries whatever the round's size."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, FilteredRelation, Q, Value, When

from actions.models import Action, ProgressUpdate, RequestState, TargetDateRequest
from councils.models import Council
from councils.permissions import Can, roles_that
from plans.models import ImprovementPlan, Theme
from plans.status import Status

from .models import Decision, LatestUpdate, ReportingRound, RoundState

UPDATED, OUTSTANDING, RETURNED = "updated", "outstanding", "returned"
STATE_LABELS = {UPDATED: "Updated", OUTSTANDING: "Outstanding", RETURNED: "Returned"}


def state_of(answered: bool, decision) -> str:
    """A covered action's state in a round: outstanding with no update of the round, returned
    when its latest update was, else updated."""
    if not answered:
        return OUTSTANDING
    return RETURNED if decision == Decision.RETURNED else UPDATED


@dataclass(slots=True)
class CoveredAction:
    """One action of a round: whether the round has an update for it and whether that update
    was returned, who is asked, and when it is due. The action and its update themselves are
    attached only where they are shown (`attach_actions`): a round of 20,000 actions is counted
    from a few columns, and only the rows a page lists become objects."""

    action_id: int
    theme_id: int | None
    owners: list
    update_id: int | None = None  # the latest update recorded while the round was open
    decision: str | None = None  # the coordinator's decision on it, None while not reviewed
    deadline: date | None = None  # when its update is due: the round's, or an extension's
    extended: bool = False
    action: Action | None = None
    update: ProgressUpdate | None = None

    @property
    def state(self) -> str:
        return state_of(self.update_id is not None, self.decision)

    @property
    def needs_update(self) -> bool:
        return self.state != UPDATED

    @property
    def reviewed(self) -> bool:
        return self.decision is not None

    @property
    def review(self):
        return getattr(self.update, "review", None) if self.update else None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class Tally:
    name: str
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def updated(self) -> int:
        return self.counts[UPDATED]

    @property
    def outstanding(self) -> int:
        return self.counts[OUTSTANDING]

    @property
    def returned(self) -> int:
        return self.counts[RETURNED]


def round_updates(reporting_round: ReportingRound, action_ids=None):
    """Updates that count for the round: recorded while it was open."""
    updates = ProgressUpdate.objects.filter(
        action__rounds=reporting_round, recorded_at__gte=reporting_round.opened_at
    )
    if reporting_round.frozen_at is not None:
        updates = updates.filter(recorded_at__lte=reporting_round.frozen_at)
    if action_ids is not None:
        updates = updates.filter(action_id__in=action_ids)
    return updates


COVERED_FIELDS = (
    "id", "plan_id", "theme_id", "ref", "written_ref", "title", "lead_officer", "target_text"
)  # fmt: skip


@dataclass
class RoundRows:
    """A round's covered actions (or some of them) as plain values, in plan order, read in a
    few queries whatever the round's size: for lists and downloads (`round_progress` counts)."""

    round: ReportingRound
    actions: list[tuple[int, int | None]]  # (action id, theme id)
    owner_ids: dict[int, list[int]]  # by account name, so lists come out the same everywhere
    users: dict[int, object]
    latest: dict[int, tuple[int, str | None]]  # action id: (latest update id, its decision)
    deadlines: dict[int, date]  # the actions given more time, and until when

    def state(self, action_id: int) -> str:
        found = self.latest.get(action_id)
        return state_of(found is not None, found and found[1])

    def item(self, action_id: int, theme_id: int | None) -> CoveredAction:
        deadline = self.deadlines.get(action_id)
        return CoveredAction(
            action_id,
            theme_id,
            [self.users[pk] for pk in self.owner_ids.get(action_id, ())],
            *self.latest.get(action_id, (None, None)),
            deadline=deadline or self.round.deadline,
            extended=deadline is not None,
        )

    def items(self, keep=lambda action_id: True) -> list[CoveredAction]:
        return [self.item(pk, theme) for pk, theme in self.actions if keep(pk)]


def covered(reporting_round: ReportingRound):
    """The round's actions, less those closed during it while it is open (no one is asked for
    them now)."""
    actions = reporting_round.actions.all()
    if reporting_round.published_at is None:
        actions = actions.still_open()
    return actions


def round_rows(reporting_round: ReportingRound, owner=None, action_ids=None) -> RoundRows:
    """The round's covered actions (those `owner` owns, or those of `action_ids`), as values."""
    actions = covered(reporting_round).order_by("position", "id")
    through = Action.owners.through.objects.filter(action__rounds=reporting_round)
    latest = LatestUpdate.objects.filter(round=reporting_round)
    if owner is not None:
        actions = actions.filter(owners=owner)
        through = through.filter(user=owner)
    if action_ids is not None:
        actions = actions.filter(pk__in=action_ids)
        through = through.filter(action_id__in=action_ids)
    rows = list(actions.values_list("id", "theme_id"))
    if owner is not None or action_ids is not None:
        latest = latest.filter(action_id__in=[pk for pk, _ in rows])
    owner_ids = defaultdict(list)
    for action_id, user_id in through.order_by("user__username", "user_id").values_list(
        "action_id", "user_id"
    ):
        owner_ids[action_id].append(user_id)
    users = get_user_model().objects.in_bulk({pk for ids in owner_ids.values() for pk in ids})
    return RoundRows(
        reporting_round,
        rows,
        owner_ids,
        users,
        {
            action_id: (update_id, decision or None)
            for action_id, update_id, decision in latest.values_list(
                "action_id", "update_id", "decision"
            )
        },
        _deadlines(reporting_round, [pk for pk, _ in rows], owner_ids),
    )


def covered_actions(
    reporting_round: ReportingRound, owner=None, *, attach: bool = True
) -> list[CoveredAction]:
    """The round's actions in plan order, each with its owners and latest update of the round;
    with `attach`, the actions and updates themselves too (else see `attach_actions`)."""
    items = round_rows(reporting_round, owner).items()
    if attach:
        attach_actions(reporting_round, items, everything=owner is None)
    return items


def attach_actions(reporting_round, items: list[CoveredAction], everything=False) -> list:
    """Give the items their actions (with plan and theme) and latest updates (with review and
    author), in two queries; `everything`: the items are the whole round."""
    plan = reporting_round.plan
    themes = {theme.pk: theme for theme in Theme.objects.filter(plan=plan)}
    actions = reporting_round.actions.only(*COVERED_FIELDS)
    updates = ProgressUpdate.objects.select_related("review", "author")
    if not everything:
        actions = actions.filter(pk__in=[item.action_id for item in items])
        updates = updates.filter(pk__in=[item.update_id for item in items if item.update_id])
    else:
        updates = updates.filter(pk__in=round_updates(reporting_round).values("pk"))
    found = {action.pk: action for action in actions}
    for action in found.values():  # a plan has a handful of themes: attached, not joined
        action.plan, action.theme = plan, themes.get(action.theme_id)
    wanted = {item.update_id for item in items}
    shown = {update.pk: update for update in updates if update.pk in wanted}
    for item in items:
        item.action = found[item.action_id]
        item.update = shown.get(item.update_id)
        if item.update is not None:
            item.update.action = item.action  # its status words are the plan's
    return items


def _deadlines(reporting_round, action_ids: list[int], owner_ids) -> dict[int, date]:
    """The actions given more time, and until when: the latest of the extensions given to the
    action or to any of its owners (the rest are due by the round's deadline)."""
    for_action, for_person = defaultdict(list), defaultdict(list)
    for person_id, action_id, deadline in reporting_round.extensions.values_list(
        "person_id", "action_id", "deadline"
    ):
        (for_action[action_id] if action_id else for_person[person_id]).append(deadline)
    if not for_action and not for_person:
        return {}
    deadlines = {}
    for pk in action_ids:
        given = for_action[pk] + [day for person in owner_ids[pk] for day in for_person[person]]
        if given and max(given) > reporting_round.deadline:
            deadlines[pk] = max(given)
    return deadlines


@dataclass
class RoundProgress:
    """A round counted by state, theme and owner, in a few grouped queries. The lists of actions
    are read only when asked for, and their actions attached only where shown (`first_…`)."""

    round: ReportingRound
    totals: Tally
    by_theme: list[Tally]
    by_officer: list[Tally]
    unreviewed_count: int = 0
    nobody_count: int = 0  # covered actions no email asks about: nobody owns them

    @property
    def outstanding_count(self) -> int:
        return self.totals.outstanding + self.totals.returned

    @property
    def updated_count(self) -> int:
        return self.totals.updated + self.totals.returned

    @cached_property
    def rows(self) -> RoundRows:
        return round_rows(self.round)

    @cached_property
    def covered(self) -> list[CoveredAction]:
        return self.rows.items()

    @cached_property
    def outstanding(self) -> list[CoveredAction]:
        return self.rows.items(lambda pk: self.rows.state(pk) != UPDATED)

    @cached_property
    def nobody_to_ask(self) -> list[CoveredAction]:
        return self.rows.items(lambda pk: not self.rows.owner_ids.get(pk))

    @cached_property
    def updated(self) -> list[CoveredAction]:
        return self.rows.items(lambda pk: pk in self.rows.latest)

    @cached_property
    def unreviewed(self) -> list[CoveredAction]:
        return [item for item in self.updated if not item.reviewed]

    @cached_property
    def reviewed(self) -> list[CoveredAction]:
        return [item for item in self.updated if item.reviewed]

    def first_listed(self, count: int) -> tuple[list[CoveredAction], list[CoveredAction]]:
        """The first `count` outstanding actions and the first `count` updates to review, ready
        to show, read together. The counts say which lists to read; each is read in plan order
        and stops when it has enough."""
        actions, outstanding, to_review = _with_latest(self.round), [], []
        if self.outstanding_count:
            wanted = actions.filter(Q(latest__isnull=True) | Q(latest__decision=Decision.RETURNED))
            outstanding += wanted.values_list("pk", flat=True)[:count]
        if self.unreviewed_count:
            unreviewed = actions.filter(latest__decision="")
            to_review += unreviewed.values_list("pk", flat=True)[:count]
        if len(to_review) < count and self.updated_count > self.unreviewed_count:
            reviewed = actions.filter(latest__decision__in=Decision.values)
            to_review += reviewed.values_list("pk", flat=True)[: count - len(to_review)]
        rows = round_rows(self.round, action_ids={*outstanding, *to_review})
        shown = {item.action_id: item for item in self.shown(rows.items())}
        return [shown[pk] for pk in outstanding], [shown[pk] for pk in to_review]

    def shown(self, items: list[CoveredAction]) -> list[CoveredAction]:
        """The items with their actions and updates, to list on a page or in a download."""
        return attach_actions(self.round, items, everything=len(items) == self.totals.total)

    def date_requests(self):
        """Requests to move the covered actions' target dates made or decided while the round
        was open: those waiting, and those agreed ("rescheduled with approval") or refused."""
        reporting_round = self.round
        requests = TargetDateRequest.objects.filter(
            action__rounds=reporting_round, requested_at__gte=reporting_round.opened_at
        ).exclude(state=RequestState.REPLACED)
        if reporting_round.frozen_at is not None:
            requests = requests.filter(requested_at__lte=reporting_round.frozen_at)
        return requests.select_related("action__theme", "action__plan").order_by("requested_at")


NOT_ANSWERED = "not answered"  # a covered action's key when the round has no update for it


def _with_latest(reporting_round: ReportingRound):
    """The covered actions in plan order, each joined to its latest update of the round
    (`latest`, null if none). Naming the plan lets the database read them in its order."""
    latest = FilteredRelation(
        "latest_in_rounds", condition=Q(latest_in_rounds__round=reporting_round)
    )
    return (
        covered(reporting_round)
        .filter(plan_id=reporting_round.plan_id)
        .annotate(latest=latest)
        .order_by("plan_id", "position", "id")
    )


def _with_answers(reporting_round: ReportingRound):
    """The covered actions, each keyed by its latest update of the round: `NOT_ANSWERED`, or
    that update's decision ("" while not reviewed). Joined, so counted in the database."""
    answer = Case(
        When(latest__isnull=True, then=Value(NOT_ANSWERED)),
        default="latest__decision",
    )
    return _with_latest(reporting_round).annotate(answer=answer).order_by()


def _state_of(answer: str) -> str:
    return state_of(answer != NOT_ANSWERED, answer)


def round_progress(reporting_round: ReportingRound) -> RoundProgress:
    """The round counted by state, theme and owner: grouped in the database, so a round of
    20,000 actions makes no object per action."""
    answers = _with_answers(reporting_round)
    by_theme, by_person = defaultdict(Counter), defaultdict(Counter)
    totals = Tally("All covered actions")
    unreviewed = 0
    for theme_id, answer, count in (
        answers.values_list("theme_id", "answer").annotate(n=Count("pk")).order_by()
    ):
        by_theme[theme_id][_state_of(answer)] += count
        totals.counts[_state_of(answer)] += count
        unreviewed += count if answer == "" else 0
    for user_id, answer, count in (
        answers.values_list("owners", "answer").annotate(n=Count("pk")).order_by()
    ):
        by_person[user_id][_state_of(answer)] += count  # user None: nobody owns the action
    theme_names = {
        theme.pk: f"{theme.number}. {theme.title}"
        for theme in Theme.objects.filter(plan_id=reporting_round.plan_id)
    }
    in_plan_order = [*(pk for pk in theme_names if pk in by_theme), *by_theme.keys() - theme_names]
    themes = [Tally(theme_names.get(pk, "No theme"), +by_theme[pk]) for pk in in_plan_order]
    people = get_user_model().objects.filter(pk__in=[pk for pk in by_person if pk is not None])
    names = {  # as `person_name`, from values: a round may have a thousand owners
        pk: f"{first} {last}".strip() or username
        for pk, first, last, username in people.values_list(
            "pk", "first_name", "last_name", "username"
        )
    }
    officers = [
        Tally(names[pk] if pk else "No owner", +counts)
        for pk, counts in by_person.items()
        if +counts
    ]
    return RoundProgress(
        round=reporting_round,
        totals=totals,
        by_theme=themes,
        by_officer=sorted(officers, key=lambda tally: (-tally.outstanding, tally.name)),
        unreviewed_count=unreviewed,
        nobody_count=sum(by_person[None].values()),
    )


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def open_round_of(plan: ImprovementPlan) -> ReportingRound | None:
    return plan.rounds.open().first()


def last_published_round(plan: ImprovementPlan, before=None) -> ReportingRound | None:
    rounds = plan.rounds.published().order_by("-published_at", "-id")
    if before is not None:
        rounds = rounds.exclude(pk=before.pk)
    return rounds.first()


def default_covered_actions(plan: ImprovementPlan):
    """Every open action officers report on, and completed ones whose completion has not yet
    been reported in a published round."""
    previous = last_published_round(plan)
    covered = ~Q(status=Status.COMPLETE)
    if previous is not None:
        covered |= Q(status=Status.COMPLETE, status_as_at__gt=previous.as_at)
    else:
        covered = Q()
    return Action.objects.filter(plan=plan).leaves().still_open().filter(covered)


@dataclass
class OfficerRound:
    round: ReportingRound
    actions: list[CoveredAction]

    @property
    def to_do(self) -> list[CoveredAction]:
        return [item for item in self.actions if item.needs_update]

    @property
    def deadline(self) -> date:
        """When the officer's updates are due: later than the round's if they were given time."""
        return max((item.deadline for item in self.to_do), default=self.round.deadline)


def rounds_for_owner(user) -> list[OfficerRound]:
    """The open rounds covering the user's actions, and those actions' state in each."""
    rounds = (
        ReportingRound.objects.for_user(user)
        .filter(state=RoundState.OPEN, actions__owners=user)
        .distinct()
        .select_related("plan__council")
        .order_by("deadline")
    )
    return [OfficerRound(r, covered_actions(r, owner=user)) for r in rounds]


def rounds_to_steer(user) -> list[RoundProgress]:
    """On a coordinator's home: each open round of the councils whose rounds they run, with its
    progress (updated of covered, outstanding by person, nobody to ask), soonest deadline first."""
    councils = Council.objects.for_user(user, roles=roles_that(Can.RUN_ROUNDS))
    rounds = (
        ReportingRound.objects.filter(state=RoundState.OPEN, plan__council__in=councils)
        .select_related("plan__council")
        .order_by("deadline")
    )
    return [round_progress(reporting_round) for reporting_round in rounds]
