"""An import killed half-way leaves nothing behind: the database is as it was before."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

MANAGE = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
SETUP = """
from councils.models import Council
Council.objects.create(name="Bench Council", slug="bench")
"""


def test_an_import_killed_while_writing_leaves_no_trace(tmp_path):
    sys.path.insert(0, str(Path(settings.BASE_DIR) / "bench"))
    from import_benchmark import make_workbook

    database = tmp_path / "tracker.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "improvement_tracker.settings.test",
    }
    workbook = tmp_path / "plan.xlsx"
    make_workbook(workbook, 10_000)
    subprocess.run([*MANAGE, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    subprocess.run([*MANAGE, "shell", "-c", SETUP], env=env, check=True, timeout=60)  # noqa: S603
    write_ahead_log = Path(f"{database}-wal")
    settled = write_ahead_log.stat().st_size if write_ahead_log.exists() else 0

    importing = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [
            *MANAGE,
            "import_plan",
            str(workbook),
            "--council",
            "bench",
            "--plan",
            "big",
            "--title",
            "Big",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Kill it once its one transaction is well into writing rows.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and importing.poll() is None:
        if write_ahead_log.exists() and write_ahead_log.stat().st_size > settled + 2_000_000:
            importing.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    assert importing.wait(timeout=60) == -signal.SIGKILL, "the import finished before it was killed"

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        plans = connection.execute("SELECT COUNT(*) FROM plans_improvementplan").fetchone()
        actions = connection.execute("SELECT COUNT(*) FROM actions_action").fetchone()
        updates = connection.execute("SELECT COUNT(*) FROM actions_progressupdate").fetchone()
    assert (plans, actions, updates) == ((0,), (0,), (0,))
