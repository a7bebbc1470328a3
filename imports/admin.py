"""The plan's admin page, with the importer's import, export and template pages added. Plans
sit on a floor below the importer, so the importer extends their admin, not the other way."""

from django.contrib import admin

from plans.admin import ImprovementPlanAdmin
from plans.models import ImprovementPlan

from .admin_views import PlanSpreadsheetAdminMixin

admin.site.unregister(ImprovementPlan)


@admin.register(ImprovementPlan)
class ImprovementPlanWithSpreadsheetsAdmin(PlanSpreadsheetAdminMixin, ImprovementPlanAdmin):
    pass
