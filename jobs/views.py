"""A job's page (progress, then the download), its status as JSON for the page's script, and
the download itself, always as an attachment. Each looks the job up before anything else, so a
job of another council answers 404 to every method, exactly like one that does not exist."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render

from .access import job_for_user_or_404
from .models import Job, JobState
from .selectors import job_status
from .services import jobs_recover_stale


def _job_view(view):
    @login_required
    @wraps(view)
    def wrapper(request, job_id):
        job = job_for_user_or_404(request.user, job_id)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if job.state == JobState.RUNNING and jobs_recover_stale(Job.objects.filter(pk=job.pk)):
            job.refresh_from_db()  # its worker had stopped: retried or failed just now
        return view(request, job)

    return wrapper


@_job_view
def job_detail(request, job):
    request.council = job.council
    return render(request, "jobs/job_detail.html", {"job": job, "status": job_status(job)})


@_job_view
def job_status_json(request, job):
    response = JsonResponse(job_status(job))
    response["Cache-Control"] = "no-store"
    return response


@_job_view
def job_download(request, job):
    if job.state != JobState.READY or not job.file:
        raise Http404("This file is not ready.")
    try:
        stored = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("This file has been removed; ask for it again.") from None
    response = FileResponse(
        stored, as_attachment=True, filename=job.filename, content_type=job.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response
