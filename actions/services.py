"""Writes to actions and their progress. Views, the admin, imports and demo data all come here."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from .models import Action, ProgressUpdate
from .status import Status, rollup


def progress_update_create(
    *,
    action: Action,
    author,
    status: Status | str,
    narrative: str = "",
    evidence: str = "",
    evidence_links: str = "",
    as_at: date | None = None,
    revised_target_text: str = "",
    revision_reason: str = "",
    recorded_at: datetime | None = None,
) -> ProgressUpdate:
    """Record one update, then bring the action's stored status (and its parent's) up to date."""
    (update,) = progress_updates_append(
        action=action,
        author=author,
        entries=[
            {
                "status": status,
                "narrative": narrative,
                "evidence": evidence,
                "evidence_links": evidence_links,
                "as_at": as_at,
                "revised_target_text": revised_target_text,
                "revision_reason": revision_reason,
                "recorded_at": recorded_at,
            }
        ],
    )
    return update


@transaction.atomic
def progress_updates_append(*, action: Action, author, entries: list[dict]) -> list[ProgressUpdate]:
    """Append updates in the order given (oldest first), all or none, and refresh the status once.

    Each entry holds ProgressUpdate fields; `status` is required, `as_at` defaults to today and
    `recorded_at` to now.
    """
    action = Action.objects.select_for_update().get(pk=action.pk)
    author = author if author is not None and author.is_authenticated else None
    previous = action.status
    updates = []
    for entry in entries:
        update = ProgressUpdate(
            action=action,
            status=Status(entry["status"]),
            previous_status=previous,
            narrative=entry.get("narrative", ""),
            evidence=entry.get("evidence", ""),
            evidence_links=entry.get("evidence_links", ""),
            as_at=entry.get("as_at") or timezone.localdate(),
            author=author,
            author_name=_display_name(author),
            recorded_at=entry.get("recorded_at") or timezone.now(),
            revised_target_text=(entry.get("revised_target_text") or "").strip(),
            revision_reason=entry.get("revision_reason", ""),
        )
        update.full_clean(exclude=["action"])
        updates.append(update)
        previous = update.status
    ProgressUpdate.objects.bulk_create(updates)
    for update in updates:
        if update.revised_target_text:
            action_revise_target(action=action, text=update.revised_target_text)
    action_refresh_status(action=action)
    return updates


def action_revise_target(*, action: Action, text: str) -> None:
    """Move the target date, keeping the first one the plan promised."""
    if not action.target_revised:
        action.original_target_text = action.target_text
        action.original_target_date = action.target_date
    action.set_target(text)
    action.save(
        update_fields=[
            "target_text",
            "target_date",
            "target_ongoing",
            "original_target_text",
            "original_target_date",
            "updated_at",
        ]
    )


def action_refresh_status(*, action: Action) -> None:
    """Store the latest update's status on the action; a parent with none rolls up its children."""
    latest = action.updates.order_by("-as_at", "-recorded_at", "-id").first()
    if latest is not None:
        action.status, action.status_as_at = latest.status, latest.as_at
    else:
        children = list(action.children.values_list("status", "status_as_at"))
        action.status = rollup(status for status, _ in children)
        action.status_as_at = max((as_at for _, as_at in children if as_at), default=None)
    action.save(update_fields=["status", "status_as_at", "updated_at"])
    if action.parent_id:
        action_refresh_status(action=action.parent)


def _display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""
