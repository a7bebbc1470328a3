"""Writes to actions and their progress. Views, the admin, imports and demo data all come here."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from plans.status import Status, rollup

from .models import Action, ProgressUpdate, RequestState, TargetDateRequest
from .signals import updates_recorded
from .target_dates import parse_target_date


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
    percent_complete: int | None = None,
    confidence: str = "",
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
                "percent_complete": percent_complete,
                "confidence": confidence,
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
            percent_complete=entry.get("percent_complete"),
            confidence=entry.get("confidence", ""),
        )
        if update.status == Status.COMPLETE:
            update.percent_complete = 100
        update.full_clean(exclude=["action"])
        updates.append(update)
        previous = update.status
    ProgressUpdate.objects.bulk_create(updates)
    updates_recorded.send(sender=ProgressUpdate, action_ids=[action.pk])
    for update in updates:
        if update.revised_target_text:
            action_target_revise(action=action, text=update.revised_target_text)
    action_refresh_status(action=action)
    return updates


def action_target_revise(*, action: Action, text: str, reason: str = "") -> None:
    """Move the target date, keeping the first one the plan promised; a reason given goes in the
    audit trail (a progress update's revision has its own reason on the update)."""
    if reason:
        action._change_reason = reason
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
    """Store the latest update's status on the action; a parent with none rolls up its children.

    Not in the audit trail (the action's history leaves out status fields): progress updates,
    never rewritten, are the status's history, and this derives from them."""
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


@transaction.atomic
def progress_updates_record_many(*, author, entries: list[tuple[Action, dict]]) -> list:
    """One update each for many actions at once (a spreadsheet import), in a handful of queries.

    Each entry is (action, fields) as for `progress_updates_append`. Stored statuses are brought
    up to date as that function would, then the plan's roll-ups.
    """
    author = author if author is not None and author.is_authenticated else None
    now, today = timezone.now(), timezone.localdate()
    updates = [
        ProgressUpdate(
            action=action,
            status=Status(entry["status"]),
            previous_status=action.status,
            narrative=entry.get("narrative", ""),
            as_at=entry.get("as_at") or today,
            author=author,
            author_name=_display_name(author),
            recorded_at=now,
        )
        for action, entry in entries
    ]
    ProgressUpdate.objects.bulk_create(updates, batch_size=1000)
    updates_recorded.send(sender=ProgressUpdate, action_ids=[action.pk for action, _ in entries])
    actions = {action.pk: action for action, _ in entries}
    # An action with nothing reported before takes its new update's status as it is; only
    # the others need their history read to find which update is now the latest.
    latest = {
        update.action.pk: (update.status, update.as_at)
        for update in updates
        if update.action.status_as_at is None
    }
    reported_before = [pk for pk, action in actions.items() if action.status_as_at is not None]
    for action_id, status, as_at in (
        ProgressUpdate.objects.filter(action_id__in=reported_before)
        .order_by("action_id", "-as_at", "-recorded_at", "-id")
        .values_list("action_id", "status", "as_at")
    ):
        latest.setdefault(action_id, (status, as_at))
    for action_id, (status, as_at) in latest.items():
        actions[action_id].status, actions[action_id].status_as_at = status, as_at
    _statuses_store(latest, now)
    for plan_id in {action.plan_id for action in actions.values()}:
        action_statuses_roll_up(plan_id=plan_id)
    return updates


def action_statuses_roll_up(*, plan_id: int) -> None:
    """Bring every roll-up in a plan up to date at once: what `action_refresh_status` does for one
    action and its ancestors, for a plan whose sub-actions changed in bulk."""
    rows = {
        pk: (parent_id, status, as_at)
        for pk, parent_id, status, as_at in Action.objects.filter(plan_id=plan_id).values_list(
            "pk", "parent_id", "status", "status_as_at"
        )
    }
    with_updates = set(
        ProgressUpdate.objects.filter(action__plan_id=plan_id)
        .values_list("action_id", flat=True)
        .distinct()
    )
    children: dict[int, list[int]] = {}
    for pk, (parent_id, _, _) in rows.items():
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
    resolved: dict[int, tuple] = {}

    def resolve(pk):
        if pk not in resolved:
            if pk in with_updates:
                resolved[pk] = rows[pk][1:]
            else:
                kids = [resolve(child) for child in children.get(pk, [])]
                resolved[pk] = (
                    rollup(status for status, _ in kids),
                    max((as_at for _, as_at in kids if as_at), default=None),
                )
        return resolved[pk]

    changed = {}
    for pk, (_, status, as_at) in rows.items():
        new_status, new_as_at = resolve(pk)
        if (new_status, new_as_at) != (status, as_at):
            changed[pk] = (new_status, new_as_at)
    _statuses_store(changed, timezone.now())


def _statuses_store(statuses: dict[int, tuple], now) -> None:
    """Store (status, as at) for many actions: one UPDATE per distinct pair, as a plan has few
    (bulk_update's CASE per row is far slower for thousands of rows).

    These plain UPDATEs record no history on purpose: a stored status is derived from progress
    updates, which are themselves the history (see `action_refresh_status`)."""
    by_value: dict[tuple, list[int]] = {}
    for pk, value in statuses.items():
        by_value.setdefault(tuple(value), []).append(pk)
    for (status, as_at), pks in by_value.items():
        for start in range(0, len(pks), 900):  # within SQLite's limit on query parameters
            Action.objects.filter(pk__in=pks[start : start + 900]).update(
                status=status, status_as_at=as_at, updated_at=now
            )


class RequestRefused(ValueError):
    """A target date request cannot be made or decided as asked; the message says why."""


def target_date_request(*, action: Action, user, asked_for: str, reason: str) -> TargetDateRequest:
    """An officer asks to move the action's target date. A request still waiting is replaced by
    the new one (kept, marked replaced), so the coordinator decides on what was asked last."""
    asked_for, reason = asked_for.strip(), reason.strip()
    if not reason:
        raise RequestRefused("Explain why the target date needs to move")
    parsed = parse_target_date(asked_for)
    if parsed.date is None and not parsed.ongoing:
        raise RequestRefused("Enter a target date we can read, like “June 2025” or “30/06/2025”")
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        TargetDateRequest.objects.select_for_update().filter(
            action=action, state=RequestState.WAITING
        ).update(state=RequestState.REPLACED)
        return TargetDateRequest.objects.create(
            action=action,
            target_text_then=action.target_text,
            asked_for=asked_for,
            reason=reason,
            requested_by=user,
            requested_by_name=_display_name(user),
        )


def target_date_decide(
    *,
    date_request: TargetDateRequest,
    agreed: bool,
    user,
    committee: str = "",
    meeting_date: date | None = None,
    note: str = "",
) -> TargetDateRequest:
    """Agree or refuse a waiting request, as the coordinator or recording the committee's
    decision at a meeting. Agreed: the target moves, the plan's first date kept. Refused: the
    date stays as it is."""
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        locked = (
            TargetDateRequest.objects.select_for_update()
            .select_related("action__plan")
            .get(pk=date_request.pk)
        )
        if locked.state != RequestState.WAITING:
            raise RequestRefused(
                f"This request has already been decided: {locked.get_state_display().lower()}"
            )
        locked.state = RequestState.AGREED if agreed else RequestState.REFUSED
        locked.decided_by, locked.decided_by_name = user, _display_name(user)
        locked.decided_at = timezone.now()
        locked.committee, locked.meeting_date = committee.strip(), meeting_date
        locked.decision_note = note.strip()
        locked.save()
        if agreed:  # the request returned carries its action as it now stands
            locked.action = (
                Action.objects.select_for_update().select_related("plan").get(pk=locked.action_id)
            )
            action_target_revise(
                action=locked.action,
                text=locked.asked_for,
                reason=f"Rescheduled with approval ({locked.agreed_by}): {locked.reason}",
            )
    return locked
