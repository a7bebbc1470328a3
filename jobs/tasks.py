"""The job system's own scheduled work: recover jobs whose worker died, remove expired files."""

from datetime import timedelta

from .schedule import scheduled
from .services import jobs_recover_stale, jobs_remove_expired


@scheduled(every=timedelta(minutes=1), lease=timedelta(minutes=5))
def recover_stale_jobs() -> str:
    return f"{jobs_recover_stale()} jobs whose worker had stopped"


@scheduled(every=timedelta(hours=1))
def remove_expired_jobs() -> str:
    return f"{jobs_remove_expired()} expired jobs and their files removed"
