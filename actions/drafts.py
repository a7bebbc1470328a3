"""Drafts of progress updates: what a person typed on an action's update form, kept until the
update is saved. Only the form's own fields are kept, and only for the person who typed them."""

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from .models import UpdateDraft

NOT_KEPT = {"csrfmiddlewaretoken", "submit", "remove_file", "files"}
MAX_CHARACTERS = 200_000


def draft_fields(posted: QueryDict, form_fields) -> dict[str, list[str]]:
    """The values of the form's fields in what was sent (date inputs send name_0, name_1…)."""
    names = set(form_fields)
    kept = {}
    for key in posted:
        if key in NOT_KEPT:
            continue
        if key in names or key.rpartition("_")[0] in names:
            kept[key] = [value[:MAX_CHARACTERS] for value in posted.getlist(key)]
    return kept


def draft_save(*, user, action, data: dict[str, list[str]]) -> None:
    if not any(value.strip() for values in data.values() for value in values):
        return
    with transaction.atomic():
        UpdateDraft.objects.update_or_create(
            user=user, action=action, defaults={"data": data, "saved_at": timezone.now()}
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
