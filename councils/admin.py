from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from .admin_scoping import (
    CouncilScopedAdmin,
    NotFoundOutsideScope,
    ScopedHistoryAdmin,
    coordinated_councils,
)
from .models import Council, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Council)
class CouncilAdmin(ScopedHistoryAdmin, CouncilScopedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Membership)
class MembershipAdmin(ScopedHistoryAdmin, CouncilScopedAdmin):
    list_display = ["user", "council", "role"]
    list_filter = [("council", admin.RelatedOnlyFieldListFilter), "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    list_select_related = ["user", "council"]
    autocomplete_fields = ["user"]


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)  # roles are council memberships, not Django groups


@admin.register(User)
class CouncilUserAdmin(ScopedHistoryAdmin, NotFoundOutsideScope, UserAdmin):
    """Site administrators manage accounts; a coordinator may look up their councils' members."""

    history_list_display = ["password_changed"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            memberships__council__in=coordinated_councils(request.user)
        ).distinct()

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        return (
            request.user.is_staff
            and coordinated_councils(request.user).exists()
            and (obj is None or self.get_queryset(request).filter(pk=obj.pk).exists())
        )

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
