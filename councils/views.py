"""A council's members, managed by its coordinators, and a new member's first password. Each
view asks `access` first; `members` writes."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .access import council_where_may_or_404
from .forms import InviteForm, RoleForm, SetPasswordForm
from .members import (
    MemberError,
    invitation_accept,
    invitation_decline,
    invitation_send,
    invitation_to_accept_send,
    invitation_withdraw,
    member_invite,
    member_remove,
    member_role_change,
)
from .models import Invitation, Role
from .permissions import Can

REFUSAL = "Managing {council}'s members is for its coordinators."


def _council(request, council_slug):
    council = council_where_may_or_404(request.user, council_slug, Can.MANAGE_MEMBERS, REFUSAL)
    request.council = council
    return council


def _membership(council, member_id):
    return get_object_or_404(council.memberships.select_related("user"), pk=member_id)


def _members_page(council) -> str:
    return reverse("members:list", args=[council.slug])


@login_required
def member_list(request, council_slug):
    council = _council(request, council_slug)
    memberships = council.memberships.select_related("user").order_by(
        "user__first_name", "user__last_name", "user__username"
    )
    invitations = council.invitations.select_related("user").order_by("invited_at")
    return render(
        request,
        "councils/members.html",
        {"council": council, "memberships": memberships, "invitations": invitations},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_invite_view(request, council_slug):
    council = _council(request, council_slug)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = member_invite(
                council=council,
                invited_by=request.user,
                **{**form.cleaned_data, "role": Role(form.cleaned_data["role"])},
            )
        except MemberError as error:
            form.add_error("email", str(error))
        else:
            _say_invited(request, invitation)
            return redirect(_members_page(council))
    return render(
        request,
        "councils/member_form.html",
        {"council": council, "form": form, "heading": "Invite a colleague"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_role(request, council_slug, member_id):
    council = _council(request, council_slug)
    membership = _membership(council, member_id)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            member_role_change(
                membership=membership, role=Role(form.cleaned_data["role"]), changed_by=request.user
            )
        except MemberError as error:
            form.add_error("role", str(error))
        else:
            messages.success(
                request, f"{_name(membership.user)} is now {membership.get_role_display().lower()}."
            )
            return redirect(_members_page(council))
    return render(
        request,
        "councils/member_form.html",
        {
            "council": council,
            "form": form,
            "heading": f"Change the role of {_name(membership.user)}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove_view(request, council_slug, member_id):
    council = _council(request, council_slug)
    membership = _membership(council, member_id)
    refusal = None
    if request.method == "POST":
        try:
            member_remove(membership=membership, removed_by=request.user)
        except MemberError as error:
            refusal = str(error)
        else:
            messages.success(request, f"{_name(membership.user)} is no longer a member.")
            return redirect(_members_page(council))
    return render(
        request,
        "councils/member_remove.html",
        {
            "council": council,
            "membership": membership,
            "refusal": refusal,
            "back": _members_page(council),
        },
    )


@login_required
@require_POST
def member_invite_again(request, council_slug, member_id):
    council = _council(request, council_slug)
    membership = _membership(council, member_id)
    if invitation_send(membership=membership, invited_by=request.user):
        messages.success(request, f"Invitation sent again to {membership.user.email}.")
    else:
        messages.warning(request, "The invitation email could not be sent. Try again later.")
    return redirect(_members_page(council))


def _say_invited(request, invitation) -> None:
    email = invitation.email
    if invitation.emailed:
        joins = " They join when they accept it." if invitation.invitation else ""
        messages.success(request, f"Invitation sent to {email}.{joins}")
    elif invitation.invitation:
        messages.warning(
            request,
            f"{email} is invited, but the email could not be sent. Send it again from this page.",
        )
    else:
        messages.warning(
            request,
            f"{email} is a member now, but the invitation email could not be sent. "
            "Send it again from this page.",
        )


def _waiting_invitation(council, invitation_id):
    return get_object_or_404(council.invitations.select_related("user"), pk=invitation_id)


@login_required
@require_POST
def invitation_withdraw_view(request, council_slug, invitation_id):
    council = _council(request, council_slug)
    invitation = _waiting_invitation(council, invitation_id)
    invitation_withdraw(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.user.email} is withdrawn.")
    return redirect(_members_page(council))


@login_required
@require_POST
def invitation_send_again(request, council_slug, invitation_id):
    council = _council(request, council_slug)
    invitation = _waiting_invitation(council, invitation_id)
    if invitation_to_accept_send(invitation=invitation):
        messages.success(request, f"Invitation sent again to {invitation.user.email}.")
    else:
        messages.warning(request, "The invitation email could not be sent. Try again later.")
    return redirect(_members_page(council))


# The invited person's side: their own invitations only.


@login_required
def my_invitations(request):
    invitations = Invitation.objects.filter(user=request.user).select_related(
        "council", "invited_by"
    )
    return render(request, "councils/invitations.html", {"invitations": invitations})


@login_required
@require_POST
def my_invitation_answer(request, invitation_id, answer):
    invitation = get_object_or_404(
        Invitation.objects.select_related("council"), pk=invitation_id, user=request.user
    )
    if answer not in ("accept", "decline"):
        raise Http404("Accept or decline")
    try:
        if answer == "accept":
            invitation_accept(invitation=invitation, user=request.user)
            messages.success(request, f"You are now a member of {invitation.council.name}.")
        else:
            invitation_decline(invitation=invitation, user=request.user)
            messages.success(request, f"You declined {invitation.council.name}'s invitation.")
    except MemberError as error:
        messages.error(request, str(error))
    return redirect("invitations")


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """A new member's first password, from the link in their invitation. A link that is not (or
    no longer) valid answers 404, saying what to do, as any other unknown address would."""

    form_class = SetPasswordForm
    template_name = "registration/set_password.html"
    success_url = reverse_lazy("login")

    def render_to_response(self, context, **kwargs):
        if not context.get("validlink"):
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)

    def form_valid(self, form):
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return super().form_valid(form)
