"""Imports on the task queue, and the schedule's clearing of uploads nobody confirmed."""

from datetime import timedelta

from django_tasks import task

from jobs.running import run_job
from jobs.schedule import scheduled
from jobs.services import JobFailed, JobOutput, job_plan

from .exporting import WRITERS
from .models import ImportUpload
from .uploads import confirm_result, import_confirm, import_preview, import_upload_remove


def _upload(job) -> ImportUpload:
    upload = (
        ImportUpload.objects.filter(pk=job.params["upload_id"], plan__council=job.council)
        .select_related("plan__council", "uploaded_by")
        .first()
    )
    if upload is None:
        raise JobFailed("The uploaded file has expired. Upload it again.")
    return upload


def _rows(progress):
    return lambda done, total: progress.set(stage="Reading rows", done=done, total=total)


def _preview(job, progress) -> JobOutput:
    upload = _upload(job)
    progress.set(stage="Reading the file")
    report = import_preview(upload, job.params["mapping"], progress=_rows(progress))
    return JobOutput(result={"summary": f"Checked {upload.filename}: {report.summary()}."})


def _confirm(job, progress) -> JobOutput:
    upload = _upload(job)
    progress.set(stage="Reading the file")
    report = import_confirm(upload, job.params["mapping"], job=job, progress=_rows(progress))
    if not report.written:
        raise JobFailed(
            f"Nothing was imported: {report.summary()}. Go back to the preview to see what "
            "needs putting right."
        )
    import_upload_remove(upload)
    return JobOutput(result=confirm_result(upload, report, job))


@task()
def preview_import(job_id: str) -> None:
    run_job(job_id, _preview)


@task()
def confirm_import(job_id: str) -> None:
    run_job(job_id, _confirm)


@scheduled(every=timedelta(hours=1))
def remove_abandoned_uploads() -> str:
    removed = 0
    for upload in ImportUpload.objects.abandoned():
        import_upload_remove(upload)
        removed += 1
    return f"{removed} uploads nobody confirmed removed"


def _export(job, progress) -> JobOutput:
    plan = job_plan(job)
    writer, content_type = WRITERS[job.params["kind"]]
    progress.set(stage="Writing the file")
    return JobOutput(content=writer(plan), filename=job.filename, content_type=content_type)


@task()
def export_plan_file(job_id: str) -> None:
    run_job(job_id, _export)
