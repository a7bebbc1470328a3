"""How a task runs a job: claim it, beat while working, keep the output, say why it failed.

While the work runs, a thread of its own (with its own database connection) writes the job's
progress and a heartbeat every `JOB_HEARTBEAT_SECONDS`. A worker that is killed stops beating,
and `jobs_recover_stale` then retries or fails the job. With the immediate backend (tests that
are not about the queue) the work runs inside the caller and no thread is started.
"""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks import default_task_backend
from django_tasks.backends.immediate import ImmediateBackend

from .models import Job, JobState
from .services import JobFailed, job_claim, job_fail, job_finish

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Something went wrong while preparing this, and nothing was saved. Try again; if it happens "
    "again, tell your site administrator."
)


class Progress:
    """What the work says of itself: a stage, counts of rows or pages. Written by the heartbeat."""

    FIELDS = ("stage", "done", "total", "pages")

    def __init__(self):
        self._lock = threading.Lock()
        self._values: dict = {}

    def set(self, **values) -> None:
        unknown = set(values) - set(self.FIELDS)
        if unknown:
            raise TypeError(f"Progress has no {', '.join(sorted(unknown))}")
        with self._lock:
            self._values.update(values)

    def values(self) -> dict:
        with self._lock:
            return dict(self._values)


class Heartbeat(threading.Thread):
    def __init__(self, job_id, progress: Progress):
        super().__init__(daemon=True, name=f"heartbeat-{job_id}")
        self.job_id, self.progress = job_id, progress
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(settings.JOB_HEARTBEAT_SECONDS):
                self.beat()
        finally:
            connection.close()  # this thread's own connection

    def beat(self) -> None:
        try:
            Job.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(
                heartbeat_at=timezone.now(), **self.progress.values()
            )
        except DatabaseError:
            # SQLite has one writer: while the work holds the write lock the beat waits its turn
            # and may give up; the next one goes through.
            logger.debug("Heartbeat of job %s skipped", self.job_id, exc_info=True)

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def run_job(job_id, work) -> None:
    """Run `work(job, progress) -> JobOutput` for a queued job, once."""
    job = job_claim(job_id)
    if job is None:
        logger.info("Job %s is not queued (already run, or removed); nothing to do", job_id)
        return
    progress = Progress()
    heartbeat = None
    if not isinstance(default_task_backend, ImmediateBackend):
        heartbeat = Heartbeat(job.pk, progress)
        heartbeat.start()
    try:
        output = work(job, progress)
    except JobFailed as problem:
        job_fail(job, str(problem))
        return
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.task_name)
        job_fail(job, UNEXPECTED)
        raise  # the task result keeps the traceback for the site administrator
    finally:
        if heartbeat is not None:
            heartbeat.stop()
    for name, value in progress.values().items():
        setattr(job, name, value)
    try:
        job_finish(job, output)
    finally:
        if output.stream is not None:
            output.stream.close()
