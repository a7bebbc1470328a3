"""The importer's and the exporter's work asked of the queue: checking and importing an uploaded
spreadsheet, and exporting a big plan. The tasks run what `uploads` and `exporting` do."""

from actions.selectors import plan_fingerprint
from councils.permissions import Can, roles_that
from jobs.models import Job
from jobs.services import content_key, job_request
from plans.models import ImprovementPlan

from .exporting import export_filename
from .models import ImportUpload
from .tasks import confirm_import, export_plan_file, preview_import


def preview_job_request(
    upload: ImportUpload, mapping: dict, *, next_url: str, back_url: str
) -> Job:
    title = f"Checking {upload.filename}"
    return _job(upload, preview_import, mapping, title, next_url=next_url, back_url=back_url)


def confirm_job_request(
    upload: ImportUpload, mapping: dict, *, back_url: str, done_url: str
) -> Job:
    return _job(
        upload,
        confirm_import,
        mapping,
        f"Importing {upload.filename}",
        back_url=back_url,
        done_url=done_url,
    )


def _job(upload, task, mapping, title, *, done_url="", **urls) -> Job:
    return job_request(
        task=task,
        council=upload.plan.council,
        user=upload.uploaded_by,
        title=title,
        roles=roles_that(Can.BUILD_PLANS),
        private=True,
        # Imports run all or nothing, but one that killed its worker would likely kill the next.
        repeatable=False,
        params={"upload_id": str(upload.pk), "mapping": mapping, "done_url": done_url},
        **urls,
    )


def export_job_request(plan: ImprovementPlan, kind: str, *, user, back_url: str):
    """A big plan's export, made on the queue; the same plan unchanged is exported once."""
    return job_request(
        task=export_plan_file,
        council=plan.council,
        user=user,
        title=f"{plan.title} as {kind.upper()}",
        roles=roles_that(Can.BUILD_PLANS),
        params={"plan_id": plan.pk, "kind": kind},
        key=content_key(export_plan_file.module_path, plan.pk, kind, plan_fingerprint(plan)),
        filename=export_filename(plan, kind),
        back_url=back_url,
    )
