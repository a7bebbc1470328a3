"""`manage.py export_council york --output york.json`: the council's fixture, and its evidence
files beside it (`council_data.fixture` says what it holds and leaves out)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councils.models import Council

from ...fixture import copy_evidence, council_fixture


class Command(BaseCommand):
    help = "Export one council's data as a JSON fixture (no passwords or second factors)."

    def add_arguments(self, parser):
        parser.add_argument("council", help="the council's slug, e.g. york")
        parser.add_argument("--output", required=True, help="the JSON file to write")

    def handle(self, *args, **options):
        council = Council.objects.filter(slug=options["council"]).first()
        if council is None:
            raise CommandError(f"No council with the slug “{options['council']}”.")
        output = options["output"]
        with open(output, "w", encoding="utf-8") as stream:
            stream.write(council_fixture(council))
        folder = Path(output).with_name(Path(output).stem + "-files")
        copied = copy_evidence(council, folder)
        files = (
            f" and {copied} evidence file{'s' if copied != 1 else ''} to {folder}" if copied else ""
        )
        self.stdout.write(f"Wrote {council.name} to {output}{files}. It holds personal data.")
