"""A job: long work a person asked for, run on the task queue, with its progress and its file.

The task queue (django-tasks with its database backend) runs the work; the job is what the
product shows: whose council it belongs to, who may see it, how far it has got, and the finished
file in storage. Jobs are looked up by an unguessable id *and* checked against the person's
council and role, so an id that leaks still opens nothing.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import get_random_string


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "In progress"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


UNFINISHED = (JobState.QUEUED, JobState.RUNNING)


def stored_file_name(job, filename: str) -> str:
    """Storage names are made here, never from anything a person typed: council, then a random
    part, then the name the file is downloaded under (already made of slugs)."""
    return f"jobs/{job.council.slug}/{get_random_string(16)}-{job.filename}"


class JobQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Who may see the job and download its file: members of the council with one of these roles,
    # and, for a private job (an upload's preview), only the person who asked.
    roles = models.JSONField(default=list)
    private = models.BooleanField(default=False)

    task_name = models.CharField(max_length=200)
    params = models.JSONField(default=dict)
    title = models.CharField(max_length=300, help_text="What the job makes, in the page heading.")
    # Same key, same file: a second request for a report already made is served from storage.
    key = models.CharField(max_length=64, blank=True, db_index=True)
    back_url = models.CharField(max_length=500, blank=True)
    next_url = models.CharField(max_length=500, blank=True)

    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    stage = models.CharField(max_length=100, blank=True)
    done = models.PositiveIntegerField(null=True, blank=True)
    total = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True, help_text="Why it failed, in words for the person.")
    result = models.JSONField(null=True, blank=True)

    file = models.FileField(upload_to=stored_file_name, blank=True, max_length=300)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    task_id = models.CharField(max_length=64, blank=True)
    worker_host = models.CharField(max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    objects = JobQuerySet.as_manager()
    council_path = "council"

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "heartbeat_at"])]

    def __str__(self):
        return f"{self.title} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.READY, JobState.FAILED)

    @property
    def percent(self) -> int | None:
        if self.state == JobState.READY:
            return 100
        if not self.total or self.done is None:
            return None
        return min(100, 100 * self.done // self.total)


class ScheduledRun(models.Model):
    """One piece of scheduled work: when it last ran, and who holds it now. Claiming it is one
    conditional UPDATE, so two `run_scheduled` at once, on any machines, never both run it."""

    name = models.CharField(max_length=200, primary_key=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.TextField(blank=True)

    def __str__(self):
        return self.name
