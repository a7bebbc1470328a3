"""Lead officers to people. Plans name lead officers by job title, several to a cell ("Director of
Finance / Head of Comms", "COO and AD HR"); a council matches each title to the members who answer
for it once, and every action that title leads is then theirs to update, now and after every
later import or edit. The lead officer stays as the plan wrote it.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from plans.status import Status

from .models import Action, LeadOfficerRole

# Always between two lead officers: a slash, a semicolon, a new line, a bullet.
_ALWAYS = re.compile(r"\s*(?:/|;|\n|•|\|)\s*")
# Where a title starts. Published plans often run several into one line ("COO Director of Finance
# AD Policy & Strategy", a cell's lines flattened), so each start begins a new lead officer, while
# "Director of Law and Governance" and "Head of HR & OD" stay whole. Case matters: titles are
# capitalised. A prefix is part of the title it opens ("Corporate Director", "Deputy Chief"), and
# a title after "All", "The", "Each" or "Senior" is one ("All Directors").
_TITLE_START = re.compile(
    r"(?<!All )(?<!all )(?<!The )(?<!the )(?<!Each )(?<!each )(?<!Senior )(?<!Relevant )"
    r"\b(?:(?:Assistant|Corporate|Executive|Strategic|Service|Interim|Acting|Deputy)\s+)?"
    r"(?:Directors?\b|Heads?\s+of\b|Chief\b|Monitoring\s+Officer\b|Section\s+151\b"
    r"|(?:Cabinet|Lead)\s+Member\b|Portfolio\s+Holder\b|Leader\b"
    r"|(?:AD|DCE|CEO|COO|CFO|CX|S151|SIRO|CMT)\b)"
)
_CONNECTORS = re.compile(r"^(?:and|&|\+|,)\s+|\s+(?:and|&|\+)$|[\s,.:–—-]+$|^[\s,.:–—-]+")


def lead_officer_names(text: str) -> list[str]:
    """The lead officers a plan's cell names, in order, each once."""
    return list(_named(text).values())


@lru_cache(maxsize=50_000)  # a council's cells repeat on every page: read each once (not changed)
def _named(text: str) -> dict[str, str]:
    """The lead officers a cell names, each by its key (`role_key`), in order."""
    names: dict[str, str] = {}
    for part in _ALWAYS.split(text or ""):
        starts = [match.start() for match in _TITLE_START.finditer(part) if match.start() > 0]
        for begin, end in zip([0, *starts], [*starts, len(part)], strict=True):
            name = part[begin:end]
            while (trimmed := _CONNECTORS.sub("", name)) != name:
                name = trimmed
            if name:
                names.setdefault(role_key(name), name)
    return names


def role_key(name: str) -> str:
    """How two spellings of one title compare: case, spaces and a trailing full stop aside."""
    return " ".join(name.replace("&", " and ").split()).strip(" .").casefold()


def _open(actions):
    return actions.filter(closed_on__isnull=True).exclude(status=Status.COMPLETE)


@dataclass
class LeadOfficerRow:
    """One title across the council's plans: how many open actions it leads, who answers."""

    name: str
    key: str
    open_actions: int = 0
    role: LeadOfficerRole | None = None

    @property
    def asked(self) -> list:
        return self.role.asked() if self.role else []


def lead_officer_rows(council) -> list[LeadOfficerRow]:
    """Every distinct lead officer of the council's plans, those nobody answers for first, then
    by how many open actions each leads. Three queries however many there are."""
    rows: dict[str, LeadOfficerRow] = {}
    for text, open_actions in (
        _texts(council)
        .annotate(
            open_actions=Count("pk", filter=Q(closed_on__isnull=True) & ~Q(status=Status.COMPLETE))
        )
        .values_list("lead_officer", "open_actions")
    ):
        for key, name in _named(text).items():
            row = rows.setdefault(key, LeadOfficerRow(name, key))
            row.open_actions += open_actions
    roles = LeadOfficerRole.objects.filter(council=council, key__in=list(rows))
    for role in roles.select_related("deputy").prefetch_related("people"):
        rows[role.key].role = role
    return sorted(rows.values(), key=lambda row: (bool(row.asked), -row.open_actions, row.key))


