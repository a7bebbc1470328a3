from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.erasure import ErasureRefused, councils_left_without_coordinator, person_erase


class Command(BaseCommand):
    help = "Erase a person on request: anonymise their account, keeping what they did."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--yes", action="store_true", help="Do it (otherwise say what would go)."
        )
        parser.add_argument(
            "--leave-without-coordinator",
            action="store_true",
            help="Erase even a council's only coordinator (the council is then left with none).",
        )

    def handle(self, *args, username, yes, leave_without_coordinator, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account has the username {username!r}.")
        if not yes:
            self.stdout.write(
                f"{user.get_full_name() or username} <{user.email}> would become anonymous: "
                "name and email removed from the account, its history, their updates' names, "
                "the emails sent to them, every other text that names them and sign-in "
                "records; their sessions ended and files built from their councils' data "
                "removed; memberships ended. Run again with --yes."
            )
            for council in councils_left_without_coordinator(user):
                self.stdout.write(f"{council} would be left with no coordinator.")
            return
        try:
            name = person_erase(user=user, leave_without_coordinator=leave_without_coordinator)
        except ErasureRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(f"{username} is now {name}.")
