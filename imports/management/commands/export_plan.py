"""python manage.py export_plan --council SLUG --plan SLUG --output PATH (.xlsx or .csv)"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.exporting import export_csv, export_xlsx
from plans.models import ImprovementPlan


class Command(BaseCommand):
    help = "Write a plan as the import template: xlsx or CSV, by the output file's extension."

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--plan", required=True, help="the plan's slug")
        parser.add_argument("--output", required=True, help="a .xlsx or .csv file to write")

    def handle(self, *args, **options):
        output = Path(options["output"])
        writers = {".xlsx": export_xlsx, ".csv": export_csv}
        writer = writers.get(output.suffix.lower())
        if writer is None:
            raise CommandError("--output must end in .xlsx or .csv.")
        plan = ImprovementPlan.objects.filter(
            council__slug=options["council"], slug=options["plan"]
        ).first()
        if plan is None:
            raise CommandError(
                f"There is no plan “{options['plan']}” in council “{options['council']}”."
            )
        output.write_bytes(writer(plan))
        self.stdout.write(f"Wrote {plan.actions.count()} actions to {output}.")
