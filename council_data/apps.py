from django.apps import AppConfig


class CouncilDataConfig(AppConfig):
    name = "council_data"
    verbose_name = "A council's own data: the archive, and deleting a council"
