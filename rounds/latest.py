"""Keeps `LatestUpdate`: for each round still taking updates, the latest update of each covered
action. Updates are recorded with the actions app's `updates_recorded` signal, or saved one by one
(the admin); either way the affected actions' latest updates are read again from their history,
so an update recorded out of order (a history import) lands where it belongs."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from actions.models import ProgressUpdate
from actions.signals import updates_recorded

from .models import LatestUpdate, ReportingRound
from .selectors import round_updates

BATCH = 1000  # ids per query, well inside every database's limit on parameters


def batched(ids, size=BATCH):
    ids = list(ids)
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def latest_updates_refresh(reporting_round: ReportingRound, action_ids=None) -> None:
    """Store the round's latest update of each of `action_ids` (all its actions if None)."""
    covered = reporting_round.actions.values_list("pk", flat=True)
    if action_ids is None:
        chunks = batched(covered)
    else:
        chunks = [list(covered.filter(pk__in=ids)) for ids in batched(action_ids)]
    for chunk in chunks:
        latest = {}
        for update_id, action_id, decision in (
            round_updates(reporting_round, chunk)
            .order_by("recorded_at", "id")
            .values_list("id", "action_id", "review__decision")
        ):
            latest[action_id] = (update_id, decision or "")
        LatestUpdate.objects.filter(round=reporting_round, action_id__in=chunk).exclude(
            action_id__in=latest
        ).delete()
        LatestUpdate.objects.bulk_create(
            [
                LatestUpdate(
                    round=reporting_round,
                    action_id=action_id,
                    update_id=update_id,
                    decision=decision,
                )
                for action_id, (update_id, decision) in latest.items()
            ],
            update_conflicts=True,
            unique_fields=["round", "action"],
            update_fields=["update", "decision"],
        )


def rounds_taking_updates(action_ids) -> list[ReportingRound]:
    """Rounds covering any of the actions whose reports are not yet frozen."""
    found = {}
    for ids in batched(action_ids):
        rounds = ReportingRound.objects.filter(actions__in=ids, frozen_at__isnull=True)
        found.update((r.pk, r) for r in rounds.distinct())
    return list(found.values())


@receiver(updates_recorded)
def updates_recorded_received(sender, action_ids, **kwargs):
    action_ids = list(dict.fromkeys(action_ids))
    for reporting_round in rounds_taking_updates(action_ids):
        latest_updates_refresh(reporting_round, action_ids)


@receiver(post_save, sender=ProgressUpdate)
def update_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        updates_recorded_received(sender, [instance.action_id])
