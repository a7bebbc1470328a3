"""Admin pages that show a coordinator only their own councils' rows.

Site administrators see everything. A coordinator with staff access sees, adds and changes the rows
of the councils they coordinate, and related-object choices offer only those councils' rows.
Other members have no admin access.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .models import Council
from .permissions import Can, roles_that


def coordinated_councils(user):
    return Council.objects.for_user(user, roles=roles_that(Can.BUILD_PLANS))


class NotFoundOutsideScope:
    """Another council's row must look exactly like one that does not exist: a plain 404, not
    the admin's redirect with a message that echoes the id back."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404(f"No {opts.verbose_name} here.")


class CouncilScopedAdmin(NotFoundOutsideScope, admin.ModelAdmin):
    def _may_use_admin(self, request) -> bool:
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and (user.is_superuser or coordinated_councils(user).exists())
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{_scope_lookup(self.model): coordinated_councils(request.user)})

    def _in_scope(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return self._may_use_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._may_use_admin(request) and self._in_scope(request, obj)

    def has_add_permission(self, request):
        return self._may_use_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._may_use_admin(request) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_use_admin(request) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped_choices(db_field.related_model, request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped_choices(db_field.related_model, request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedHistoryAdmin(SimpleHistoryAdmin):
    """An object's history (who, when, before → after), for those who may see the object.

    Put it before the scoped admin class: the history of another council's object is not found,
    as its change page is not, and a past version is only shown, never saved back.
    """

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._visible_or_404(request, object_id)
        if request.method != "GET":
            raise PermissionDenied("Past versions cannot be restored.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _visible_or_404(self, request, object_id) -> None:
        try:
            found = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValidationError, ValueError):
            found = False
        if not found:
            raise Http404


def scoped_choices(model, user):
    """The rows of `model` a user may pick in a form: only their own councils'."""
    queryset = model._default_manager.all()
    if user.is_superuser:
        return queryset
    councils = coordinated_councils(user)
    if model is get_user_model():
        return queryset.filter(memberships__council__in=councils).distinct()
    return queryset.filter(**{_scope_lookup(model): councils})


def _scope_lookup(model) -> str:
    """Each council-owned model names the path to its council as `council_path`."""
    path = model.council_path
    return f"{path}__in" if path else "pk__in"
