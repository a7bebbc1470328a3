"""Bench tool: print the load test's figures and check every accepted update is in the database.

    python bench/load/check_results.py STATS_CSV RESULTS_JSON RUN_MARKER

Prints locust's figures for the whole run, and the same figures for the part of it after every
officer had signed in (signing in hashes a password on purpose, and 50 sign-ins at once queue).
Exits 1 if any request failed, or if the updates the server accepted and the updates the
database holds for this run differ in any way (missing, extra or duplicated).
"""

import csv
import json
import os
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement_tracker.settings.prod")

import django  # noqa: E402

django.setup()

from actions.models import ProgressUpdate  # noqa: E402


def main(stats_csv: Path, results_file: Path, run: str) -> int:
    results = json.loads(results_file.read_text(encoding="utf-8"))
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    print(f"{'request':<28}{'count':>8}{'fails':>7}{'median ms':>11}{'95% ms':>9}")
    for row in rows:
        print(
            f"{row['Name']:<28}{row['Request Count']:>8}{row['Failure Count']:>7}"
            f"{row['50%']:>11}{row['95%']:>9}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    failures = int(total["Failure Count"])
    print(
        f"\nThroughput {float(total['Requests/s']):.1f} requests/s; "
        f"median {total['50%']} ms; 95th percentile {total['95%']} ms; "
        f"{total['Request Count']} requests, {failures} failed"
    )

    after_sign_in(results)
    web_cpu(results)

    posted = Counter(results["posted"])
    stored = Counter(
        ProgressUpdate.objects.filter(narrative__startswith=f"[{run}] ").values_list(
            "narrative", flat=True
        )
    )
    print(
        f"Updates the server accepted: {sum(posted.values())}; "
        f"in the database for this run: {sum(stored.values())}"
    )
    ok = failures == 0 and posted == stored and posted
    if posted != stored:
        print(f"Missing from the database: {sorted(posted - stored)[:10]}")
        print(f"In the database but never acknowledged: {sorted(stored - posted)[:10]}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def after_sign_in(results: dict) -> None:
    """Officers' requests once everyone had signed in (the coordinators' annex requests apart)."""
    everyone_in = max(results["signed_in"])
    later = [
        (start, ms, ok)
        for start, ms, ok, name in results["requests"]
        if start >= everyone_in and not name.startswith("annex")
    ]
    if len(later) < 20:
        return
    times = sorted(ms for _, ms, _ in later)
    seconds = max(start + ms / 1000 for start, ms, _ in later) - everyone_in
    print(
        f"Officers after all had signed in ({seconds:.0f} s): "
        f"{len(later) / seconds:.1f} requests/s; median {statistics.median(times):.0f} ms; "
        f"95th percentile {statistics.quantiles(times, n=20)[-1]:.0f} ms; "
        f"{sum(not ok for *_, ok in later)} failed"
    )
    made = results.get("annexes", [])
    if made:
        print(
            f"Annexes made meanwhile by the worker: {len(made)}; asking to download: median "
            f"{statistics.median(made):.1f} s, slowest {max(made):.1f} s"
        )


def web_cpu(results: dict) -> None:
    """What a page costs the web processes: their CPU seconds over the second half of the run
    (everyone signed in) against the requests answered meanwhile, and so what a core serves."""
    figures = os.environ.get("LOAD_WEB_CPU", "").split()
    if len(figures) != 4:
        return
    start, cpu_start, end, cpu_end = map(float, figures)
    answered = [r for r in results["requests"] if start <= r[0] and r[0] + r[1] / 1000 <= end]
    officers = {name for *_, name in answered if not name.startswith("annex")}
    if not answered or not officers:
        return
    per_request = (cpu_end - cpu_start) / len(answered) * 1000
    span = max(r[0] + r[1] / 1000 for r in answered) - start  # locust stops before `end`
    rate = len(answered) / span
    per_officer = rate / 50  # requests a second each simulated officer made
    print(
        f"Web CPU in the second half ({span:.0f} s): {cpu_end - cpu_start:.1f} s for "
        f"{len(answered)} requests, {per_request:.0f} ms a request; one core answers "
        f"{1000 / per_request:.0f} requests/s, {1000 / per_request / per_officer:.0f} officers "
        f"at this test's pace of one request every {1 / per_officer:.1f} s each"
    )


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]))
