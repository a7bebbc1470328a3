import os
import subprocess
import sys

from django.conf import settings


def test_sqlite_keeps_every_update_when_several_officers_save_at_once(tmp_path):
    """Six processes save 25 updates each on the same four actions of a file database."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.sqlite3'}"}
    run = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "tests.sqlite_writers", "6", "25"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    mode, found, errors = run.stdout.split()
    assert (mode, int(found), int(errors)) == ("wal", 150, 0), run.stderr
