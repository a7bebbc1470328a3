from django.core.management.base import BaseCommand

from rounds.emails import round_emails_send_due


class Command(BaseCommand):
    help = (
        "Send every round email that is due (requests, reminders, chasers, returned updates). "
        "Safe to run again: nothing already sent is sent twice."
    )

    def handle(self, *args, **options):
        self.stdout.write(round_emails_send_due().summary())
