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
