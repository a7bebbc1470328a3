"""The committee annex: the plan's report as the PDF democratic services put in the pack."""

from django.template.loader import render_to_string
from django.utils.text import slugify

from plans.annex_layout import SUMMARY_SECTIONS, Layout
from plans.models import ImprovementPlan
from plans.status import Status

from .chart import readable_text_colour, status_chart
from .options import CoverDetails, ReportOptions
from .pdf import StaticFilesOnlyFetcher, html_to_pdf
from .plan_report import PlanReport, plan_report_build


def report_context(report: PlanReport) -> dict:
    """What the summary page, the annex and their shared includes need."""
    return {
        "report": report,
        "plan": report.plan,
        "options": report.options,
        "chart": status_chart(report.by_group or [report.totals]),
    }


def annex_html(*, report: PlanReport, cover: CoverDetails, summary_only: bool = False) -> str:
    """The annex in the plan's layout (its sections and columns, in its order);
    `summary_only` prints the cover, the summary and the overdue actions only."""
    status_colours = [
        (status.value, status.style.hex, readable_text_colour(status.style.hex))
        for status in Status
    ]
    layout = Layout(report.plan.annex_layout, sections=SUMMARY_SECTIONS if summary_only else None)
    context = {
        **report_context(report),
        "cover": cover,
        "status_colours": status_colours,
        "layout": layout,
        "layout_has_key": layout.has("key"),
    }
    return render_to_string("reports/annex.html", context)


def annex_pdf(
    *,
    plan: ImprovementPlan,
    options: ReportOptions,
    cover: CoverDetails,
    fetcher: StaticFilesOnlyFetcher | None = None,
) -> bytes:
    report = plan_report_build(plan=plan, options=options)
    return html_to_pdf(annex_html(report=report, cover=cover), fetcher=fetcher)


def annex_filename(
    plan: ImprovementPlan, options: ReportOptions, cover: CoverDetails, suffix: str = "pdf"
) -> str:
    label = slugify(cover.annex_label) or "annex"
    return f"{label}-{plan.council.slug}-{plan.slug}-as-at-{options.as_at:%Y-%m-%d}.{suffix}"
