from django import forms
from django.contrib import admin
from django.utils import timezone

from core.history import history_bulk_record
from councils.admin_scoping import CouncilScopedAdmin, ScopedHistoryAdmin

from .models import Action, ProgressUpdate
from .services import progress_update_create


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.not_overdue()
        return queryset


class ActionAdminForm(forms.ModelForm):
    """The admin builds the fields; this adds the cross-plan check Django cannot see on M2M."""

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        wrong = [r for r in cleaned.get("recommendations") or [] if plan and r.plan_id != plan.pk]
        if wrong:
            self.add_error(
                "recommendations",
                f"Choose recommendations of this action's plan: {', '.join(r.ref for r in wrong)} "
                "belong to another plan.",
            )
        return cleaned


class SubActionInline(admin.TabularInline):
    model = Action
    fk_name = "parent"
    extra = 0
    fields = ["written_ref", "ref", "title", "lead_officer", "target_text", "status", "position"]
    readonly_fields = ["status"]
    show_change_link = True
    verbose_name = "sub-action"
    verbose_name_plural = "sub-actions"


class ProgressUpdateInline(admin.TabularInline):
    """The action's history, newest first. Updates are never edited, so all of it is read-only."""

    model = ProgressUpdate
    extra = 0
    can_delete = False
    fields = ["as_at", "status", "previous_status", "narrative", "author_name", "recorded_at"]
    readonly_fields = fields
    ordering = ["-as_at", "-recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(ScopedHistoryAdmin, CouncilScopedAdmin):
    form = ActionAdminForm
    list_display = [
        "ref",
        "short_title",
        "plan",
        "theme",
        "lead_officer",
        "target_text",
        "status_text",
        "overdue",
        "status_as_at",
    ]
    list_display_links = ["ref", "short_title"]
    list_filter = [
        ("plan__council", admin.RelatedOnlyFieldListFilter),
        ("plan", admin.RelatedOnlyFieldListFilter),
        ("theme", admin.RelatedOnlyFieldListFilter),
        "status",
        OverdueFilter,
    ]
    list_select_related = ["plan__council", "theme"]
    search_fields = ["ref", "written_ref", "title", "detail", "lead_officer", "target_text"]
    autocomplete_fields = ["recommendations", "owners", "parent"]
    readonly_fields = [
        "status",
        "status_as_at",
        "original_target_text",
        "original_target_date",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "plan",
                    "theme",
                    "parent",
                    "written_ref",
                    "ref",
                    "title",
                    "detail",
                    "position",
                ]
            },
        ),
        ("Recommendations answered", {"fields": ["recommendations", "recommendations_as_written"]}),
        ("Who", {"fields": ["lead_officer", "owners"]}),
        (
            "Target date",
            {
                "fields": [
                    "target_text",
                    "target_date",
                    "target_ongoing",
                    "original_target_text",
                    "original_target_date",
                ],
                "description": "Type the target date as the plan writes it; the date and "
                "“ongoing” are read from it when it changes.",
            },
        ),
        ("Progress", {"fields": ["status", "status_as_at", "created_at", "updated_at"]}),
    ]
    inlines = [SubActionInline, ProgressUpdateInline]

    @admin.display(description="title", ordering="title")
    def short_title(self, action):
        return action.title if len(action.title) <= 90 else f"{action.title[:88]}…"

    @admin.display(description="status", ordering="status")
    def status_text(self, action):
        return action.plan.status_label(action.status)

    @admin.display(description="overdue", boolean=True)
    def overdue(self, action):
        return action.is_overdue()

    def save_model(self, request, obj, form, change):
        if "target_text" in form.changed_data and "target_date" not in form.changed_data:
            obj.set_target(obj.target_text)
        # One history row for the whole edit, once its links are saved too (save() and each
        # change of links would record one apiece).
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        del form.instance.skip_history_when_saving
        history_bulk_record(
            [form.instance], model=Action, user=request.user, reason=None, created=not change
        )

    def save_formset(self, request, form, formset, change):
        for sub_action in formset.save(commit=False):
            if isinstance(sub_action, Action):
                sub_action.plan = form.instance.plan
                sub_action.theme = sub_action.theme or form.instance.theme
                sub_action.set_target(sub_action.target_text)
            sub_action.save()
        for removed in formset.deleted_objects:
            removed.delete()
        formset.save_m2m()


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(CouncilScopedAdmin):
    """Updates are appended through the same service the officers' pages use; never changed."""

    list_display = ["action", "as_at", "status", "previous_status", "author_name", "recorded_at"]
    list_filter = [("action__plan__council", admin.RelatedOnlyFieldListFilter), "status"]
    search_fields = ["action__ref", "action__title", "narrative", "evidence", "author_name"]
    list_select_related = ["action"]
    autocomplete_fields = ["action"]
    date_hierarchy = "as_at"
    fields = [
        "action",
        "status",
        "as_at",
        "narrative",
        "evidence",
        "evidence_links",
        "revised_target_text",
        "revision_reason",
    ]

    def get_changeform_initial_data(self, request):
        return {"as_at": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*self.fields, "previous_status", "author_name", "recorded_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [*self.fields, "previous_status", "author_name", "recorded_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = progress_update_create(
            action=obj.action,
            author=request.user,
            status=obj.status,
            narrative=obj.narrative,
            evidence=obj.evidence,
            evidence_links=obj.evidence_links,
            as_at=obj.as_at,
            revised_target_text=obj.revised_target_text,
            revision_reason=obj.revision_reason,
        )
        obj.pk, obj._state = saved.pk, saved._state
