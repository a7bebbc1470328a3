from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from councils.access import council_or_404
from councils.permissions import Can, role_in, role_may
from plans.models import ImprovementPlan

from .charts import status_bar_chart
from .plan_outline import plan_outline


@login_required
def plan_list(request):
    plans = ImprovementPlan.objects.for_user(request.user).current().select_related("council")
    return render(request, "plans/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request, council_slug, plan_slug):
    council = council_or_404(request.user, council_slug)
    plan = get_object_or_404(
        ImprovementPlan.objects.select_related("council"), council=council, slug=plan_slug
    )
    request.council = council
    outline = plan_outline(plan)
    role = role_in(request.user, council)  # read once: it decides every link on the page
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "outline": outline,
            "chart": status_bar_chart(outline.counts),
            "today": timezone.localdate(),
            "can_read_reports": role_may(role, Can.READ_REPORTS),
            "can_coordinate": role_may(role, Can.BUILD_PLANS),
        },
    )
