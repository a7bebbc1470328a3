from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from plans.models import ImprovementPlan


@login_required
def home(request):
    plans = ImprovementPlan.objects.for_user(request.user).select_related("council")
    return render(request, "actions/home.html", {"plans": plans})
