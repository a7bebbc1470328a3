"""Who may read a council's reports: its coordinators and viewers, not its officers."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from councils.access import council_or_404
from councils.permissions import Can, may
from plans.models import ImprovementPlan


def can_read_reports(user, council) -> bool:
    return may(user, council, Can.READ_REPORTS)


def plan_for_reports_or_404(user, council_slug: str, plan_slug: str) -> ImprovementPlan:
    """The plan, if the user may read its reports: 404 outside their councils, 403 for officers."""
    council = council_or_404(user, council_slug)
    if not can_read_reports(user, council):
        raise PermissionDenied(f"Reports of {council} are for its coordinators and viewers.")
    plan = get_object_or_404(ImprovementPlan.objects.for_council(council), slug=plan_slug)
    plan.council = council  # already loaded: saves a query per page
    return plan
