"""Several officers saving at once on the embedded SQLite database (run by test_sqlite_writers).

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m tests.sqlite_writers WORKERS UPDATES

Each worker process records UPDATES progress updates on actions shared with the others, while
also reading the action list, then the parent checks every update is there. Prints one line:
"<journal mode> <updates found> <errors>".
"""

import multiprocessing
import os
import sys
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement_tracker.settings.test")


def setup():
    import django

    django.setup()


def prepare(action_count):
    from django.core.management import call_command

    from actions.models import Action
    from tests.factories import PlanFactory

    call_command("migrate", verbosity=0)
    plan = PlanFactory()
    Action.objects.bulk_create(
        Action(plan=plan, ref=str(n), title=f"Action {n}", position=n) for n in range(action_count)
    )


def work(arguments):
    worker, updates = arguments
    setup()
    from actions.models import Action
    from actions.services import progress_update_create

    errors = 0
    actions = list(Action.objects.order_by("pk"))
    for n in range(updates):
        action = actions[(worker + n) % len(actions)]  # workers collide on the same actions
        try:
            progress_update_create(
                action=action,
                author=None,
                status=["on_track", "at_risk", "complete"][n % 3],
                narrative=f"Worker {worker}, update {n}",
                as_at=date(2025, 1, 1 + n % 28),
            )
            list(Action.objects.select_related("plan")[:25])  # readers alongside writers
        except Exception as error:  # noqa: BLE001 - counted and reported, which is the point
            print(f"worker {worker}: {error!r}", file=sys.stderr)
            errors += 1
    return errors


def main():
    workers, updates = int(sys.argv[1]), int(sys.argv[2])
    setup()
    prepare(action_count=4)
    from django.db import connection, connections

    connections.close_all()  # each worker opens its own connection
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        errors = sum(pool.map(work, [(worker, updates) for worker in range(workers)]))
    from actions.models import ProgressUpdate

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    print(mode, ProgressUpdate.objects.count(), errors)


if __name__ == "__main__":
    main()
