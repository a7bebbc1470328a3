"""Who may see a job: a member of its council with one of the job's roles (and, for a private
job, only the person who asked). Anything else is a 404, as if the job did not exist."""

from django.http import Http404

from councils.models import Council
from councils.permissions import role_in

from .models import Job


def job_for_user_or_404(user, job_id) -> Job:
    job = (
        Job.objects.filter(pk=job_id, council__in=Council.objects.for_user(user))
        .select_related("council")
        .first()
    )
    if job is None or role_in(user, job.council) not in job.roles:
        raise Http404("No such job.")
    if job.private and job.requested_by_id != user.pk:
        raise Http404("No such job.")
    return job
