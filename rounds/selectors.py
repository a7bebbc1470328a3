"""Reads about a round: which covered actions are updated, outstanding or returned, and counts
of them by theme and by officer. A fixed number of queries whatever the round's size."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q

from actions.models import Action, ProgressUpdate, RequestState, TargetDateRequest
from councils.models import Council
from councils.permissions import Can, roles_that
from plans.models import ImprovementPlan, Theme
from plans.status import Status

from .models import Decision, ReportingRound, RoundState

UPDATED, OUTSTANDING, RETURNED = "updated", "outstanding", "returned"
STATE_LABELS = {UPDATED: "Updated", OUTSTANDING: "Outstanding", RETURNED: "Returned"}


@dataclass
class CoveredAction:
    action: Action
    owners: list
    update: ProgressUpdate | None = None  # the latest update recorded while the round was open
    deadline: date | None = None  # when its update is due: the round's, or an extension's
    extended: bool = False

    @property
    def state(self) -> str:
        if self.update is None:
            return OUTSTANDING
        review = getattr(self.update, "review", None)
        if review is not None and review.decision == Decision.RETURNED:
            return RETURNED
        return UPDATED

    @property
    def needs_update(self) -> bool:
        return self.state != UPDATED

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


def covered_actions(reporting_round: ReportingRound, owner=None) -> list[CoveredAction]:
    """The round's actions in plan order, each with its owners and latest update of the round."""
    plan = reporting_round.plan
    themes = {theme.pk: theme for theme in Theme.objects.filter(plan=plan)}
    actions = reporting_round.actions.only(*COVERED_FIELDS).order_by("position", "id")
    if reporting_round.published_at is None:
        actions = actions.still_open()  # closed during the round: no one is asked for it now
    if owner is not None:
        actions = actions.filter(owners=owner)
    actions = list(actions)
    for action in actions:  # a plan has a handful of themes: attached here, not joined per row
        action.plan, action.theme = plan, themes.get(action.theme_id)
    ids = [action.pk for action in actions]
    owners = defaultdict(list)
    through = Action.owners.through.objects.filter(action__rounds=reporting_round)
    if owner is not None:
        through = through.filter(user=owner)
    users = {}
    pairs = list(through.values_list("action_id", "user_id"))
    for user in get_user_model().objects.filter(pk__in={user_id for _, user_id in pairs}):
        users[user.pk] = user
    # by account name, so lists and downloads come out the same on every database
    for action_id, user_id in sorted(pairs, key=lambda pair: users[pair[1]].get_username()):
        owners[action_id].append(users[user_id])
    deadlines = _deadlines(reporting_round, actions, owners)
    latest = {}
    for update in (
        round_updates(reporting_round, ids if owner is not None else None)
        .select_related("review", "author")
        .order_by("recorded_at", "id")
    ):
        latest[update.action_id] = update
    return [
        CoveredAction(
            action,
            owners[action.pk],
            latest.get(action.pk),
            deadline=deadlines[action.pk],
            extended=deadlines[action.pk] > reporting_round.deadline,
        )
        for action in actions
    ]


def _deadlines(reporting_round, actions, owners) -> dict[int, date]:
    """When each action's update is due: the latest of the round's deadline and the extensions
    given to the action or to any of its owners."""
    for_action, for_person = defaultdict(list), defaultdict(list)
    for person_id, action_id, deadline in reporting_round.extensions.values_list(
        "person_id", "action_id", "deadline"
    ):
        (for_action[action_id] if action_id else for_person[person_id]).append(deadline)
    return {
        action.pk: max(
            [reporting_round.deadline, *for_action[action.pk]]
            + [day for person in owners[action.pk] for day in for_person[person.pk]]
        )
        for action in actions
    }


@dataclass
class RoundProgress:
    round: ReportingRound
    covered: list[CoveredAction]
    totals: Tally
    by_theme: list[Tally]
    by_officer: list[Tally]

    @property
    def outstanding(self) -> list[CoveredAction]:
        return [item for item in self.covered if item.needs_update]

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

    @property
    def nobody_to_ask(self) -> list[CoveredAction]:
        """Covered actions no email asks about: nobody owns them."""
        return [item for item in self.covered if not item.owners]

    @property
    def updated(self) -> list[CoveredAction]:
        return [item for item in self.covered if item.update is not None]

    @property
    def unreviewed(self) -> list[CoveredAction]:
        return [item for item in self.updated if item.review is None]

    @property
    def reviewed(self) -> list[CoveredAction]:
        return [item for item in self.updated if item.review is not None]


def round_progress(reporting_round: ReportingRound) -> RoundProgress:
    covered = covered_actions(reporting_round)
    totals = Tally("All covered actions")
    themes: dict = {}
    officers: dict = {}
    for item in covered:
        totals.counts[item.state] += 1
        theme = item.action.theme
        key = theme.pk if theme else None
        name = f"{theme.number}. {theme.title}" if theme else "No theme"
        themes.setdefault(key, Tally(name)).counts[item.state] += 1
        for person in item.owners or [None]:
            name = person_name(person) if person else "No owner"
            officers.setdefault(person.pk if person else None, Tally(name)).counts[item.state] += 1
    return RoundProgress(
        round=reporting_round,
        covered=covered,
        totals=totals,
        by_theme=list(themes.values()),
        by_officer=sorted(officers.values(), key=lambda tally: (-tally.outstanding, tally.name)),
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
