"""The queue for real: web processes (gunicorn) and worker processes (db_worker) that share only
the database and the storage folder, as on a deployment with several machines."""

import signal
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from .stack import MANAGE, Stack, post, signed_in, wait_for_job

ANNEX = "/reports/york/corporate-improvement-plan/annex/"
AS_AT = {"as_at_0": "8", "as_at_1": "11", "as_at_2": "2024", "completed": "include"}
CRASHED = "The worker preparing this stopped before it finished"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("queue"))
    stack.manage("migrate", "-v0")
    stack.manage("load_demo")
    stack.shell(
        "from councils.models import Council; from plans.models import ImprovementPlan; "
        "ImprovementPlan.objects.create(council=Council.objects.get(slug='york'), "
        "slug='big', title='Big plan')"
    )
    yield stack
    stack.stop()


@pytest.fixture(autouse=True)
def own_processes(stack):
    """Each test starts the web servers and workers it needs, and they stop with it."""
    yield
    stack.stop_processes()


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory) -> Path:
    sys.path.insert(0, str(Path(settings.BASE_DIR) / "bench"))
    from import_benchmark import make_workbook

    path = tmp_path_factory.mktemp("files") / "big-plan.xlsx"
    make_workbook(path, 10_000)
    return path


def kill(process) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def actions_in_big_plan(stack) -> int:
    code = (
        "from actions.models import Action; print(Action.objects.filter(plan__slug='big').count())"
    )
    return int(stack.shell(code))


def big_plan_import_page(stack, web: str) -> str:
    code = "from plans.models import ImprovementPlan as P; print(P.objects.get(slug='big').pk)"
    return f"{web}/admin/plans/improvementplan/{stack.shell(code)}/import/"


def test_an_annex_is_made_by_a_worker_and_served_again_from_storage(stack):
    stack.start_worker()
    web = stack.start_web()
    coordinator = signed_in(web, "york.coordinator", "york-coordinator-demo")

    started = time.monotonic()
    asked = post(coordinator, f"{web}{ANNEX}", {**AS_AT, "annex_label": "Annex 2"})
    assert time.monotonic() - started < 1, "asking for an annex held the web worker"
    assert asked.status_code == 302 and asked.headers["Location"].startswith("/jobs/")
    job = asked.headers["Location"]
    assert "Refresh this page" in coordinator.get(f"{web}{job}").text  # the page without script

    status = wait_for_job(coordinator, web, job)
    assert status["state"] == "ready", status
    assert status["pages"] >= 10
    pdf = coordinator.get(f"{web}{status['download_url']}")
    assert pdf.content.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"].startswith('attachment; filename="annex-2-york-')
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"

    # The same annex again is the same job and the same stored file: no second render.
    again = post(coordinator, f"{web}{ANNEX}", {**AS_AT, "annex_label": "Annex 2"})
    assert again.headers["Location"] == job
    viewer = signed_in(web, "york.viewer", "york-viewer-demo")
    assert viewer.get(f"{web}{status['download_url']}").content == pdf.content

    # Another council's staff, and York's officer (no report access), get nothing of it.
    for outsider in (
        signed_in(web, "city.coordinator", "city-coordinator-demo"),
        signed_in(web, "york.officer", "york-officer-demo"),
    ):
        for page in ("", "status.json", "download/"):
            assert outsider.get(f"{web}{job}{page}").status_code == 404


