from django.core.management.base import BaseCommand, CommandError

from api.tokens import api_token_create
from councils.models import Council


class Command(BaseCommand):
    help = "Make an API token for one council and print it (it is shown this once only)."

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="The council's slug, e.g. york.")
        parser.add_argument("--name", required=True, help="What the token is for.")

    def handle(self, *args, council, name, **options):
        found = Council.objects.filter(slug=council).first()
        if found is None:
            raise CommandError(f"No council has the slug {council!r}.")
        if not name.strip():
            raise CommandError("Give the token a name: what it is for.")
        token, raw = api_token_create(council=found, name=name)
        self.stderr.write(f"Token {token.pk} for {found.name} ({token.name}). Keep it safe:")
        self.stdout.write(raw)
