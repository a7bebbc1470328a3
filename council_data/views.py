from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from councils.access import council_where_may_or_404
from councils.permissions import Can
from jobs.selectors import job_url

from .services import council_archive_request

REFUSAL = "All of {council}'s data is downloaded by its coordinators."


@login_required
@require_http_methods(["GET", "POST"])
def council_archive(request, council_slug):
    council = council_where_may_or_404(request.user, council_slug, Can.TAKE_COUNCIL_DATA, REFUSAL)
    if request.method == "POST":
        return redirect(job_url(council_archive_request(council=council, user=request.user)))
    return render(request, "council_data/archive.html", {"council": council})