def _texts(council):
    """The council's distinct lead officer cells, as a values queryset."""
    return (
        Action.objects.filter(plan__council=council)
        .exclude(lead_officer="")
        .order_by()
        .values("lead_officer")
    )


class RoleError(Exception):
    """Why a lead officer could not be matched, in words for the coordinator."""


@transaction.atomic
def lead_officer_role_match(*, council, name: str, people, deputy=None) -> LeadOfficerRole:
    """Match a lead officer to the members who answer for it. The open actions it leads lose the
    people who held it before (unless another of their lead officers still names them) and gain
    these; closed and complete actions keep who answered for them."""
    name = " ".join(name.split())
    if not name:
        raise RoleError("Say which lead officer this is.")
    members = set(council.memberships.values_list("user_id", flat=True))
    chosen = {person.pk for person in people} | ({deputy.pk} if deputy else set())
    if not chosen <= members:
        raise RoleError(f"Only members of {council} can answer for its actions.")
    role, _ = LeadOfficerRole.objects.select_for_update().get_or_create(
        council=council, key=role_key(name), defaults={"name": name}
    )
    before = {person.pk for person in role.asked()}
    role.people.set(people)
    role.deputy = deputy
    role.save()
    asked_for = _asked_for(council)
    for action in _open(actions_led_by(council, role.key)).prefetch_related("owners"):
        others = set(_named(action.lead_officer)) - {role.key}
        still = set().union(*(asked_for.get(key, set()) for key in others))
        owners = {owner.pk for owner in action.owners.all()}
        # Only real changes, so matching again records nothing in the action's history.
        if leaving := (before - chosen - still) & owners:
            action.owners.remove(*leaving)
        if joining := chosen - owners:
            action.owners.add(*joining)
    return role


def actions_led_by(council, key: str):
    """The council's actions whose lead officer cell names this title."""
    texts = [
        text
        for text in _texts(council).distinct().values_list("lead_officer", flat=True)
        if key in _named(text)
    ]
    return Action.objects.filter(plan__council=council, lead_officer__in=texts)


def _asked_for(council) -> dict[str, set[int]]:
    """Who answers for each of the council's matched lead officers, by title."""
    return {
        role.key: {person.pk for person in role.asked()}
        for role in LeadOfficerRole.objects.filter(council=council)
        .select_related("deputy")
        .prefetch_related("people")
    }


def owners_from_lead_officers(actions) -> int:
    """Give each open action the people matched to its lead officers (after an import or an
    edit); returns how many actions gained someone. Owners already set stay, and closed and
    complete actions keep who answered for them."""
    roles = {
        (role.council_id, role.key): role
        for role in LeadOfficerRole.objects.filter(
            council__in=actions.values("plan__council")
        ).prefetch_related("people", "deputy")
    }
    if not roles:  # a council that has matched nobody yet costs one query
        return 0
    led = _open(actions.exclude(lead_officer="")).select_related("plan").prefetch_related("owners")
    gained = 0
    for action in led:
        asked = set()
        for key in _named(action.lead_officer):
            role = roles.get((action.plan.council_id, key))
            if role is not None:
                asked |= {person.pk for person in role.asked()}
        new = asked - {owner.pk for owner in action.owners.all()}
        if new:
            action.owners.add(*new)
            gained += 1
    return gained


def nobody_to_ask_q() -> Q:
    """Open, and owned by nobody: no round's email would ask about it."""
    owned = Action.owners.through.objects.filter(action_id=OuterRef("pk"))
    return Q(closed_on__isnull=True) & ~Q(status=Status.COMPLETE) & Q(~Exists(owned))


def nobody_to_ask(actions):
    """The open actions officers report on that name nobody to ask."""
    return actions.leaves().filter(nobody_to_ask_q())
