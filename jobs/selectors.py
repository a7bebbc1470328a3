"""What a job's page and its script say about it, in words."""

from datetime import timedelta

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone

from .models import Job, JobState

SLOW_TO_START = timedelta(minutes=2)


def job_url(job: Job) -> str:
    return reverse("jobs:detail", args=[job.pk])


def job_status(job: Job) -> dict:
    """The job's state for a person: one sentence, the numbers, and where to go next."""
    return {
        "state": job.state,
        "label": job.get_state_display(),
        "text": _sentence(job),
        "detail": _counts(job),
        "done": job.done,
        "total": job.total,
        "pages": job.pages,
        "percent": job.percent,
        "finished": job.finished,
        "download_url": reverse("jobs:download", args=[job.pk])
        if job.state == JobState.READY and job.file
        else "",
        # Where the page goes by itself once the job is done (a preview), and where its
        # "Continue" button leads (the preview, or the plan an import went into).
        "next_url": job.next_url if job.state == JobState.READY else "",
        "continue_url": (job.next_url or (job.result or {}).get("done_url", ""))
        if job.state == JobState.READY
        else "",
    }


def _sentence(job: Job) -> str:
    if job.state == JobState.QUEUED:
        if timezone.now() - job.created_at > SLOW_TO_START:
            return (
                "Waiting for a worker to start it. This is taking longer than usual: if it does "
                "not start soon, tell your site administrator that no worker is running."
            )
        return job.stage or "Waiting for a worker to start it."
    if job.state == JobState.RUNNING:
        return f"{job.stage or 'In progress'}."
    if job.state == JobState.READY:
        summary = (job.result or {}).get("summary")
        if summary:
            return summary
        size = f", {filesizeformat(job.size)}" if job.size else ""
        pages = f", {job.pages:,} pages" if job.pages else ""
        return f"Ready to download ({job.filename}{pages}{size})."
    return job.message or "It could not be finished."


def _counts(job: Job) -> str:
    """How far a running job has got, when it can say (not announced: it changes every second)."""
    if job.state != JobState.RUNNING:
        return ""
    parts = []
    if job.total:
        parts.append(f"{job.done or 0:,} of {job.total:,} rows")
    if job.pages:
        parts.append(f"{job.pages:,} pages")
    return ", ".join(parts)
