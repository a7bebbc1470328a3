"""A council's members, as its coordinators manage them: invite a colleague by email with a role,
change a role, remove a member. A coordinator can give no one more than the coordinator role (no
staff or site administrator rights) and reaches only their own council's members.

Someone new is made a member at once, with an account that has no password until they choose one
from the email. Someone who already has an account is only invited: they accept (or decline)
after signing in, and until then they are not a member and nothing of theirs is the council's. A
site administrator's account is never made a council member from here.

Every change saves through the models, so the audit trail records it with the coordinator's name.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Council, Invitation, Membership, Role

logger = logging.getLogger(__name__)


class MemberError(Exception):
    """A change refused, with the reason in words a coordinator can act on."""


@dataclass
class InviteResult:
    """A new account made a member at once, or an existing one invited to accept."""

    membership: Membership | None
    invitation: Invitation | None
    emailed: bool

    @property
    def email(self) -> str:
        return (self.membership or self.invitation).user.email


def member_invite(
    *, council: Council, email: str, first_name: str, last_name: str, role: Role, invited_by
) -> InviteResult:
    """Add a colleague to the council: someone new becomes a member with an email to choose a
    password; someone who already has an account is invited, and joins when they accept."""
    email = email.strip().lower()
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            if User.objects.filter(username__iexact=email).exists():
                raise MemberError(f"An account named {email} already exists: ask the site team.")
            user = User(username=email, email=email, first_name=first_name, last_name=last_name)
            user.set_unusable_password()
            user.save()
            membership = Membership.objects.create(user=user, council=council, role=role)
            invitation = None
        else:
            if user.is_superuser or user.is_staff:
                raise MemberError(f"{email} cannot be added to a council here: ask the site team.")
            if council.memberships.filter(user=user).exists():
                raise MemberError(f"{email} is already a member of {council.name}.")
            if council.invitations.filter(user=user).exists():
                raise MemberError(
                    f"{email} has already been invited to {council.name}. You can send the "
                    "invitation again from the members page."
                )
            membership = None
            invitation = Invitation.objects.create(
                council=council, user=user, role=role, invited_by=invited_by
            )
    if invitation is not None:
        return InviteResult(None, invitation, invitation_to_accept_send(invitation=invitation))
    emailed = invitation_send(membership=membership, invited_by=invited_by)
    return InviteResult(membership, None, emailed)


def _send(message: EmailMessage, what: str) -> bool:
    try:
        message.send()
    except Exception:  # any mail server failure: the page says so, nothing is lost
        logger.exception("%s was not sent", what)
        return False
    return True


def invitation_to_accept_send(*, invitation: Invitation) -> bool:
    """Email someone with an account that a council invites them: they accept after signing in."""
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "invited_by": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
        "invitations_url": settings.SITE_URL + reverse("invitations"),
    }
    message = EmailMessage(
        subject=f"{invitation.council.name} invites you to Improvement Tracker",
        body=render_to_string("councils/email/invitation_to_accept.txt", context),
        to=[invitation.user.email],
    )
    return _send(message, f"Invitation email for invitation {invitation.pk}")


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """The invited person joins the council with the role they were invited to."""
    if invitation.user_id != user.pk or user.is_superuser or user.is_staff:
        raise MemberError("This invitation is not yours to accept.")
    membership, _ = Membership.objects.get_or_create(
        user=user, council=invitation.council, defaults={"role": invitation.role}
    )
    invitation.delete()
    return membership


def invitation_decline(*, invitation: Invitation, user) -> None:
    if invitation.user_id != user.pk:
        raise MemberError("This invitation is not yours to decline.")
    invitation.delete()


def invitation_withdraw(*, invitation: Invitation) -> None:
    invitation.delete()


def invitation_send(*, membership: Membership, invited_by) -> bool:
    """Email the member their invitation (again). False when the mail server refused it: the
    membership stands and the coordinator can send it again from the members page."""
    user = membership.user
    context = {
        "membership": membership,
        "invited_by": invited_by.get_full_name() or invited_by.get_username(),
        "sign_in_url": settings.SITE_URL + reverse("login"),
        # a council with its own provider: its members sign in with their council account
        "council_sign_in": getattr(membership.council, "sign_in", None),
        "council_account_url": settings.SITE_URL
        + reverse("sso_council", kwargs={"council_slug": membership.council.slug}),
        "set_password_url": settings.SITE_URL + set_password_path(user)
        if not user.has_usable_password()
        else "",
    }
    message = EmailMessage(
        subject=f"You have been added to {membership.council.name} on Improvement Tracker",
        body=render_to_string("councils/email/invitation.txt", context),
        to=[user.email],
    )
    return _send(message, f"Invitation email to member {membership.pk}")


def set_password_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("set_password", args=[uid, default_token_generator.make_token(user)])


def member_role_change(*, membership: Membership, role: Role, changed_by) -> Membership:
    if membership.user_id == changed_by.pk:
        raise MemberError("You cannot change your own role: ask another coordinator.")
    if role != Role.COORDINATOR:
        _keep_a_coordinator(membership)
    membership.role = role
    membership.save()
    return membership


def member_remove(*, membership: Membership, removed_by) -> None:
    """The member leaves the council and stops owning its actions; their past updates stay."""
    if membership.user_id == removed_by.pk:
        raise MemberError("You cannot remove yourself: ask another coordinator.")
    _keep_a_coordinator(membership)
    with transaction.atomic():
        owned = membership.user.owned_actions.filter(plan__council=membership.council_id)
        for action in owned:
            action.owners.remove(membership.user)
        membership.delete()


def _keep_a_coordinator(membership: Membership) -> None:
    others = membership.council.memberships.filter(role=Role.COORDINATOR).exclude(pk=membership.pk)
    if membership.role == Role.COORDINATOR and not others.exists():
        raise MemberError(
            f"{membership.council.name} needs at least one coordinator: give someone else the "
            "role first."
        )
