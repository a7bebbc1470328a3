"""Writes of evidence files: hold what an officer chose on the update form, let them take a held
file back, and attach what is held to the update when it is saved."""

import hashlib
import os
import unicodedata

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .file_types import ACCEPTED_IN_WORDS, Refused, recognise
from .models import EvidenceFile

HEAD_BYTES = 64 * 1024  # office files name their parts near the start of the zip


class EvidenceRefused(ValueError):
    """A file not taken, with the reason naming the file."""


def shown_name(uploaded_name: str) -> str:
    """The name to show and download under: no folders, no control characters, not too long."""
    name = os.path.basename(uploaded_name.replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[:190]}.{extension[:8]}" if dot else name[:200]
    return name or "evidence"


def evidence_hold(*, action, user, uploaded) -> EvidenceFile:
    """Check one uploaded file and keep it for the user's next update of the action."""
    name = shown_name(uploaded.name)
    limit = settings.EVIDENCE_MAX_BYTES
    if uploaded.size > limit:
        raise EvidenceRefused(
            f"{name} is {uploaded.size / 1e6:.1f} MB: a file must be {limit // 10**6} MB or smaller"
        )
    if uploaded.size == 0:
        raise EvidenceRefused(f"{name} is empty")
    if EvidenceFile.objects.held_for(user, action).count() >= settings.EVIDENCE_MAX_FILES:
        raise EvidenceRefused(
            f"{name} was not added: an update can have up to {settings.EVIDENCE_MAX_FILES} files"
        )
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    try:
        recognised = recognise(head, uploaded, name)
    except Refused as refusal:
        raise EvidenceRefused(
            f"{name} was not added: {refusal}. Attach a {ACCEPTED_IN_WORDS} file"
        ) from None
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    evidence = EvidenceFile(
        action=action,
        uploaded_by=user,
        original_name=name,
        content_type=recognised.content_type,
        kind=recognised.kind,
        size=uploaded.size,
        sha256=digest.hexdigest(),
    )
    evidence.file.save("evidence", uploaded, save=False)
    evidence.save()
    return evidence


def evidence_release(*, action, user, evidence_id) -> str | None:
    """Take back a held file (never one already attached). The name it had, or None."""
    evidence = EvidenceFile.objects.held_for(user, action).filter(pk=evidence_id).first()
    if evidence is None:
        return None
    evidence.file.delete(save=False)
    evidence.delete()
    return evidence.original_name


def evidence_attach_held(*, update, user) -> int:
    """Attach the files the user held for the action to its saved update (each save is
    recorded in the audit trail)."""
    with transaction.atomic():
        held = list(EvidenceFile.objects.held_for(user, update.action).select_for_update())
        for evidence in held:
            evidence.update = update
            evidence.save(update_fields=["update"])
        return len(held)


def evidence_release_abandoned(*, older_than) -> int:
    """Remove held files chosen longer ago than `older_than` whose update was never saved.
    Safe to repeat: a file already gone is not counted again."""
    removed = 0
    cutoff = timezone.now() - older_than
    for evidence in EvidenceFile.objects.filter(update__isnull=True, uploaded_at__lt=cutoff):
        evidence.file.delete(save=False)
        evidence.delete()
        removed += 1
    return removed
