from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .access import council_or_404, require_role
from .audit import council_changes_page
from .models import Role


@login_required
def council_changes(request, council_slug):
    """The council's audit trail, for its coordinators."""
    council = council_or_404(request.user, council_slug)
    require_role(request.user, council, Role.COORDINATOR)
    request.council = council
    page = council_changes_page(council, request.GET.get("page"))
    return render(request, "councils/council_changes.html", {"council": council, "page": page})
