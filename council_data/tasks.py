"""The council's archive, made on the task queue."""

import tempfile

from django_tasks import task

from jobs.running import run_job
from jobs.services import JobOutput

from .archive import council_archive_write


def _archive(job, progress) -> JobOutput:
    # On disk while it is made: evidence files can add up to more than a worker should hold.
    target = tempfile.TemporaryFile()  # run_job closes it once the job has stored it
    counts = council_archive_write(job.council, target, progress=lambda s: progress.set(stage=s))
    return JobOutput(
        stream=target, filename=job.filename, content_type="application/zip",
        result={"counts": counts},
    )  # fmt: skip


@task()
def build_council_archive(job_id: str) -> None:
    run_job(job_id, _archive)