def render_child_of(pid: int) -> int:
    """The process a worker forked to render the annex, once it has."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise AssertionError("the worker started no render")


def test_a_render_whose_worker_is_killed_is_tried_again_by_another(stack):
    worker = stack.start_worker()
    web = stack.start_web()
    coordinator = signed_in(web, "york.coordinator", "york-coordinator-demo")
    job = post(coordinator, f"{web}{ANNEX}", {**AS_AT, "annex_label": "Annex 3"}).headers[
        "Location"
    ]
    wait_for_job(coordinator, web, job, until=("running",))
    render = render_child_of(worker.pid)
    kill(worker)
    time.sleep(4)  # past JOB_STALE_SECONDS with no heartbeat
    assert not Path(f"/proc/{render}").exists(), "the render went on without its worker"

    assert "1 jobs whose worker had stopped" in stack.manage("run_scheduled")
    status = coordinator.get(f"{web}{job}status.json").json()
    assert status["state"] == "queued", status
    # The queue's own record of the lost task says it failed, not running for ever.
    statuses = stack.shell(
        "from django_tasks_db.models import DBTaskResult as R; "
        "print(sorted(R.objects.values_list('status', flat=True)))"
    )
    assert "'RUNNING'" not in statuses and "'FAILED'" in statuses, statuses

    stack.start_worker()
    status = wait_for_job(coordinator, web, job)
    assert status["state"] == "ready", status
    assert coordinator.get(f"{web}{status['download_url']}").content.startswith(b"%PDF")


def test_an_import_whose_worker_is_killed_fails_plainly_and_writes_nothing(stack, big_workbook):
    worker = stack.start_worker()
    web = stack.start_web()
    coordinator = signed_in(web, "york.coordinator", "york-coordinator-demo")
    upload_page = big_plan_import_page(stack, web)

    with big_workbook.open("rb") as file:
        started = time.monotonic()
        uploaded = post(coordinator, upload_page, {"sheet": ""}, files={"file": file})
    assert time.monotonic() - started < 1, "uploading a big file held the web worker"
    preview_job = uploaded.headers["Location"]
    assert preview_job.startswith("/jobs/"), "a 10,000-row preview runs on the queue"
    status = wait_for_job(coordinator, web, preview_job)
    assert status["state"] == "ready", status
    assert "10,000 created" in status["text"]
    preview = f"{web}{status['next_url']}"
    assert "Nothing has been saved yet" in coordinator.get(preview).text

    confirm_job = post(coordinator, preview, {"confirm": "Import"}).headers["Location"]
    wait_for_job(coordinator, web, confirm_job, until=("running",))
    time.sleep(2)  # well into the import
    kill(worker)
    time.sleep(4)
    stack.manage("run_scheduled")

    status = coordinator.get(f"{web}{confirm_job}status.json").json()
    assert status["state"] == "failed"
    assert status["text"].startswith(CRASHED)
    assert "Nothing was saved" in status["text"]
    assert actions_in_big_plan(stack) == 0


def test_a_preview_on_one_app_server_is_confirmed_on_another(stack):
    stack.start_worker()
    first, second = stack.start_web(), stack.start_web()
    coordinator = signed_in(first, "york.coordinator", "york-coordinator-demo")
    files = Path(settings.BASE_DIR) / "tests" / "imports" / "files"
    with (files / "governance_plan.xlsx").open("rb") as file:
        uploaded = post(
            coordinator,
            big_plan_import_page(stack, first),
            {"sheet": ""},
            files={"file": file},
        )
    preview_path = uploaded.headers["Location"]
    assert "/import/" in preview_path, "a small file is previewed at once"
    assert "Nothing has been saved yet" in coordinator.get(f"{first}{preview_path}").text

    # The second server has never seen the file: it has only the database and the storage.
    confirm_job = post(coordinator, f"{second}{preview_path}", {"confirm": "Import"}).headers[
        "Location"
    ]
    status = wait_for_job(coordinator, second, confirm_job)
    assert status["state"] == "ready", status
    assert status["text"].startswith("Imported governance_plan.xlsx: 11 created")
    assert actions_in_big_plan(stack) == 11
    # The upload and its file go once imported (the killed import's upload stays for a retry).
    kept = stack.shell("from imports.models import ImportUpload as U; print(*U.objects.all())")
    assert kept == "big-plan.xlsx"
    assert len(list((Path(stack.env["MEDIA_ROOT"]) / "imports").rglob("*.*"))) == 1


def test_scheduled_work_run_twice_at_once_runs_once(stack):
    stack.shell("from jobs.models import ScheduledRun; ScheduledRun.objects.all().delete()")
    runs = [stack.start(*MANAGE, "run_scheduled", "--only", "remove_expired") for _ in range(2)]
    assert [run.wait(timeout=60) for run in runs] == [0, 0]
    logs = [run.log_path.read_text() for run in runs]
    assert sum("expired jobs and their files removed" in log for log in logs) == 1, logs
