from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.erasure import person_erase


class Command(BaseCommand):
    help = "Erase a person on request: anonymise their account, keeping what they did."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--yes", action="store_true", help="Do it (otherwise say what would go)."
        )

    def handle(self, *args, username, yes, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account has the username {username!r}.")
        if not yes:
            self.stdout.write(
                f"{user.get_full_name() or username} <{user.email}> would become anonymous: "
                "name and email removed from the account, its history, their updates' names, "
                "the emails sent to them and sign-in records; memberships ended. "
                "Run again with --yes."
            )
            return
        self.stdout.write(f"{username} is now {person_erase(user=user)}.")
