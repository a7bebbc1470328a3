from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.plans import load_demo
from demo.rounds import load_demo_rounds


class Command(BaseCommand):
    help = (
        "Load the three demo councils, their plans and reporting rounds, and the demo users. "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo users have public passwords: refusing to load them on this site "
                "(DEMO_DATA_ALLOWED is off in production settings)."
            )
        with transaction.atomic():
            users = load_demo()
            load_demo_rounds()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with:"))
        width = max(len(user.username) for user in users)
        for user in users:
            self.stdout.write(
                f"  {user.username:<{width}}  password {user.password:<24} "
                f"{user.role} ({user.council})"
            )
