"""run_scheduled: what cron or a systemd timer runs every few minutes."""

from django.core.management.base import BaseCommand

from jobs.schedule import run_due, scheduled_work


class Command(BaseCommand):
    help = (
        "Run the scheduled work that is due (reminders, clean-up, recovering stopped jobs). "
        "Safe to run often and from several machines at once: each piece runs once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="list the scheduled work")
        parser.add_argument("--only", help="run only work whose name contains this")

    def handle(self, *args, **options):
        if options["list"]:
            for work in scheduled_work():
                self.stdout.write(f"{work.name}: every {work.every}")
            return
        done = run_due(only=options["only"])
        if options["verbosity"] == 0:
            return
        for name, outcome in done:
            self.stdout.write(f"{name}: {outcome}")
        if not done:
            self.stdout.write("Nothing was due.")
