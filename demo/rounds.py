"""Demo rounds: each demo plan has one published round as at its latest reporting date, and
York an open round whose deadline is near, so a new user sees the whole cycle at once.
Loading again changes nothing: a plan with any round is left as it is."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from actions.services import target_date_request
from plans.models import ImprovementPlan
from rounds.latest import latest_updates_refresh
from rounds.models import ReportingRound, RoundState
from rounds.publication import snapshot_build
from rounds.selectors import default_covered_actions
from rounds.services import publication_files_request, round_open

OPEN_ROUND_PLAN = ("york", "corporate-improvement-plan")
PUBLIC_PLANS = {OPEN_ROUND_PLAN}


def load_demo_rounds(today=None) -> None:
    today = today or timezone.localdate()
    for plan in ImprovementPlan.objects.select_related("council"):
        if plan.rounds.exists():
            continue
        latest = ProgressUpdate.objects.filter(action__plan=plan).order_by("-as_at").first()
        if latest is None:
            continue
        if (plan.council.slug, plan.slug) in PUBLIC_PLANS:
            plan.public = True
            plan.save(update_fields=["public"])
        _published_round(plan, latest.as_at)
        if (plan.council.slug, plan.slug) == OPEN_ROUND_PLAN:
            meeting = today + timedelta(days=14)
            round_open(
                plan=plan,
                user=None,
                meeting_date=meeting,
                deadline=today + timedelta(days=3),
                committee="Corporate Scrutiny Committee",
                today=today,
            )
            _date_request(plan)


def _date_request(plan) -> None:
    """York's officer has asked to move one of their dates: the coordinator has one to decide."""
    action = (
        Action.objects.filter(plan=plan, owners__username="york.officer", children__isnull=True)
        .exclude(target_date__isnull=True)
        .still_open()
        .order_by("position")
        .first()
    )
    if action is not None:
        target_date_request(
            action=action,
            user=action.owners.get(username="york.officer"),
            asked_for=f"{action.target_date + timedelta(days=92):%B %Y}",
            reason="The consultation it depends on has been extended by three months.",
        )


def _published_round(plan, as_at) -> ReportingRound:
    meeting = as_at + timedelta(days=21)
    published = timezone.make_aware(datetime.combine(meeting - timedelta(days=7), time(12)))
    reporting_round = ReportingRound.objects.create(
        plan=plan,
        committee="Executive",
        meeting_date=meeting,
        as_at=as_at,
        deadline=as_at + timedelta(days=7),
    )
    reporting_round.actions.set(default_covered_actions(plan))
    ReportingRound.objects.filter(pk=reporting_round.pk).update(
        opened_at=timezone.make_aware(datetime.combine(as_at - timedelta(days=21), time(9)))
    )
    reporting_round.refresh_from_db()
    reporting_round.frozen_at = reporting_round.published_at = published
    latest_updates_refresh(reporting_round)  # its updates were recorded before it was made
    reporting_round.snapshot = snapshot_build(reporting_round)
    reporting_round.state = RoundState.PUBLISHED
    reporting_round.save()
    transaction.on_commit(lambda: publication_files_request(reporting_round, user=None))
    return reporting_round
