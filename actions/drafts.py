"""Drafts of progress updates: what a person typed on an action's update form, kept until the
update is saved. Only the form's own fields are kept, and only for the person who typed them.

A form sent after its session ended (signed out in another tab, the working day over) carries a
signed note of who was shown it (`typed_by`): its draft is kept for that person and action only,
in the database, and comes back on the form when they sign in again. Nothing is kept for a
signed-out request without that note, and no draft is ever kept in a browser's session, where the
next person to sign in there would see it."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from .models import UpdateDraft

NOT_KEPT = {"csrfmiddlewaretoken", "submit", "remove_file", "files", "typed_by"}
MAX_CHARACTERS = 50_000  # a field; a whole draft keeps at most MAX_DRAFT_CHARACTERS
MAX_DRAFT_CHARACTERS = 100_000
_SALT = "actions.drafts.typed_by"


def draft_fields(posted: QueryDict, form_fields) -> dict[str, list[str]]:
    """The values of the form's fields in what was sent (date inputs send name_0, name_1…)."""
    names = set(form_fields)
    kept, room = {}, MAX_DRAFT_CHARACTERS
    for key in posted:
        if key in NOT_KEPT:
            continue
        if key in names or key.rpartition("_")[0] in names:
            values = []
            for value in posted.getlist(key)[:10]:
                values.append(value[: min(MAX_CHARACTERS, room)])
                room -= len(values[-1])
            kept[key] = values
    return kept


def typed_by_note(user, action) -> str:
    """The signed note a form carries of who it was shown to, for which action."""
    return signing.dumps({"user": user.pk, "action": action.pk}, salt=_SALT)


def typed_by(note: str, action_id: int) -> int | None:
    """Whose form this was (a user id), if the note is genuine, recent and for this action."""
    max_age = settings.SESSION_COOKIE_AGE + 24 * 60 * 60
    try:
        found = signing.loads(note or "", salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return found.get("user") if found.get("action") == action_id else None


def draft_save(*, user, action, data: dict[str, list[str]]) -> None:
    """Keep `data` as `user`'s draft of `action` (either may be given as an id)."""
    if not any(value.strip() for values in data.values() for value in values):
        return
    who = {"user_id": user} if isinstance(user, int) else {"user": user}
    which = {"action_id": action} if isinstance(action, int) else {"action": action}
    with transaction.atomic():
        UpdateDraft.objects.update_or_create(
            **who, **which, defaults={"data": data, "saved_at": timezone.now()}
        )


def draft_for(user, action) -> UpdateDraft | None:
    return UpdateDraft.objects.filter(user=user, action=action).first()


def draft_as_post(draft: UpdateDraft) -> QueryDict:
    restored = QueryDict(mutable=True)
    for key, values in draft.data.items():
        restored.setlist(key, [str(value) for value in values])
    return restored


def draft_clear(*, user, action) -> None:
    UpdateDraft.objects.filter(user=user, action=action).delete()
