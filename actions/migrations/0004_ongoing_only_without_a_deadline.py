"""Target dates naming both a deadline and "ongoing" now have the deadline: re-read the flag."""

from django.db import migrations


def reread_ongoing(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    Action.objects.filter(target_ongoing=True, target_date__isnull=False).update(
        target_ongoing=False
    )


class Migration(migrations.Migration):
    dependencies = [("actions", "0003_history")]

    operations = [migrations.RunPython(reread_ongoing, migrations.RunPython.noop)]
