"""What the public page of York's demo plan costs, rendered and from its cache, beside the
sign-in page (a plain GOV.UK page).

    .venv/bin/python bench/public_page.py [--runs 15]

Loads the demo and its published rounds into a throwaway SQLite database, then asks each page
through Django's test client with the test settings (the local-memory cache): the public page
once with its cache emptied before each request, once from its cache. Prints the median CPU time
of each, in milliseconds, and its ratio to the sign-in page. Target: from its cache, under 150 ms.
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


def setup() -> str:
    workdir = tempfile.mkdtemp(prefix="tracker-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "improvement_tracker.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.urls import reverse

    from demo.plans import load_demo
    from demo.rounds import load_demo_rounds
    from plans.models import ImprovementPlan

    call_command("migrate", verbosity=0)
    load_demo()
    load_demo_rounds()
    york = ImprovementPlan.objects.get(council__slug="york")
    return reverse("public:plan", args=["york", york.slug])


def cpu_ms(client, url, runs: int, before=None) -> float:
    client.get(url)  # templates loaded once, as in a running server
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.process_time()
        response = client.get(url)
        times.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    public_url = setup()

    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    client = Client()
    sign_in = cpu_ms(client, reverse("login"), args.runs)
    rendered = cpu_ms(client, public_url, args.runs, before=cache.clear)
    cached = cpu_ms(client, public_url, args.runs)
    print(f"{'page':<36} {'median CPU ms':>14} {'× sign-in':>10}")
    for name, ms in (
        ("sign-in page", sign_in),
        ("public page, rendered", rendered),
        ("public page, from its cache", cached),
    ):
        print(f"{name:<36} {ms:>14.1f} {ms / sign_in:>10.2f}")


if __name__ == "__main__":
    main()
