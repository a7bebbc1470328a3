"""Scheduled work of evidence files."""

from datetime import timedelta

from django.conf import settings

from jobs.schedule import scheduled

from .services import evidence_release_abandoned


@scheduled(every=timedelta(hours=6))
def remove_abandoned_evidence() -> str:
    """Files chosen for an update never saved go after EVIDENCE_HOLD_DAYS (the draft's text stays
    until its author saves or starts again)."""
    removed = evidence_release_abandoned(older_than=timedelta(days=settings.EVIDENCE_HOLD_DAYS))
    return f"{removed} evidence files held for updates never saved removed"
