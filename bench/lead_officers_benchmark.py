"""How fast a large council's lead officers page answers, and matching one title.

    .venv/bin/python bench/lead_officers_benchmark.py [--actions 20000] [--titles 2000] [--runs 9]

Builds a throwaway SQLite database with one council of N actions whose lead officer cells name
T distinct titles (some cells two or three, as published plans run them together), matches half
the titles to officers, then times the lead officers page through Django's test client and one
title's matching (owners set on the open actions it leads). Prints figures; not a test.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ["Director of", "Head of", "AD", "Assistant Director", "Chief"]
AREAS = ["Finance", "Housing", "Planning", "Adult Care", "Children's Services", "Highways",
         "Waste", "Libraries", "Digital", "Procurement", "HR", "Legal", "Comms"]  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--titles", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="tracker-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "improvement_tracker.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from actions.lead_officers import lead_officer_role_match

    call_command("migrate", verbosity=0)
    council, coordinator, officers, titles = build(args.actions, args.titles)
    for title, officer in zip(titles[::2], officers, strict=False):
        lead_officer_role_match(council=council, name=title, people=[officer])

    client = Client()
    client.force_login(coordinator)
    url = reverse("plan_editor:lead_officers", args=[council.slug])
    client.get(url)
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    print(f"lead officers page, {args.titles:,} titles over {args.actions:,} actions: "
          f"median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms")  # fmt: skip
    started = time.perf_counter()
    lead_officer_role_match(council=council, name=titles[1], people=[officers[-1]])
    print(f"matching one title: {(time.perf_counter() - started) * 1000:.0f} ms")


def build(action_count: int, title_count: int):
    from django.contrib.auth import get_user_model

    from actions.models import Action
    from councils.models import Council, Membership, Role
    from plans.models import ImprovementPlan

    rng = random.Random(11)  # noqa: S311 - repeatable sample data, not security
    council = Council.objects.create(name="Bench City Council", slug="bench")
    users = get_user_model().objects
    coordinator = users.create_user("coordinator")
    Membership.objects.create(user=coordinator, council=council, role=Role.COORDINATOR)
    officers = [users.create_user(f"officer{n}") for n in range(200)]
    Membership.objects.bulk_create(
        Membership(user=user, council=council, role=Role.OFFICER) for user in officers
    )
    titles = [
        f"{KINDS[n % len(KINDS)]} {AREAS[n // len(KINDS) % len(AREAS)]} {n}"
        for n in range(title_count)
    ]
    plan = ImprovementPlan.objects.create(council=council, title="Big plan", slug="big")
    Action.objects.bulk_create(
        Action(
            plan=plan,
            ref=str(n),
            title=f"Action {n}",
            lead_officer=" ".join(rng.sample(titles, rng.choice([1, 1, 1, 2, 3]))),
            position=n,
        )
        for n in range(action_count)
    )
    return council, coordinator, officers, titles


if __name__ == "__main__":
    main()
