"""Bench tool: print the load test's figures and check every accepted update is in the database.

    python bench/load/check_results.py STATS_CSV POSTED_FILE RUN_MARKER

Exits 1 if any request failed, or if the updates the server accepted and the updates the
database holds for this run differ in any way (missing, extra or duplicated).
"""

import csv
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement_tracker.settings.prod")

import django  # noqa: E402

django.setup()

from actions.models import ProgressUpdate  # noqa: E402


def main(stats_csv: Path, posted_file: Path, run: str) -> int:
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

    posted = Counter(line for line in posted_file.read_text(encoding="utf-8").splitlines() if line)
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


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]))
