"""How the audit trail is recorded: django-simple-history, with a few rules of our own.

Each tracked model has a history table of whole rows; before → after is the difference between an
object's consecutive rows. Saves that went round `save()` (bulk imports) record theirs with
`history_bulk_record`.
"""

from django.db import models
from simple_history.models import HistoricalRecords
from simple_history.utils import get_history_manager_for_model


class AuditedRecords(HistoricalRecords):
    """History that leaves out saves touching only fields it does not track: a sign-in stamping
    `last_login`, or an action's status brought up to date from its progress updates (those updates
    are the status's history already)."""

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        if not created and self._same_as_last_recorded(instance):
            return  # saved again unchanged (the demo loader, an admin "Save" with no edits)
        super().post_save(instance, created, using=using, **kwargs)

    def _same_as_last_recorded(self, instance) -> bool:
        if password_was_changed(instance):
            return False
        last = getattr(instance, self.manager_name).first()
        if last is None:
            return False
        return all(
            getattr(last, field.attname) == getattr(instance, field.attname)
            for field in self.fields_included(instance)
            if field.attname != "password"
        )

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        """Links changed from the other side (`user.owned_actions.add(action)`) change the actions
        named in `pk_set`; the library would record them against the user instead."""
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        if action in ("post_add", "post_remove") and pk_set:
            for changed in self.cls._default_manager.filter(pk__in=pk_set):
                super().m2m_changed(changed, action, attr, pk_set, False, **kwargs)
        # A reverse clear() names no actions; nothing in the product clears from that side.


class UserHistoryFields(models.Model):
    """The historical user keeps no password hash, only whether the password changed."""

    password_changed = models.BooleanField(default=False)

    class Meta:
        abstract = True


def password_was_changed(user) -> bool:
    # set_password() keeps the new password in `_password` until the save completes; Django
    # clears it itself when it only upgrades a hash at sign-in, which is not a change.
    return getattr(user, "_password", None) is not None


def history_bulk_record(objs, *, model, user, reason: str | None, created: bool) -> None:
    """History rows for objects written in bulk (no save() signals), with their m2m links."""
    objs = list(objs)
    if not objs:
        return
    history = get_history_manager_for_model(model)
    rows = history.bulk_history_create(
        objs, update=not created, default_user=user, default_change_reason=reason
    )
    for field in history.model._history_m2m_fields:
        _m2m_snapshot(history.model, field, rows)


def _m2m_snapshot(history_model, field, rows) -> None:
    """Copy each object's current links into its new history row, as save() would."""
    m2m_history_model = getattr(history_model, field.name).model
    through = field.remote_field.through
    own = through._meta.get_field(field.m2m_field_name()).attname  # "action_id"
    row_for = {getattr(row, field.model._meta.pk.attname): row for row in rows}
    ids = list(row_for)
    for start in range(0, len(ids), 900):  # within SQLite's limit on query parameters
        links = through.objects.filter(**{f"{own}__in": ids[start : start + 900]})
        m2m_history_model.objects.bulk_create(
            [
                m2m_history_model(history=row_for[link[own]], **link)
                for link in links.values(*[f.attname for f in through._meta.fields])
            ],
            batch_size=1000,
        )
