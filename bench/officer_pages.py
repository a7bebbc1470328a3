"""How fast the officers' pages answer on SQLite with a large council.

    .venv/bin/python bench/officer_pages.py [--actions 20000] [--updates 100000] [--runs 15]

Builds a throwaway SQLite database with one council of N actions (a third of them sub-actions)
and M progress updates, then times the action list (filtered, sorted, first and deep pages) and
the plan page of a 300-action plan through Django's test client, and prints the median and worst
time and the query count of each. Not a test: it prints figures.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--updates", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    user, big_plan, plan_300 = setup_database(args.actions, args.updates)

    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    pages = [
        ("action list, no filter, page 1", reverse("action_list"), {}),
        (
            "action list, status + overdue, page 1",
            reverse("action_list"),
            {"status": ["at_risk", "off_track"], "overdue": "yes"},
        ),
        (
            "action list, plan + theme + sort by target",
            reverse("action_list"),
            {"plan": big_plan.pk, "theme": big_plan.themes.first().pk, "sort": "-target_date"},
        ),
        ("action list, free-text search", reverse("action_list"), {"q": "consultation"}),
        (
            "action list, no update since",
            reverse("action_list"),
            {
                "no_update_since_0": "1",
                "no_update_since_1": "1",
                "no_update_since_2": "2025",
                "sort": "last_update",
            },
        ),
        ("action list, deep page (700)", reverse("action_list"), {"page": 700}),
        (
            "action list, deep page, sorted by status",
            reverse("action_list"),
            {"page": 500, "sort": "status"},
        ),
        (
            "plan page, 300 actions",
            reverse("plan_detail", args=[plan_300.council.slug, plan_300.slug]),
            {},
        ),
        ("my actions", reverse("home"), {}),
    ]
    print(f"\n{'page':48} {'median ms':>10} {'worst ms':>9} {'queries':>8}")
    for name, url, params in pages:
        times, queries = measure(client, url, params, args.runs)
        print(f"{name:48} {statistics.median(times):10.1f} {max(times):9.1f} {queries:8d}")


def setup_database(actions: int, updates: int):
    """A throwaway SQLite database holding one council of `actions` actions and `updates`
    updates: (its coordinator, its biggest plan, its 300-action plan)."""
    workdir = tempfile.mkdtemp(prefix="tracker-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "improvement_tracker.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    built = build(actions, updates)
    took = time.perf_counter() - started
    print(f"Built {actions:,} actions and {updates:,} updates in {took:.1f} s")
    return built


def measure(client, url, params, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # warm caches and templates
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url, params)
    return times, len(captured)


def build(action_count, update_count):
    from django.contrib.auth import get_user_model

    from actions.models import Action, ProgressUpdate
    from actions.target_dates import parse_target_date
    from councils.models import Council, Membership, Role
    from plans.models import ImprovementPlan, Recommendation, Theme
    from plans.status import Status

    rng = random.Random(7)  # noqa: S311 - repeatable sample data, not security
    council = Council.objects.create(name="Bench City Council", slug="bench")
    user = get_user_model().objects.create_user("bench", first_name="Bench", last_name="Officer")
    Membership.objects.create(user=user, council=council, role=Role.COORDINATOR)
    words = [
        "Review",
        "consultation",
        "governance",
        "budget",
        "scrutiny",
        "workforce",
        "digital",
        "partners",
    ]
    targets = [
        "March 2024",
        "December 24 and ongoing",
        "Q4 2024/25",
        "31/03/2026",
        "Ongoing",
        "June 2025",
    ]
    statuses = list(Status)

    plan_300 = None
    remaining = action_count
    plans = []
    while remaining > 0:
        size = 300 if plan_300 is None else min(remaining, 2_000)
        plan = ImprovementPlan.objects.create(
            council=council,
            title=f"Plan {len(plans) + 1}",
            slug=f"plan-{len(plans) + 1}",
            source="peer_challenge",
        )
        plan_300 = plan_300 or plan
        plans.append((plan, size))
        remaining -= size
    big_plan = plans[-1][0] if len(plans) > 1 else plan_300

    for plan, size in plans:
        themes = Theme.objects.bulk_create(
            Theme(plan=plan, number=str(n), title=f"Theme {n}", position=n) for n in range(1, 5)
        )
        recs = Recommendation.objects.bulk_create(
            Recommendation(plan=plan, ref=f"R{n}", title=f"Recommendation {n}", position=n)
            for n in range(1, 16)
        )
        parent_count = size // 3
        parents = Action.objects.bulk_create(
            Action(
                plan=plan,
                ref=f"{n + 1}",
                title=f"{rng.choice(words)} action {n + 1}",
                theme=themes[n % 4],
                position=n * 10,
            )
            for n in range(parent_count)
        )
        children = []
        for n in range(size - parent_count):
            target = rng.choice(targets)
            parsed = parse_target_date(target)
            parent = parents[n % parent_count]
            children.append(
                Action(
                    plan=plan,
                    parent=parent,
                    theme=parent.theme,
                    ref=f"{parent.ref}.{n // parent_count + 1}",
                    title=f"{rng.choice(words)} {rng.choice(words)} sub-action {n + 1}",
                    detail="Detail " * 20,
                    lead_officer=rng.choice(
                        ["Chief Officer HR", "Director of Finance", "Head of Comms"]
                    ),
                    target_text=target,
                    target_date=parsed.date,
                    target_ongoing=parsed.ongoing,
                    position=parent.position + n // parent_count + 1,
                )
            )
        Action.objects.bulk_create(children, batch_size=2_000)
        Through = Action.recommendations.through
        saved = list(
            Action.objects.filter(plan=plan, parent__isnull=False).values_list("pk", flat=True)
        )
        Through.objects.bulk_create(
            (Through(action_id=pk, recommendation_id=recs[pk % 15].pk) for pk in saved),
            batch_size=5_000,
        )
        Owners = Action.owners.through
        Owners.objects.bulk_create(
            (Owners(action_id=pk, user_id=user.pk) for pk in saved[:50]), batch_size=5_000
        )

    leaves = list(Action.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    per_action = max(1, update_count // len(leaves))
    start = date(2024, 4, 30)
    latest = {}
    batch = []
    for pk in leaves:
        for n in range(per_action):
            status = rng.choice(statuses)
            as_at = start + timedelta(days=30 * n)
            batch.append(
                ProgressUpdate(
                    action_id=pk,
                    status=status,
                    as_at=as_at,
                    narrative=f"{rng.choice(words)} progress {n}",
                )
            )
            latest[pk] = (status, as_at)
        if len(batch) >= 10_000:
            ProgressUpdate.objects.bulk_create(batch)
            batch = []
    ProgressUpdate.objects.bulk_create(batch)
    by_state = {}
    for pk, state in latest.items():
        by_state.setdefault(state, []).append(pk)
    for (status, as_at), pks in by_state.items():
        for chunk in range(0, len(pks), 900):
            Action.objects.filter(pk__in=pks[chunk : chunk + 900]).update(
                status=status, status_as_at=as_at
            )
    return user, big_plan, plan_300


if __name__ == "__main__":
    main()
