"""Services for an upload on its way in: keep it, preview it (at once, or on the queue for a big
file), confirm it on the queue. The preview and the confirm read the file from shared storage."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from jobs.models import Job, JobState

from .importer import ImportReport, ReadPlan, plan_import, plan_read, remembered_choices
from .models import ImportUpload
from .spreadsheet_files import estimate_rows


def import_upload_create(
    *, plan, user, data: bytes, filename: str, sheet: str = ""
) -> ImportUpload:
    upload = ImportUpload(
        plan=plan, uploaded_by=user, filename=filename[:255], sheet=sheet, rows=estimate_rows(data)
    )
    upload.file.save(filename, ContentFile(data), save=False)
    upload.save()
    return upload


def import_upload_remove(upload: ImportUpload) -> None:
    upload.file.delete(save=False)
    upload.delete()


def runs_in_background(upload: ImportUpload) -> bool:
    return upload.rows > settings.IMPORT_BACKGROUND_ROWS


def import_preview(upload: ImportUpload, mapping: dict, progress=None) -> ImportReport:
    """Run the import and roll it back; the report is kept on the upload for its page, and the
    reading of the file for its confirm."""
    read = plan_read(
        council=upload.plan.council,
        data=upload.read(),
        filename=upload.filename,
        sheet=upload.sheet or None,
        mapping=mapping,
    )
    reading = read.to_json()  # before the import adds what it would do
    report = _run(upload, mapping, dry_run=True, progress=progress, read=read)
    ImportUpload.objects.filter(pk=upload.pk).update(
        mapping=mapping, report=report.to_json(), reading=reading
    )
    return report


def import_confirm(upload: ImportUpload, mapping: dict, *, job: Job, progress=None) -> ImportReport:
    """Import for real, all or nothing. The job is marked done in the import's own transaction,
    so a worker killed at any moment leaves either both or neither."""
    read = ReadPlan.from_json(upload.reading) if upload.reading else None
    if read is not None and not read.read_with(mapping, remembered_choices(upload.plan.council)):
        read = None  # other columns chosen since the preview: read the file again
    with transaction.atomic():
        report = _run(upload, mapping, dry_run=False, progress=progress, read=read)
        if report.written:
            Job.objects.filter(pk=job.pk).update(
                state=JobState.READY, result=confirm_result(upload, report, job)
            )
    if not report.written:
        ImportUpload.objects.filter(pk=upload.pk).update(mapping=mapping, report=report.to_json())
    return report


def confirm_result(upload: ImportUpload, report: ImportReport, job: Job) -> dict:
    """What the job's page says of a finished import, and where it goes next."""
    return {
        "summary": f"Imported {upload.filename}: {report.summary()}.",
        "done_url": job.params.get("done_url", ""),
    }


def _run(upload, mapping, *, dry_run, progress, read: ReadPlan | None) -> ImportReport:
    plan = upload.plan
    return plan_import(
        council=plan.council,
        plan_slug=plan.slug,
        data=upload.read() if read is None else None,
        read=read,
        filename=upload.filename,
        user=upload.uploaded_by,
        sheet=upload.sheet or None,
        mapping=mapping,
        dry_run=dry_run,
        progress=progress,
    )
