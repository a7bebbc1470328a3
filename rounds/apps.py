from django.apps import AppConfig


class RoundsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rounds"
    verbose_name = "Reporting rounds"

    def ready(self):
        from . import latest  # noqa: F401  (connects the receivers that keep LatestUpdate)
