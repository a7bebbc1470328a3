"""Deleting a council, for a site administrator: every row of it, the history of those rows,
the accounts that belonged to it alone, its sign-in set-up, and its stored files once the
database has let go of them. No other council's rows are touched."""

from dataclasses import dataclass
from pathlib import Path

from allauth.socialaccount.models import SocialAccount, SocialApp
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from actions.models import Action, ProgressUpdate
from audit.changes import council_history, tracked_models
from councils.models import Membership
from evidence.models import EvidenceFile
from imports.models import ImportUpload
from jobs.models import Job
from plans.models import ImprovementPlan
from rounds.models import PublishedFile, ReportingRound


@dataclass
class WhatGoes:
    plans: int
    actions: int
    updates: int
    rounds: int
    members: int
    accounts_deleted: int
    accounts_kept: int
    files: int


def _members(council):
    return get_user_model().objects.filter(memberships__council=council)


def _only_here(council):
    """Members of no other council, and not site administrators: their accounts go too."""
    elsewhere = Membership.objects.exclude(council=council).values("user_id")
    return _members(council).filter(is_superuser=False).exclude(pk__in=elsewhere)


def _stored_files(council) -> list:
    files = []
    for queryset in (
        EvidenceFile.objects.filter(action__plan__council=council),
        PublishedFile.objects.filter(round__plan__council=council),
        Job.objects.filter(council=council).exclude(file=""),
        ImportUpload.objects.filter(plan__council=council),
    ):
        files += [(row.file.storage, row.file.name) for row in queryset if row.file]
    for plan in council.plans.exclude(annex_word_template=""):
        files.append((plan.annex_word_template.storage, plan.annex_word_template.name))
    return files


def council_deletion_summary(council) -> WhatGoes:
    members = _members(council).count()
    only_here = _only_here(council).count()
    return WhatGoes(
        plans=ImprovementPlan.objects.filter(council=council).count(),
        actions=Action.objects.filter(plan__council=council).count(),
        updates=ProgressUpdate.objects.filter(action__plan__council=council).count(),
        rounds=ReportingRound.objects.filter(plan__council=council).count(),
        members=members,
        accounts_deleted=only_here,
        accounts_kept=members - only_here,
        files=len(_stored_files(council)),
    )


@transaction.atomic
def council_delete(*, council) -> None:
    files = _stored_files(council)
    leaving = list(_only_here(council).values_list("pk", "username", "email"))
    job_ids = {str(pk) for pk in Job.objects.filter(council=council).values_list("pk", flat=True)}
    sign_in = getattr(council, "sign_in", None)
    provider_id = sign_in.provider_id if sign_in else None
    # Which objects' history goes, found while the rows still say whose they are.
    object_ids = {
        model: set(council_history(model, council).values_list("id", flat=True))
        for model in tracked_models()
    }

    council.delete()  # the rows of the council cascade: plans, actions, updates, rounds, jobs…
    get_user_model().objects.filter(pk__in=[pk for pk, _, _ in leaving]).delete()
    if provider_id:
        SocialApp.objects.filter(provider_id=provider_id).delete()
        SocialAccount.objects.filter(provider=provider_id).delete()
    for model, ids in object_ids.items():
        rows = model.history.model.objects.filter(id__in=ids)
        if model is get_user_model():
            # people who stay keep their own history; the council's part of it was its membership
            rows = rows.filter(id__in=[pk for pk, _, _ in leaving])
        rows.delete()
    names = [name for _, username, email in leaving for name in (username, email) if name]
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__in=names).delete()
    DBTaskResult.objects.filter(args_kwargs__kwargs__job_id__in=job_ids).delete()

    def remove_files():
        for storage, name in files:
            storage.delete(name)
        _remove_empty_folders(files)

    transaction.on_commit(remove_files)


def _remove_empty_folders(files) -> None:
    """Folders named after the council (evidence/<council>/, jobs/<council>/) go once empty. A
    bucket has no folders; a folder still holding anything stays."""
    folders = set()
    for storage, name in files:
        if not isinstance(storage, FileSystemStorage):
            continue  # a bucket: no folders to leave behind
        root, path = Path(storage.location).resolve(), Path(storage.path(name)).resolve()
        folders |= {parent for parent in path.parents if root in parent.parents}
    for folder in sorted(folders, key=lambda folder: len(folder.parts), reverse=True):
        try:
            folder.rmdir()  # only an empty folder is removed
        except OSError:
            pass
