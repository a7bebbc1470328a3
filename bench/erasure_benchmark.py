"""How long erasing a person takes when every text column of every table is searched, on SQLite.

    .venv/bin/python bench/erasure_benchmark.py [--actions 20000] [--updates 100000] [--named 500]

Builds the same throwaway council as bench/officer_pages.py, names its coordinator Tom Hughes,
writes his name and address into `--named` updates' narratives and lead officers, then times
`person_erase` (the account, its history, every text and JSON column of every table, sessions)
and prints how many columns' rows it rewrote. Not a test.
"""

import argparse
import os
import sys
import tempfile
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
    parser.add_argument("--named", type=int, default=500)
    args = parser.parse_args()
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="tracker-bench-media-")
    coordinator, plan, _ = setup_database(args.actions, args.updates)

    from accounts.erasure import person_erase
    from actions.models import Action, ProgressUpdate
    from councils.models import Membership, Role
    from tests.factories import UserFactory

    Membership.objects.create(  # another coordinator, so erasing Tom leaves the council one
        user_id=UserFactory(username="kay").pk, council=plan.council, role=Role.COORDINATOR
    )
    coordinator.first_name, coordinator.last_name = "Tom", "Hughes"
    coordinator.email = "tom.hughes@york.example.org"
    coordinator.save()
    named = ProgressUpdate.objects.filter(action__plan=plan).order_by("pk")[: args.named]
    ProgressUpdate.objects.filter(pk__in=list(named.values_list("pk", flat=True))).update(
        narrative="Signed off by Tom Hughes (tom.hughes@york.example.org)"
    )
    some = list(Action.objects.filter(plan=plan).values_list("pk", flat=True)[: args.named])
    Action.objects.filter(pk__in=some).update(lead_officer="Tom Hughes, Head of Finance")

    started = time.perf_counter()
    person_erase(user=coordinator)
    took = time.perf_counter() - started
    left = ProgressUpdate.objects.filter(narrative__icontains="tom hughes").count()
    print(
        f"Erasing Tom Hughes from {args.actions:,} actions and {args.updates:,} updates "
        f"({args.named} updates and {len(some)} actions naming him): {took:.1f} s; "
        f"updates still naming him: {left}"
    )


if __name__ == "__main__":
    main()
