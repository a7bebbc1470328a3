"""The pages a resident follows a public plan from: ask, confirm, stop. None needs an account;
confirming and stopping are buttons, not links, so a mail scanner opening a link changes nothing."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.network import client_address

from .following import follow_confirm, follow_request, follow_stop, follower_by_token
from .public import _public_plan_or_404


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


def _plan(request, council_slug, plan_slug):
    plan = _public_plan_or_404(council_slug, plan_slug)
    request.council = plan.council
    return plan


@require_http_methods(["GET", "POST"])
def follow(request, council_slug, plan_slug):
    plan = _plan(request, council_slug, plan_slug)
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        follow_request(
            plan=plan, email=form.cleaned_data["email"], network_address=client_address(request)
        )
        return render(request, "rounds/follow_sent.html", {"plan": plan})
    return render(request, "rounds/follow.html", {"plan": plan, "form": form})


@require_http_methods(["GET", "POST"])
def follow_confirmed(request, council_slug, plan_slug, token):
    plan = _plan(request, council_slug, plan_slug)
    follower = follower_by_token(plan, token)
    if follower is None:
        raise Http404("This link has been used to stop the emails, or is not one we sent.")
    if request.method == "POST":
        follow_confirm(follower)
        return redirect(request.path)
    return render(request, "rounds/follow_confirm.html", {"plan": plan, "follower": follower})


# A mail program's one-click unsubscribe posts with no form token; the link's own secret token
# is what says the request comes from the address's owner.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def follow_stopped(request, council_slug, plan_slug, token):
    plan = _plan(request, council_slug, plan_slug)
    follower = follower_by_token(plan, token)
    if request.method == "POST":
        if follower is not None:
            follow_stop(follower)
        return render(request, "rounds/follow_stop.html", {"plan": plan, "stopped": True})
    if follower is None:
        raise Http404("These emails have already stopped, or this is not a link we sent.")
    return render(request, "rounds/follow_stop.html", {"plan": plan, "stopped": False})
