"""Erasing a person on request: the account is anonymised ("Former officer 17") and can no longer
sign in, while what they did keeps its dates and text. Their name and email leave the account,
its history copies, the names kept on their progress updates, the emails sent to them, the
sign-in records and the link to their council's provider."""

from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction

from actions.models import ProgressUpdate, UpdateDraft
from councils.models import Membership
from rounds.models import RoundMessage

from .mfa import second_factor_remove
from .models import SignInRefusal


def former_name(user) -> str:
    membership = Membership.objects.filter(user=user).order_by("pk").first()
    role = membership.get_role_display().lower() if membership else "user"
    return f"Former {role} {user.pk}"


@transaction.atomic
def person_erase(*, user) -> str:
    """Anonymise the account; returns the name it now goes by. Repeating it changes nothing."""
    name = former_name(user) if user.is_active or user.email else user.get_full_name()
    old_username, old_email = user.get_username(), user.email
    first, _, last = name.partition(" ")
    user.first_name, user.last_name = first, last
    user.username = name.lower().replace(" ", "-")
    user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.history.update(
        username=user.username, first_name=user.first_name, last_name=user.last_name, email=""
    )
    ProgressUpdate.objects.filter(author=user).update(author_name=name)
    UpdateDraft.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    RoundMessage.objects.filter(recipient=user).update(to="", cc=[])
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__in=[old_username, old_email]).delete()
    SocialAccount.objects.filter(user=user).delete()  # the provider's subject and claims
    second_factor_remove(user)
    refusals = SignInRefusal.objects.filter(user=user)
    if old_email:
        refusals |= SignInRefusal.objects.filter(asserted_email__iexact=old_email)
    refusals.update(user=None, asserted_email="")
    return name
