"""Following a request that was put on the task queue: to its job page, then its download."""

from django.urls import resolve

from jobs.models import Job


def job_of(response) -> Job:
    """The job a redirect leads to."""
    assert response.status_code == 302, response.status_code
    match = resolve(response.url)
    assert match.view_name == "jobs:detail", response.url
    return Job.objects.get(pk=match.kwargs["job_id"])


def download(client, response):
    """The file of the job the response redirected to (the job has run: immediate backend)."""
    job = job_of(response)
    page = client.get(response.url)
    assert page.status_code == 200
    assert job.state == "ready", (job.state, job.message)
    return client.get(f"{response.url}download/")


def queued_job(council, user, **fields) -> Job:
    """An annex job waiting for a worker, for pages to show."""
    from datetime import timedelta

    from django.utils import timezone

    return Job.objects.create(
        council=council,
        requested_by=user,
        roles=["coordinator"],
        task_name="reports.tasks.render_annex",
        title="Annex 2: Corporate Improvement Plan, as at 8 November 2024",
        filename="annex-2-york.pdf",
        content_type="application/pdf",
        back_url="/",
        expires_at=timezone.now() + timedelta(days=1),
        **fields,
    )
