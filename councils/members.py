"""A council's members, as its coordinators manage them: invite a colleague by email with a role,
change a role, remove a member. A coordinator can give no one more than the coordinator role (no
staff or site administrator rights) and reaches only their own council's members.

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

from .models import Council, Membership, Role

logger = logging.getLogger(__name__)


class MemberError(Exception):
    """A change refused, with the reason in words a coordinator can act on."""


@dataclass
class Invitation:
    membership: Membership
    new_account: bool
    emailed: bool


def member_invite(
    *, council: Council, email: str, first_name: str, last_name: str, role: Role, invited_by
) -> Invitation:
    """Add a colleague to the council. Someone new gets an account with no password and an email
    to set one; someone who already has an account (in another council) is told they were added."""
    email = email.strip().lower()
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        new_account = user is None
        if new_account:
            if User.objects.filter(username__iexact=email).exists():
                raise MemberError(f"An account named {email} already exists: ask the site team.")
            user = User(username=email, email=email, first_name=first_name, last_name=last_name)
            user.set_unusable_password()
            user.save()
        elif council.memberships.filter(user=user).exists():
            raise MemberError(f"{email} is already a member of {council.name}.")
        membership = Membership.objects.create(user=user, council=council, role=role)
    emailed = invitation_send(membership=membership, invited_by=invited_by)
    return Invitation(membership, new_account, emailed)


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
    try:
        message.send()
    except Exception:  # any mail server failure: the page says so, nothing is lost
        logger.exception("Invitation email to member %s was not sent", membership.pk)
        return False
    return True


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
