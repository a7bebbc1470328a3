"""What a published round freezes: a snapshot of the plan for the public page, and its files
(the annex in PDF and in Word, the summary, the spreadsheet), made once on the queue and never
again."""

import hashlib

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.text import slugify

from actions.selectors import StatusCount
from core.office_files import UnreadableFile
from jobs.services import JobFailed, JobOutput
from plans.status import Status
from reports.annex import annex_html
from reports.options import CoverDetails, ReportOptions
from reports.pdf import RenderLimitExceeded, html_to_pdf
from reports.plan_report import CountRow, PlanReport, plan_report_build
from reports.spreadsheet import XLSX_TYPE, report_workbook
from reports.word_annex import DOCX_TYPE, annex_docx

from .following import publication_notices_send
from .models import FileKind, PublishedFile, ReportingRound

SNAPSHOT_VERSION = 1


def round_report_options(reporting_round: ReportingRound) -> ReportOptions:
    previous = reporting_round.compared_with
    return ReportOptions(
        as_at=reporting_round.as_at,
        since=previous.as_at if previous and previous.as_at < reporting_round.as_at else None,
        recorded_by=reporting_round.frozen_at,
    )


def round_report(reporting_round: ReportingRound) -> PlanReport:
    return plan_report_build(
        plan=reporting_round.plan, options=round_report_options(reporting_round)
    )


def round_cover(reporting_round: ReportingRound, label: str = "Annex") -> CoverDetails:
    return CoverDetails(
        committee=reporting_round.committee,
        meeting_date=reporting_round.meeting_date,
        annex_label=label,
    )


def snapshot_build(reporting_round: ReportingRound) -> dict:
    """The plan as the round publishes it, in plain JSON: what the public page shows, so later
    changes to the plan or its updates never change a published round."""
    report = round_report(reporting_round)
    return {
        "version": SNAPSHOT_VERSION,
        "as_at": report.options.as_at.isoformat(),
        "since": report.options.since.isoformat() if report.options.since else None,
        "grouped_by": report.grouped_by,
        "key": [status.value for status, _ in report.key],
        "totals": _count_row(report.totals),
        "by_group": [_count_row(row) for row in report.by_group],
        "groups": [
            {
                "heading": group.heading,
                "description": group.description,
                "rows": [_row(row) for row in group.rows],
            }
            for group in report.groups
        ],
    }


def _count_row(row: CountRow) -> dict:
    return {
        "name": row.name,
        "detail": row.detail,
        "total": row.total,
        "counts": {item.status.value: item.count for item in row.counts},
    }


def _row(row) -> dict:
    state, action = row.state, row.state.action
    latest = state.latest
    return {
        "ref": action.shown_ref,
        "title": action.title,
        "parent_ref": row.parent.action.shown_ref if row.parent else "",
        "parent_title": row.parent.action.title if row.parent else "",
        "first_under_parent": row.first_under_parent,
        "span": row.span,
        "lead_officer": action.lead_officer,
        # added after the first rounds were published: their snapshots have none
        "recommendations": [rec.ref for rec in action.recommendations.all()],
        "target_text": state.target_text,
        "original_target_text": state.original_target_text,
        "overdue": state.overdue,
        "status": state.status.value,
        "narrative": latest.narrative if latest else "",
        "evidence": latest.evidence if latest else "",
        "update_as_at": latest.as_at.isoformat() if latest else None,
    }


def snapshot_key(snapshot: dict) -> list[Status]:
    return [Status(value) for value in snapshot["key"]]


def snapshot_count_rows(counts: list[dict], plan, key: list[Status]) -> list[CountRow]:
    """Count rows of a snapshot, back in the shape the report templates and chart draw."""
    rows = []
    for row in counts:
        total = row["total"]
        rows.append(
            CountRow(
                row["name"],
                [
                    StatusCount(
                        status,
                        plan.status_label(status),
                        n := row["counts"].get(status.value, 0),
                        round(100 * n / total) if total else 0,
                    )
                    for status in key
                ],
                total,
                row["detail"],
            )
        )
    return rows


def files_job_key(reporting_round: ReportingRound) -> str:
    return f"round-files-{reporting_round.pk}"


def round_files_make(job, progress) -> JobOutput:
    """Make whichever of the round's files are missing. Made again after a crash, it leaves
    the files already stored as they are."""
    reporting_round = (
        ReportingRound.objects.published()
        .select_related("plan__council", "compared_with")
        .filter(pk=job.params["round_id"], plan__council=job.council)
        .first()
    )
    if reporting_round is None:
        raise JobFailed("This round is not published (or has been removed).")
    have = set(reporting_round.files.values_list("kind", flat=True))
    progress.set(stage="Reading the plan as published")
    report = round_report(reporting_round)
    base = f"{slugify(reporting_round.plan.council.slug)}-{slugify(reporting_round.plan.slug)}"
    stamp = f"{reporting_round.meeting_date:%Y-%m-%d}"
    makers = [
        (
            FileKind.ANNEX,
            lambda: _pdf(annex_html(report=report, cover=round_cover(reporting_round)), progress),
            f"annex-{base}-{stamp}.pdf",
            "application/pdf",
        ),
        (
            FileKind.ANNEX_WORD,
            lambda: _word(report, round_cover(reporting_round)),
            f"annex-{base}-{stamp}.docx",
            DOCX_TYPE,
        ),
        (
            FileKind.SUMMARY,
            lambda: _pdf(
                annex_html(
                    report=report,
                    cover=round_cover(reporting_round, "Summary of progress"),
                    summary_only=True,
                ),
                progress,
            ),
            f"summary-{base}-{stamp}.pdf",
            "application/pdf",
        ),
        (
            FileKind.SPREADSHEET,
            lambda: report_workbook(report),
            f"progress-{base}-{stamp}.xlsx",
            XLSX_TYPE,
        ),
    ]
    for kind, make, filename, content_type in makers:
        if kind in have:
            continue
        progress.set(stage=f"Making the {FileKind(kind).label.lower()}")
        content = make()
        published = PublishedFile(
            round=reporting_round,
            kind=kind,
            filename=filename,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        published.file.save(filename, ContentFile(content), save=False)
        published.save()
    progress.set(stage="Emailing the plan's followers")
    publication_notices_send(reporting_round)
    return JobOutput(
        result={
            "summary": f"The files of {reporting_round.name} are ready.",
            "done_url": reverse("rounds:detail", args=[reporting_round.pk]),
        }
    )


def _word(report: PlanReport, cover: CoverDetails) -> bytes:
    try:
        return annex_docx(report=report, cover=cover)
    except (UnreadableFile, OSError) as problem:
        raise JobFailed(
            f"The annex in Word could not be made with the plan's Word template: {problem} "
            "Upload the template again, or remove it, then make the missing files."
        ) from None


def _pdf(html: str, progress) -> bytes:
    try:
        return html_to_pdf(
            html, on_pages=lambda count: progress.set(stage="Writing the PDF", pages=count)
        )
    except RenderLimitExceeded as problem:
        raise JobFailed(f"The annex could not be printed: {problem}.") from None
