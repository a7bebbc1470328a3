from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from councils.access import council_where_may_or_404
from councils.permissions import Can

from .changes import council_changes_page

REFUSAL = "The audit trail of {council} is for its coordinators."


@login_required
def council_changes(request, council_slug):
    """The council's audit trail, for its coordinators."""
    council = council_where_may_or_404(request.user, council_slug, Can.READ_CHANGES, REFUSAL)
    request.council = council
    page = council_changes_page(council, request.GET.get("page"))
    return render(request, "audit/council_changes.html", {"council": council, "page": page})
