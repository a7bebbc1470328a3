from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from councils.access import council_or_404, require_role
from councils.models import Role

from .changes import council_changes_page


@login_required
def council_changes(request, council_slug):
    """The council's audit trail, for its coordinators."""
    council = council_or_404(request.user, council_slug)
    require_role(request.user, council, Role.COORDINATOR)
    request.council = council
    page = council_changes_page(council, request.GET.get("page"))
    return render(request, "audit/council_changes.html", {"council": council, "page": page})
