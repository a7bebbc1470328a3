"""Erasing a person on request: the account is anonymised ("Former officer 17") and can no longer
sign in, while what they did keeps its dates and text. Their name and email leave the account,
its history copies, the names kept on their progress updates, the emails sent to them, the
sign-in records and the link to their council's provider; then every text column of every table
(narratives and lead officers that name them, copies of emails, queued tasks, the audit trail) is
rewritten: their name becomes the former name, their address goes. Their sessions end, and the
files built from their councils' data (archives, annexes, exports, uploads waiting to import) are
removed: they are made again on request. A round's published files, the council's record of what
its committee was given, stay as published."""

import re

from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from actions.models import ProgressUpdate, UpdateDraft
from councils.models import Membership, Role
from imports.models import ImportUpload
from jobs.models import UNFINISHED, Job
from jobs.services import jobs_remove_expired
from rounds.models import RoundMessage

from .identity import sessions_end
from .mfa import second_factor_remove
from .models import SignInRefusal


class ErasureRefused(Exception):
    """Erasing would leave something the council cannot run without; says what to do first."""


def councils_left_without_coordinator(user) -> list:
    """Councils where this person is the only coordinator: erased, no one could run them."""
    return [
        membership.council
        for membership in Membership.objects.filter(user=user, role=Role.COORDINATOR)
        .select_related("council")
        .order_by("council__name")
        if not Membership.objects.filter(council=membership.council, role=Role.COORDINATOR)
        .exclude(user=user)
        .exists()
    ]


def former_name(user) -> str:
    membership = Membership.objects.filter(user=user).order_by("pk").first()
    role = membership.get_role_display().lower() if membership else "user"
    return f"Former {role} {user.pk}"


@transaction.atomic
def person_erase(*, user, leave_without_coordinator: bool = False) -> str:
    """Anonymise the account; returns the name it now goes by. Repeating it changes nothing.
    Refused while they are a council's only coordinator, unless `leave_without_coordinator`."""
    if (alone := councils_left_without_coordinator(user)) and not leave_without_coordinator:
        names = ", ".join(council.name for council in alone)
        raise ErasureRefused(
            f"{user.get_username()} is the only coordinator of {names}: give someone else the "
            "coordinator role first, or erase anyway with --leave-without-coordinator (a site "
            "administrator then adds one)."
        )
    name = former_name(user) if user.is_active or user.email else user.get_full_name()
    old_username, old_email, old_name = user.get_username(), user.email, user.get_full_name()
    council_ids = list(Membership.objects.filter(user=user).values_list("council_id", flat=True))
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
    replacements = {old_email: "", old_name: name}
    if "@" in old_username:  # an address used as the username
        replacements[old_username] = ""
    text_rewrite_everywhere({old: new for old, new in replacements.items() if len(old) > 3})
    sessions_end(user)
    transaction.on_commit(lambda: _built_files_remove(council_ids))
    return name


def _replace(value, pattern, new):
    if isinstance(value, str):
        return pattern.sub(new, value)
    if isinstance(value, list):
        return [_replace(item, pattern, new) for item in value]
    if isinstance(value, dict):
        return {key: _replace(item, pattern, new) for key, item in value.items()}
    return value


def text_rewrite_everywhere(replacements: dict[str, str]) -> int:
    """Every text and JSON column of every table (accounts apart: done above), with each of
    `replacements` rewritten wherever it appears, any case. Rows are updated in place, so no
    history record or save rule repeats the old text. Returns how many columns changed."""
    changed = 0
    skipped = {get_user_model(), Session}
    for model in apps.get_models():
        if model in skipped or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if field.primary_key or isinstance(field, models.ForeignKey):
                continue
            is_text = isinstance(field, models.CharField | models.TextField)
            if not is_text and not isinstance(field, models.JSONField):
                continue
            for old, new in replacements.items():
                changed += _rewrite_column(model, field, is_text, old, new)
    return changed


def _rewrite_column(model, field, is_text, old, new) -> int:
    manager = model._base_manager
    if is_text:
        rows = manager.filter(**{f"{field.name}__icontains": old})
    else:
        rows = manager.annotate(_as_text=Cast(field.name, models.TextField())).filter(
            _as_text__icontains=old
        )
    pattern = re.compile(re.escape(old), re.IGNORECASE)
    changed = 0
    for pk, value in rows.values_list("pk", field.name):
        manager.filter(pk=pk).update(**{field.name: _replace(value, pattern, new)})
        changed += 1
    return changed


def _built_files_remove(council_ids) -> None:
    """Files made from the councils' data go now rather than when they would expire."""
    Job.objects.filter(council_id__in=council_ids).exclude(state__in=UNFINISHED).update(
        expires_at=timezone.now()
    )
    jobs_remove_expired()
    for upload in ImportUpload.objects.filter(plan__council_id__in=council_ids):
        upload.file.delete(save=False)
        upload.delete()
