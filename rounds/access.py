"""Who may see and run a council's rounds: its coordinators run them, its viewers read them,
officers see their own actions' part on My actions. Anything outside the user's councils is a
404, as if it did not exist."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from councils.permissions import Can, role_in, role_may
from reports.access import plan_for_reports_or_404

from .models import ReportingRound

plan_for_rounds_or_404 = plan_for_reports_or_404


def round_or_404(user, round_id, *, coordinate: bool = False) -> ReportingRound:
    reporting_round = get_object_or_404(
        ReportingRound.objects.for_user(user).select_related("plan__council"), pk=round_id
    )
    role = role_in(user, reporting_round.plan.council)
    if coordinate and not role_may(role, Can.RUN_ROUNDS):
        raise PermissionDenied("Only the council's coordinators run its reporting rounds.")
    if not role_may(role, Can.READ_REPORTS):
        raise PermissionDenied("Reporting rounds are for the council's coordinators and viewers.")
    return reporting_round


def require_coordinator(user, plan) -> None:
    if not role_may(role_in(user, plan.council), Can.RUN_ROUNDS):
        raise PermissionDenied("Only the council's coordinators run its reporting rounds.")


def round_file_or_404(user, round_id, kind):
    """A published file of the round, for any member of its council."""
    reporting_round = get_object_or_404(
        ReportingRound.objects.for_user(user).published(), pk=round_id
    )
    return get_object_or_404(reporting_round.files, kind=kind)
