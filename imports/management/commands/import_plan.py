"""import_plan PATH --council SLUG --plan SLUG [--title] [--sheet] [--map H=f]... [--dry-run]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from councils.models import Council
from imports.columns import MAPPABLE_FIELDS
from imports.importer import CREATED, UPDATED, plan_import, remembered_heading_forget
from imports.spreadsheet_files import MAX_FILE_BYTES


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """ "Heading=field" pairs (a column letter works as the heading too)."""
    mapping = {}
    for pair in pairs:
        heading, sep, field = pair.rpartition("=")
        field = field.strip().lower()
        if not sep or not heading.strip():
            raise CommandError(f'--map "{pair}" should read "Heading=field".')
        if field not in MAPPABLE_FIELDS:
            raise CommandError(
                f"--map: “{field}” is not a field. Use one of: {', '.join(MAPPABLE_FIELDS)}."
            )
        mapping[heading.strip()] = field
    return mapping


def progress_bar(stream, width: int = 30):
    """Draw "Importing [#####-----] 5,000 of 10,000 rows" on a terminal, redrawn in place."""

    def draw(done: int, total: int) -> None:
        if total < 200 or (done % 100 and done != total):
            return
        filled = width * done // max(total, 1)
        stream.write(
            f"\rImporting [{'#' * filled}{'-' * (width - filled)}] {done:,} of {total:,} rows"
        )
        if done == total:
            stream.write("\n")
        stream.flush()

    return draw


class Command(BaseCommand):
    help = (
        "Import (or update) a council's plan from an xlsx or CSV file. Writes nothing on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--plan", required=True, help="the plan's slug")
        parser.add_argument("--title", help="the plan's title, to create it if it is new")
        parser.add_argument("--sheet", help="the sheet to read (the first with a header if not)")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADING=FIELD",
            help=f"read a column as a field: {', '.join(MAPPABLE_FIELDS)}",
        )
        parser.add_argument(
            "--forget",
            action="append",
            default=[],
            metavar="HEADING",
            help="stop reading a heading as an earlier import was told to",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"{path} is over {MAX_FILE_BYTES // 1024 // 1024} MB.")
        council = Council.objects.filter(slug=options["council"]).first()
        if council is None:
            raise CommandError(f"There is no council “{options['council']}”.")
        for heading in options["forget"]:
            forgotten = remembered_heading_forget(council=council, heading=heading)
            self.stdout.write(
                f"Forgot how “{heading}” was read."
                if forgotten
                else f"“{heading}” was not remembered."
            )
        stream = sys.stderr
        report = plan_import(
            council=council,
            plan_slug=options["plan"],
            plan_title=options["title"],
            data=path.read_bytes(),
            filename=path.name,
            sheet=options["sheet"],
            mapping=parse_mapping(options["map"]),
            dry_run=options["dry_run"],
            progress=progress_bar(stream) if stream.isatty() else None,
        )
        if report.sheet:
            self.stdout.write(f"Sheet “{report.sheet}”, header on row {report.header_row}.")
        for column in report.columns:
            if column.heading and column.field is None:
                self.stdout.write(f"Ignored {column.describe} (map it with --map).")
            elif column.remembered:
                self.stdout.write(
                    f"Read {column.describe} as {column.field_label.lower()}, as chosen at an "
                    f'earlier import (--forget "{column.heading}" to stop).'
                )
        for note in report.notes:
            self.stdout.write(note)
        for outcome in report.outcomes:
            if outcome.change in (CREATED, UPDATED):
                details = f" ({', '.join(outcome.details)})" if outcome.details else ""
                self.stdout.write(
                    f"Row {outcome.sheet_row}: {outcome.change} {outcome.ref}{details}"
                )
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(report.summary())
        if report.errors:
            raise CommandError("Nothing was imported: correct the errors above and try again.")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
