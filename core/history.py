"""How the audit trail is recorded: django-simple-history, with a few rules of our own.

Each tracked model has a history table of whole rows; before → after is the difference between an
object's consecutive rows. Saves that went round `save()` (bulk imports) record theirs with
`history_bulk_record`.
"""

from django.db import connection, models
from django.utils import timezone
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
    """History rows for objects written in bulk; see `history_bulk_record_ids`."""
    history_bulk_record_ids(
        [obj.pk for obj in objs], model=model, user=user, reason=reason, created=created
    )


def history_bulk_record_ids(ids, *, model, user, reason: str | None, created: bool) -> None:
    """History rows for objects written in bulk (no save() signals), with their m2m links: the
    rows `bulk_history_create` would make, copied by the database from the objects' own table
    as they now stand (INSERT … SELECT), which for a 10,000-action import is a few statements
    instead of building and sending every row from Python."""
    ids = sorted(ids)
    if not ids:
        return
    history = get_history_manager_for_model(model).model
    now = timezone.now()
    stamp = [
        connection.ops.adapt_datetimefield_value(now),
        reason or None,
        "+" if created else "~",
        getattr(user, "pk", None),
    ]
    own = {field.attname for field in model._meta.concrete_fields}
    copied = [field.column for field in history._meta.concrete_fields if field.attname in own]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in copied)
    stamp_columns = ", ".join(
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            # Table and column names come from the models; every value is a parameter.
            insert = (
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}, {stamp_columns}) "  # nosec B608  # noqa: S608
                f"SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})"
            )
            cursor.execute(insert, [*stamp, *chunk])
        for field in history._history_m2m_fields:
            _m2m_snapshot(cursor, history, field, ids, stamp[0])


def _m2m_snapshot(cursor, history, field, ids, history_date) -> None:
    """Copy each object's current links into its new history row, as save() would."""
    m2m_history = getattr(history, field.name).model
    through = field.remote_field.through._meta
    own = through.get_field(field.m2m_field_name()).column  # "action_id"
    other = through.get_field(field.m2m_reverse_field_name()).column  # "recommendation_id"
    quote = connection.ops.quote_name
    history_pk = quote(history._meta.pk.column)
    link_pk = quote(through.pk.column)  # the history keeps the link's own id too
    for chunk in _chunks(ids):
        insert = (
            f"INSERT INTO {quote(m2m_history._meta.db_table)} "  # nosec B608  # noqa: S608
            f"({link_pk}, {quote(own)}, {quote(other)}, {quote('history_id')}) "
            f"SELECT link.{link_pk}, link.{quote(own)}, link.{quote(other)}, row.{history_pk} "
            f"FROM {quote(through.db_table)} link JOIN {quote(history._meta.db_table)} row "
            f"ON row.{quote(field.model._meta.pk.column)} = link.{quote(own)} "
            f"WHERE row.{quote('history_date')} = %s "
            f"AND link.{quote(own)} IN ({', '.join(['%s'] * len(chunk))})"
        )
        cursor.execute(insert, [history_date, *chunk])


def _chunks(ids, size=900):  # within SQLite's limit on query parameters
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
