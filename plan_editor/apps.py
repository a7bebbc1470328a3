from django.apps import AppConfig


class PlanEditorConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plan_editor"
    verbose_name = "Coordinators' plan pages"
