import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.sso import callback_address, sso_configure
from councils.models import Council


class Command(BaseCommand):
    help = (
        "Set a council's own OpenID Connect provider. The client secret is read from the "
        "environment variable SSO_CLIENT_SECRET, never from the command line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="The council's slug.")
        parser.add_argument("--issuer", required=True, help="The provider's issuer URL.")
        parser.add_argument("--client-id", required=True)
        parser.add_argument(
            "--domain", action="append", required=True, help="An email domain it answers for."
        )
        passwords = parser.add_mutually_exclusive_group()
        passwords.add_argument(
            "--no-passwords", action="store_true", help="Members may no longer use passwords."
        )
        passwords.add_argument(
            "--allow-passwords", action="store_true", help="Members may use passwords too."
        )

    def handle(self, *args, council, issuer, client_id, domain, **options):
        found = Council.objects.filter(slug=council).first()
        if found is None:
            raise CommandError(f"No council has the slug {council!r}.")
        password_sign_in = (
            False if options["no_passwords"] else True if options["allow_passwords"] else None
        )
        try:
            sign_in = sso_configure(
                council=found,
                issuer=issuer,
                client_id=client_id,
                domains=domain,
                client_secret=os.environ.get("SSO_CLIENT_SECRET", ""),
                password_sign_in=password_sign_in,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(
            f"{found} signs in through {issuer} for {', '.join(sign_in.email_domains)}.\n"
            f"Register this redirect address with the provider: {callback_address(sign_in)}\n"
            f"Intranet link: {callback_address(sign_in, start=True)}"
        )
