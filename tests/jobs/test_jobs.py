"""Jobs, run by the immediate backend: who sees them, files made once, lost workers, schedules."""

import uuid
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from councils.models import Role
from imports.spreadsheet_files import estimate_rows
from jobs.models import Job, JobState, ScheduledRun
from jobs.schedule import REGISTRY, run_due, scheduled
from jobs.services import CRASHED, jobs_recover_stale, jobs_remove_expired
from plans.status import Status
from reports.options import CoverDetails, ReportOptions
from reports.services import annex_job_request, report_xlsx_job_request
from tests.factories import ActionFactory, member
from tests.reports.conftest import JULY, record

OPTIONS = ReportOptions(as_at=JULY)


def xlsx_job(plan, user):
    return report_xlsx_job_request(plan=plan, options=OPTIONS, user=user, back_url="/")


def test_the_same_report_of_the_same_data_is_made_once(plan, viewer, coordinator):
    ActionFactory(plan=plan, ref="1")
    first = xlsx_job(plan, viewer)
    assert first.state == JobState.READY and first.file
    assert xlsx_job(plan, coordinator).pk == first.pk  # served from storage, not made again


def test_a_report_is_made_again_once_the_plan_has_changed(plan, viewer, officer):
    action = ActionFactory(plan=plan, ref="1")
    first = xlsx_job(plan, viewer)
    record(action, Status.AT_RISK, JULY, narrative="Slipping")
    assert xlsx_job(plan, viewer).pk != first.pk


def test_a_stored_file_that_has_gone_is_made_again(plan, viewer):
    first = xlsx_job(plan, viewer)
    first.file.storage.delete(first.file.name)
    assert xlsx_job(plan, viewer).pk != first.pk


def test_different_options_make_different_files(plan, viewer):
    annex = annex_job_request(
        plan=plan,
        options=OPTIONS,
        cover=CoverDetails(annex_label="Annex 2"),
        user=viewer,
        back_url="/",
    )
    assert annex.pk != xlsx_job(plan, viewer).pk
    assert annex.filename.startswith("annex-2-york-") and annex.content_type == "application/pdf"
    assert annex.sha256 and annex.size and annex.pages is None or annex.pages >= 1


