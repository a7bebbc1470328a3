from django.contrib import admin

from councils.admin_scoping import CouncilScopedAdmin, ScopedHistoryAdmin

from .models import ImprovementPlan, Recommendation, Theme


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["number", "title", "position"]


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(ScopedHistoryAdmin, CouncilScopedAdmin):
    """The importer (a floor up) adds its import, export and template pages: imports/admin.py."""

    list_display = ["title", "council", "source", "adopted_on", "grouping"]
    list_filter = [("council", admin.RelatedOnlyFieldListFilter), "source"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["council"]
    inlines = [ThemeInline]


@admin.register(Theme)
class ThemeAdmin(ScopedHistoryAdmin, CouncilScopedAdmin):
    list_display = ["number", "title", "plan"]
    list_filter = [
        ("plan__council", admin.RelatedOnlyFieldListFilter),
        ("plan", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["number", "title", "description"]
    list_select_related = ["plan__council"]


@admin.register(Recommendation)
class RecommendationAdmin(ScopedHistoryAdmin, CouncilScopedAdmin):
    list_display = ["ref", "title", "plan", "theme"]
    list_filter = [
        ("plan__council", admin.RelatedOnlyFieldListFilter),
        ("plan", admin.RelatedOnlyFieldListFilter),
        ("theme", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["ref", "title", "text"]
    list_select_related = ["plan__council", "theme"]
