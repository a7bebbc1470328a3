"""Reports made on the task queue: the annex in PDF and in Word, and the report xlsx."""

from django_tasks import task

from core.office_files import UnreadableFile
from jobs.running import run_job
from jobs.services import JobFailed, JobOutput, job_plan

from .annex import annex_html
from .options import options_from_params
from .pdf import RenderLimitExceeded, html_to_pdf
from .plan_report import plan_report_build
from .spreadsheet import XLSX_TYPE, report_workbook
from .word_annex import DOCX_TYPE, annex_docx


def _read(job, progress):
    """The job's report as at its options, and its cover (None for the spreadsheet)."""
    options, cover = options_from_params(job.params)
    progress.set(stage="Reading the plan")
    return plan_report_build(plan=job_plan(job), options=options), cover


def _annex(job, progress) -> JobOutput:
    report, cover = _read(job, progress)
    progress.set(stage="Laying out the pages")
    try:
        pdf = html_to_pdf(
            annex_html(report=report, cover=cover),
            on_pages=lambda count: progress.set(stage="Writing the PDF", pages=count),
        )
    except RenderLimitExceeded as problem:
        raise JobFailed(
            f"The annex could not be printed: {problem}. Print one theme at a time, or leave "
            "out completed actions, and try again."
        ) from None
    return JobOutput(content=pdf, filename=job.filename, content_type="application/pdf")


def _annex_docx(job, progress) -> JobOutput:
    report, cover = _read(job, progress)
    progress.set(stage="Writing the Word document")
    try:
        content = annex_docx(report=report, cover=cover)
    except (UnreadableFile, OSError) as problem:
        raise JobFailed(
            f"The plan's Word template could not be used: {problem} Upload it again, or remove "
            "it, on the plan's page under “Word template for the annex”."
        ) from None
    return JobOutput(content=content, filename=job.filename, content_type=DOCX_TYPE)


def _report_xlsx(job, progress) -> JobOutput:
    report, _ = _read(job, progress)
    progress.set(stage="Writing the spreadsheet")
    return JobOutput(content=report_workbook(report), filename=job.filename, content_type=XLSX_TYPE)


@task()
def render_annex(job_id: str) -> None:
    run_job(job_id, _annex)


@task()
def render_annex_docx(job_id: str) -> None:
    run_job(job_id, _annex_docx)


@task()
def render_report_xlsx(job_id: str) -> None:
    run_job(job_id, _report_xlsx)