def test_the_job_page_offers_the_download_and_says_what_it_is(client, plan, viewer):
    job = xlsx_job(plan, viewer)
    client.force_login(viewer)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Ready to download" in page and job.sha256 in page
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["state"] == "ready" and status["download_url"].endswith("/download/")
    download = client.get(status["download_url"])
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("view", ["jobs:detail", "jobs:status", "jobs:download"])
def test_only_members_with_the_jobs_roles_see_it(
    client, plan, viewer, officer, other_council, view
):
    job = xlsx_job(plan, viewer)
    url = reverse(view, args=[job.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(officer)  # reports are not for officers
    assert client.get(url).status_code == 404
    client.force_login(member(other_council, Role.COORDINATOR, username="outsider"))
    assert client.get(url).status_code == 404
    client.force_login(viewer)
    assert client.get(reverse(view, args=[uuid.uuid4()])).status_code == 404


def test_a_private_job_is_only_for_the_person_who_asked(client, plan, council, coordinator):
    job = running_job(plan, coordinator, private=True)
    colleague = member(council, Role.COORDINATOR, username="colleague")
    client.force_login(colleague)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    client.force_login(coordinator)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def running_job(plan, user, *, repeatable=True, private=False, attempts=1, **fields) -> Job:
    return Job.objects.create(
        council=plan.council,
        requested_by=user,
        roles=[Role.COORDINATOR],
        private=private,
        task_name="reports.tasks.render_report_xlsx",
        params={
            "plan_id": plan.pk,
            "repeatable": repeatable,
            "as_at": JULY.isoformat(),
            "since": None,
            "include_completed": True,
            "theme_id": None,
            "status": None,
        },
        title="A report",
        back_url="/",
        filename="report.xlsx",
        state=JobState.RUNNING,
        attempts=attempts,
        heartbeat_at=timezone.now() - timedelta(minutes=5),
        worker_host="another-machine",
        expires_at=timezone.now() + timedelta(days=1),
        **fields,
    )


def test_a_job_whose_worker_stopped_is_tried_once_more_if_safe(plan, coordinator):
    job = running_job(plan, coordinator)
    assert jobs_recover_stale() == 1
    job.refresh_from_db()
    assert job.state == JobState.READY and job.attempts == 2  # the immediate backend ran it again


def test_a_job_whose_worker_stopped_twice_fails_with_a_plain_message(plan, coordinator):
    job = running_job(plan, coordinator, attempts=2)
    jobs_recover_stale()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.message == CRASHED


def test_an_import_whose_worker_stopped_is_not_run_again(plan, coordinator):
    job = running_job(plan, coordinator, repeatable=False)
    jobs_recover_stale()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "Nothing was saved" in job.message


def test_a_job_still_beating_is_left_alone(plan, coordinator):
    job = running_job(plan, coordinator)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    assert jobs_recover_stale() == 0


def test_a_job_on_this_machine_is_lost_when_its_process_is(plan, coordinator):
    import os
    import socket

    alive = running_job(plan, coordinator)
    Job.objects.filter(pk=alive.pk).update(worker_host=socket.gethostname(), worker_pid=os.getpid())
    assert jobs_recover_stale() == 0  # beats held back (a long SQLite write), process alive
    Job.objects.filter(pk=alive.pk).update(worker_pid=2**22 + 12345)  # no such process
    assert jobs_recover_stale() == 1


def test_the_page_of_a_job_whose_worker_stopped_says_so(client, plan, coordinator):
    job = running_job(plan, coordinator, attempts=2)
    client.force_login(coordinator)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "stopped before it finished" in page and "Go back and try again" in page


def test_expired_jobs_go_with_their_files(plan, coordinator):
    job = running_job(plan, coordinator, attempts=2)
    job.file.save("report.xlsx", ContentFile(b"x"))
    storage, name = job.file.storage, job.file.name
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert jobs_remove_expired() == 1
    assert not Job.objects.exists() and not storage.exists(name)


def test_scheduled_work_runs_when_due_and_once_per_lease(db):
    calls = []

    @scheduled(every=timedelta(hours=1))
    def count_calls():
        calls.append(1)
        return "counted"

    try:
        name = f"{count_calls.__module__}.{count_calls.__qualname__}"
        assert (name, "counted") in run_due(only="count_calls")
        assert run_due(only="count_calls") == []  # not due again for an hour
        ScheduledRun.objects.filter(name=name).update(
            last_started_at=timezone.now() - timedelta(hours=2),
            locked_until=timezone.now() + timedelta(minutes=5),  # another run holds it
        )
        assert run_due(only="count_calls") == []
        ScheduledRun.objects.filter(name=name).update(locked_until=None)
        assert run_due(only="count_calls") == [(name, "counted")]
        assert len(calls) == 2
    finally:
        REGISTRY.pop(name, None)


def test_failed_scheduled_work_is_reported_and_tried_again_next_time(db):
    @scheduled(every=timedelta(hours=1))
    def breaks():
        raise RuntimeError("mail server down")

    name = f"{breaks.__module__}.{breaks.__qualname__}"
    try:
        assert run_due(only="breaks") == [(name, "failed: mail server down")]
        assert ScheduledRun.objects.get(name=name).locked_until is None
    finally:
        REGISTRY.pop(name, None)


@pytest.mark.parametrize(
    "name", ["governance_plan.xlsx", "york_plan.xlsx", "peer_challenge_plan.xlsx"]
)
def test_rows_are_counted_without_reading_the_file(name):
    from openpyxl import load_workbook

    from tests.imports.conftest import FILES

    workbook = load_workbook(FILES / name, read_only=True)
    rows = sum(len(list(sheet.iter_rows())) for sheet in workbook.worksheets)
    assert rows * 0.95 <= estimate_rows((FILES / name).read_bytes()) <= rows


def test_a_hostile_file_counts_as_no_rows_for_the_reading_to_refuse():
    from tests.imports.conftest import FILES

    assert estimate_rows((FILES / "zip_bomb.xlsx").read_bytes()) == 0
    assert estimate_rows(b"Action\nOne\nTwo\n") == 4


def test_the_schedule_removes_uploads_nobody_confirmed_and_old_task_results(plan, coordinator):
    from django_tasks_db.models import DBTaskResult, get_date_max

    from imports.models import ImportUpload
    from imports.tasks import remove_abandoned_uploads
    from imports.uploads import import_upload_create
    from jobs.tasks import prune_task_results

    old = import_upload_create(plan=plan, user=coordinator, data=b"Action\nOne\n", filename="a.csv")
    new = import_upload_create(plan=plan, user=coordinator, data=b"Action\nTwo\n", filename="b.csv")
    ImportUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert remove_abandoned_uploads() == "1 uploads nobody confirmed removed"
    assert list(ImportUpload.objects.all()) == [new]
    assert not old.file.storage.exists(old.file.name) and new.file.storage.exists(new.file.name)

    finished = {"status": "SUCCESSFUL", "backend_name": "default", "run_after": get_date_max()}
    for days in (30, 1):
        DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="reports.tasks.render_annex",
            finished_at=timezone.now() - timedelta(days=days),
            **finished,
        )
    assert prune_task_results() == "1 finished task results pruned"
    assert DBTaskResult.objects.count() == 1


def test_a_task_only_reads_its_own_councils_plan_whatever_its_arguments_say(
    plan, coordinator, other_council
):
    from reports.tasks import render_report_xlsx
    from tests.factories import PlanFactory

    foreign = PlanFactory(council=other_council)
    job = running_job(plan, coordinator)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.QUEUED, params={**job.params, "plan_id": foreign.pk}
    )
    render_report_xlsx.enqueue(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.state == JobState.FAILED and not job.file
    assert job.message == "The plan has been removed since this was asked for."


def test_one_person_cannot_fill_the_queue_and_asking_again_returns_the_waiting_job(
    client, plan, viewer, coordinator, settings
):
    """A viewer asks for annex after annex while no worker has started any: three wait, the
    fourth is refused with a page listing the three; asking again for one waiting returns it;
    a colleague still gets theirs."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    url = reverse("reports:annex", args=[plan.council.slug, plan.slug])
    asked = {"as_at_0": "8", "as_at_1": "11", "as_at_2": "2024"}
    client.force_login(viewer)
    for label in ("Annex 1", "Annex 2", "Annex 3"):
        assert client.post(url, asked | {"annex_label": label}).status_code == 302
    again = client.post(url, asked | {"annex_label": "Annex 1"})
    assert Job.objects.filter(requested_by=viewer).count() == 3
    first = Job.objects.filter(requested_by=viewer).order_by("created_at").first()
    assert again["Location"].rstrip("/").endswith(str(first.pk))
    refused = client.post(url, asked | {"annex_label": "Annex 4"})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "You already have 3 things waiting to be made" in page and page.count("/jobs/") == 3
    client.force_login(coordinator)
    assert client.post(url, asked | {"annex_label": "Annex 4"}).status_code == 302
