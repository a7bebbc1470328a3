from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plans.models import ImprovementPlan
from reports.annex import annex_pdf
from reports.options import CoverDetails, ReportOptions
from reports.pdf import RenderLimitExceeded
from reports.plan_report import plan_report_build
from reports.word_annex import annex_docx


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date written YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Render a plan's committee annex, as the annex page downloads it: a PDF, or a Word "
        "document when the output file ends .docx."
    )

    def add_arguments(self, parser):
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--plan", required=True, help="the plan's slug")
        parser.add_argument("--as-at", type=iso_date, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--since", type=iso_date, help="compare with this earlier date")
        parser.add_argument("--committee", default="", help='e.g. "Executive"')
        parser.add_argument("--meeting-date", type=iso_date, help="YYYY-MM-DD")
        parser.add_argument("--annex-label", default="Annex", help='e.g. "Annex 2"')
        parser.add_argument("--leave-out-completed", action="store_true")
        parser.add_argument(
            "--output", required=True, type=Path, help="the .pdf or .docx file to write"
        )

    def handle(self, *args, **options):
        plan = (
            ImprovementPlan.objects.select_related("council")
            .filter(council__slug=options["council"], slug=options["plan"])
            .first()
        )
        if plan is None:
            raise CommandError(f"No plan {options['plan']!r} in council {options['council']!r}.")
        as_at = options["as_at"] or timezone.localdate()
        since = options["since"]
        if since and since >= as_at:
            raise CommandError("--since must be before --as-at.")
        output = options["output"]
        if output.suffix.lower() not in (".pdf", ".docx"):
            raise CommandError("--output must name a .pdf or a .docx file.")
        report_options = ReportOptions(
            as_at=as_at, since=since, include_completed=not options["leave_out_completed"]
        )
        cover = CoverDetails(
            committee=options["committee"],
            meeting_date=options["meeting_date"],
            annex_label=options["annex_label"],
        )
        if output.suffix.lower() == ".docx":
            report = plan_report_build(plan=plan, options=report_options)
            content = annex_docx(report=report, cover=cover)
        else:
            try:
                content = annex_pdf(plan=plan, options=report_options, cover=cover)
            except RenderLimitExceeded as problem:
                raise CommandError(f"The annex could not be printed: {problem}.") from None
        output.write_bytes(content)
        self.stdout.write(f"Wrote {output} ({len(content):,} bytes).")
