"""Asking for a job, and every change of its state. The task queue only ever calls `run_job`."""

import hashlib
import json
import logging
import os
import socket
from dataclasses import dataclass
from datetime import timedelta
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from plans.models import ImprovementPlan

from .models import UNFINISHED, Job, JobState

logger = logging.getLogger(__name__)

CRASHED = (
    "The worker preparing this stopped before it finished (it may have been restarted or run "
    "out of memory). Nothing was saved. Try again; if it happens again, tell your site "
    "administrator."
)


class JobFailed(Exception):
    """The work cannot be done, for a reason the person can act on; the message says it."""


class WorkerLost(Exception):
    """What the queue's record of a task says when its worker stopped under it."""


class TooManyJobsWaiting(Exception):
    """The person already has JOBS_WAITING_PER_PERSON jobs waiting for a worker: one person
    asking for many cannot hold up everyone else's (the page lists theirs)."""

    def __init__(self, waiting):
        super().__init__(f"{len(waiting)} jobs waiting")
        self.waiting = waiting


@dataclass(frozen=True)
class JobOutput:
    """What finished work leaves: a file to download, or a result for the page to show."""

    content: bytes | None = None
    stream: IO[bytes] | None = None  # instead of content, for a file too big to hold in memory
    filename: str = ""
    content_type: str = ""
    result: dict | None = None


def content_key(*parts) -> str:
    """The same parts, the same key: how a finished file is found again."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def job_request(
    *,
    task,
    council,
    user,
    title: str,
    roles,
    params: dict | None = None,
    key: str = "",
    private: bool = False,
    repeatable: bool = True,
    filename: str = "",
    back_url: str = "",
    next_url: str = "",
) -> Job:
    """A job for this work: the one already made or under way for the same key, or a new one
    put on the queue. `roles` say which members of the council may see it."""
    if key:
        existing = _reusable(council, key)
        if existing is not None:
            return existing
    params = {**(params or {}), "repeatable": repeatable}
    if user is not None and user.is_authenticated:
        waiting = Job.objects.filter(requested_by=user, state=JobState.QUEUED).order_by(
            "created_at"
        )
        same = [
            job for job in waiting if job.task_name == task.module_path and job.params == params
        ]
        if same:  # asked again while the first still waits: that one
            return same[0]
        if len(waiting) >= settings.JOBS_WAITING_PER_PERSON:
            raise TooManyJobsWaiting(waiting)
    job = Job.objects.create(
        council=council,
        requested_by=user if user is not None and user.is_authenticated else None,
        roles=[str(role) for role in roles],
        private=private,
        task_name=task.module_path,
        params=params,
        title=title,
        key=key,
        filename=filename,
        back_url=back_url,
        next_url=next_url,
        expires_at=timezone.now() + timedelta(days=settings.JOB_RESULT_DAYS),
    )
    # The queue is in the same database: the task is written in the same transaction as the job,
    # so neither exists without the other.
    _enqueue(job)
    job.refresh_from_db()
    return job


def _reusable(council, key: str) -> Job | None:
    for job in Job.objects.filter(council=council, key=key, expires_at__gt=timezone.now()).filter(
        state__in=(*UNFINISHED, JobState.READY)
    ):
        if job.state != JobState.READY or (job.file and job.file.storage.exists(job.file.name)):
            return job
    return None


def _enqueue(job: Job) -> None:
    result = import_string(job.task_name).enqueue(job_id=str(job.pk))
    # An immediate backend has already run the job by now: keep what it wrote.
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def job_plan(job: Job):
    """The plan a job is about, looked up within the job's own council: whatever ids a task's
    arguments hold, it only ever reads its council's rows."""
    plan = ImprovementPlan.objects.filter(council=job.council, pk=job.params["plan_id"]).first()
    if plan is None:
        raise JobFailed("The plan has been removed since this was asked for.")
    plan.council = job.council
    return plan


def job_claim(job_id) -> Job | None:
    """Mark a queued job running, once: a task run twice for one job does its work once."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        started_at=now,
        heartbeat_at=now,
        worker_host=socket.gethostname(),
        worker_pid=os.getpid(),
        attempts=F("attempts") + 1,
        message="",
    )
    return Job.objects.select_related("council").get(pk=job_id) if claimed else None


def job_finish(job: Job, output: JobOutput) -> None:
    stream = ContentFile(output.content) if output.content is not None else output.stream
    if stream is not None:
        job.filename, job.content_type = output.filename, output.content_type
        job.size, job.sha256 = _size_and_digest(stream)
        job.file.save(output.filename, File(stream), save=False)
    job.result = output.result
    job.state, job.finished_at, job.stage = JobState.READY, timezone.now(), ""
    job.save()


def _size_and_digest(stream) -> tuple[int, str]:
    stream.seek(0)
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return size, digest.hexdigest()


def job_fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, message=message, finished_at=timezone.now()
    )


def _worker_gone(job: Job, cutoff) -> bool:
    """A worker on this machine is gone when its process is; one elsewhere when it has stopped
    beating. (On SQLite, one machine only, a long write holds back the beats but not the pid.)"""
    if job.worker_host == socket.gethostname() and job.worker_pid:
        try:
            os.kill(job.worker_pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False  # alive, someone else's
        return False
    return job.heartbeat_at is None or job.heartbeat_at < cutoff


def jobs_recover_stale(jobs=None) -> int:
    """Running jobs whose worker has stopped: tried once more if the work is safe to repeat,
    else failed with a plain message. Returns how many were found."""
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)
    running = (jobs if jobs is not None else Job.objects.all()).filter(state=JobState.RUNNING)
    found = 0
    for job in running:
        if not _worker_gone(job, cutoff):
            continue
        still_stale = Job.objects.filter(
            pk=job.pk, state=JobState.RUNNING, heartbeat_at=job.heartbeat_at
        )
        _task_result_failed(job.task_id)
        if job.params.get("repeatable") and job.attempts < 2:
            if still_stale.update(state=JobState.QUEUED, stage="Trying again"):
                logger.warning("Job %s lost its worker; queued again", job.pk)
                _enqueue(job)
                found += 1
        elif still_stale.update(state=JobState.FAILED, message=CRASHED, finished_at=timezone.now()):
            logger.warning("Job %s lost its worker; failed", job.pk)
            found += 1
    return found


def _task_result_failed(task_id: str) -> None:
    """The queue's own record of the lost worker's task says it failed, not running for ever."""
    if task_id:
        DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="jobs.services.WorkerLost",
            traceback="The worker running this task stopped (killed or restarted).",
        )


def jobs_remove_expired() -> int:
    """Jobs past their keeping time go, with their files (one unfinished by then never will)."""
    removed = 0
    for job in Job.objects.expired():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        removed += 1
    return removed
