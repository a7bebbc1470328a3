"""What the read API's `as_at` costs now that it reads each action's standing on the date by the
one overdue rule (target in force then, status then, closed by then), against today's stored one.

    .venv/bin/python bench/api_as_at.py [--actions 20000] [--updates 100000] [--runs 9]

Builds the same throwaway SQLite council as `bench/officer_pages.py`, then times one page of
`/api/v1/actions/` and the whole `/api/v1/actions.csv`, with and without `as_at` and `overdue`,
through Django's test client. Not a test: it prints figures.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from officer_pages import measure, setup_database  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--updates", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    user, big_plan, _ = setup_database(args.actions, args.updates)

    from django.test import Client

    from api.tokens import api_token_create

    token = api_token_create(council=big_plan.council, name="Bench")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    asks = [
        ("page of 100, today", "/api/v1/actions/", {}),
        ("page of 100, as at 2025-03-31", "/api/v1/actions/", {"as_at": "2025-03-31"}),
        ("overdue, today", "/api/v1/actions/", {"overdue": "true"}),
        (
            "overdue as at 2025-03-31",
            "/api/v1/actions/",
            {"overdue": "true", "as_at": "2025-03-31"},
        ),
        ("whole CSV, today", "/api/v1/actions.csv", {}),
        ("whole CSV, as at 2025-03-31", "/api/v1/actions.csv", {"as_at": "2025-03-31"}),
    ]
    print(f"{'ask':<32} {'median':>9} {'worst':>9} {'queries':>8}")
    for name, url, params in asks:
        times, queries = measure(client, url, params, args.runs)
        print(f"{name:<32} {statistics.median(times):>7.0f}ms {max(times):>7.0f}ms {queries:>8}")


if __name__ == "__main__":
    main()
