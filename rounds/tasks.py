"""The rounds' background work: emails (asked for when a round opens or an update is returned,
and on the schedule for reminders and chasers), and a published round's files."""

from datetime import timedelta

from django_tasks import task

from jobs.running import run_job
from jobs.schedule import scheduled

from .emails import round_emails_send_due
from .publication import round_files_make


@task()
def send_round_emails() -> str:
    return round_emails_send_due().summary()


@scheduled(every=timedelta(minutes=15), lease=timedelta(minutes=30))
def send_reminders() -> str:
    return round_emails_send_due().summary()


@task()
def make_round_files(job_id: str) -> None:
    run_job(job_id, round_files_make)
