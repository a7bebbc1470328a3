"""The York annex through the queue: asked for in a web process, made by one worker, served again.

    .venv/bin/python bench/queue_benchmark.py                    # SQLite
    bin/with-postgres .venv/bin/python bench/queue_benchmark.py  # PostgreSQL 15

Starts what a deployment runs (gunicorn with one web worker, one `db_worker`) on a throwaway
database with the demo data, signs in as York's coordinator, and measures:
- asking: the web request that puts the annex on the queue (target: well under 1 s);
- ready: from asking to the job's page offering the download, with one worker;
- again: asking for the same annex once more (it is found, not made again);
- serve: downloading the finished annex from storage (target: under 100 ms).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement_tracker.settings.test")

import django  # noqa: E402

django.setup()

from tests.jobs.stack import Stack, post, signed_in, wait_for_job  # noqa: E402

ANNEX = "/reports/york/corporate-improvement-plan/annex/"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="annexes to make (each different)")
    parser.add_argument("--serves", type=int, default=20, help="downloads of a finished annex")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="queue-bench-") as folder:
        stack = Stack(Path(folder))
        try:
            stack.manage("migrate", "-v0")
            stack.manage("load_demo")
            stack.start_worker()
            web = stack.start_web()
            session = signed_in(web, "york.coordinator", "york-coordinator-demo")
            asking, ready, again, serve, pages = [], [], [], [], 0
            for run in range(arguments.runs):
                form = {
                    "annex_label": f"Annex {run + 2}",
                    "as_at_0": "8",
                    "as_at_1": "11",
                    "as_at_2": "2024",
                    "completed": "include",
                }
                started = time.perf_counter()
                job = post(session, f"{web}{ANNEX}", form).headers["Location"]
                asking.append(time.perf_counter() - started)
                status = wait_for_job(session, web, job)
                ready.append(time.perf_counter() - started)
                assert status["state"] == "ready", status
                pages = status["pages"]
                started = time.perf_counter()
                assert post(session, f"{web}{ANNEX}", form).headers["Location"] == job
                again.append(time.perf_counter() - started)
            for _ in range(arguments.serves):
                started = time.perf_counter()
                pdf = session.get(f"{web}{status['download_url']}")
                serve.append(time.perf_counter() - started)
                assert pdf.content.startswith(b"%PDF")
        finally:
            stack.stop()

    engine = "PostgreSQL" if stack.env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"York annex ({pages} pages, {len(pdf.content) / 1024:.0f} KB), one worker, {engine}")
    print(f"{'':34}{'median':>11}{'worst':>11}")
    for name, values in [
        ("asking (web request)", asking),
        ("asking to download link", ready),
        ("asking again (found, not made)", again),
        ("serving the finished annex", serve),
    ]:
        print(f"{name:34}{ms(statistics.median(values)):>11}{ms(max(values)):>11}")


if __name__ == "__main__":
    main()
