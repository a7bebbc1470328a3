from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.mfa import must_use_second_factor, second_factor_remove


class Command(BaseCommand):
    help = (
        "Turn off a person's second factor (a lost phone and no recovery codes left). They set "
        "it up again at their next sign-in if their role needs it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account has the username {username!r}.")
        second_factor_remove(user)
        again = (
            " They will set it up again when they next sign in."
            if must_use_second_factor(user)
            else ""
        )
        self.stdout.write(f"{username}'s second factor is off.{again}")
