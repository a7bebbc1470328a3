"""The job system's own scheduled work: recover jobs whose worker died, remove expired files,
and prune the queue's own record of finished tasks."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .schedule import scheduled
from .services import jobs_recover_stale, jobs_remove_expired


@scheduled(every=timedelta(minutes=1), lease=timedelta(minutes=5))
def recover_stale_jobs() -> str:
    return f"{jobs_recover_stale()} jobs whose worker had stopped"


@scheduled(every=timedelta(hours=1))
def remove_expired_jobs() -> str:
    return f"{jobs_remove_expired()} expired jobs and their files removed"


@scheduled(every=timedelta(days=1))
def prune_task_results() -> str:
    """The queue keeps a row per task it ran; the job holds what people see, so old rows go."""
    cutoff = timezone.now() - timedelta(days=settings.JOB_RESULT_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return f"{deleted} finished task results pruned"
