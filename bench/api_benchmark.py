"""How fast the read API answers for a council of 20,000 actions, on SQLite.

    .venv/bin/python bench/api_benchmark.py [--actions 20000] [--updates 100000] [--runs 25]

Builds the same throwaway council as bench/officer_pages.py, makes it an API token, and times
pages of 100 actions (plain, filtered, deep, as at a date) and of updates through Django's test
client, printing the median and worst time and the query count of each. Not a test.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from officer_pages import setup_database  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--updates", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    os.environ["API_RATE_LIMIT"] = "1000000/min"  # timing the answers, not the limit
    user, big_plan, _ = setup_database(args.actions, args.updates)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from api.tokens import api_token_create

    _, raw = api_token_create(council=big_plan.council, name="Benchmark")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    pages = [
        ("actions, page 1 of 100", "/api/v1/actions/?page_size=100"),
        ("actions of one plan", f"/api/v1/actions/?plan={big_plan.pk}&page_size=100"),
        (
            "actions, at risk and overdue",
            "/api/v1/actions/?status=at_risk&overdue=true&page_size=100",
        ),
        ("actions, deep page (150)", "/api/v1/actions/?page=150&page_size=100"),
        ("actions as at 2025-01-01", "/api/v1/actions/?as_at=2025-01-01&page_size=100"),
        ("updates, page 1 of 100", "/api/v1/updates/?page_size=100"),
    ]
    print(f"\n{'page':36} {'median ms':>10} {'worst ms':>9} {'queries':>8}")
    for name, url in pages:
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        print(f"{name:36} {statistics.median(times):10.1f} {max(times):9.1f} {len(captured):8d}")


if __name__ == "__main__":
    main()
