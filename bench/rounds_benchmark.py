"""How long a round's emails take for a large council, through a real SMTP server.

    .venv/bin/python bench/rounds_benchmark.py [--actions 20000] [--owners 1000]
    DATABASE_URL=postgres://... .venv/bin/python bench/rounds_benchmark.py   (PostgreSQL)

Builds a throwaway database (SQLite unless DATABASE_URL is set) with one plan of N actions,
each owned by one of M officers, opens a round, and times: opening it, sending the requests
(one email per officer, through aiosmtpd on loopback), running the schedule again (nothing due),
the reminder run, and the round page with half its actions updated (a tenth of those returned)
and an extension given to one officer. Prints figures; not a test.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--owners", type=int, default=1_000)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        workdir = tempfile.mkdtemp(prefix="tracker-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "improvement_tracker.settings.test"
    # Opening a round queues its requests; here they are sent by the timed run below.
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from tests.smtp import SmtpServer

    call_command("migrate", verbosity=0)
    server = SmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = (
        "127.0.0.1",
        server.port,
        False,
    )

    plan, coordinator = build(args.actions, args.owners)
    from django.utils import timezone

    from rounds.emails import round_emails_send_due
    from rounds.services import round_open

    today = timezone.localdate()
    started = time.perf_counter()
    reporting_round = round_open(
        plan=plan, user=coordinator, meeting_date=today + timedelta(days=28), today=today
    )
    opened = time.perf_counter() - started
    print(f"open the round ({reporting_round.actions.count():,} actions)  {opened:6.2f} s")

    started = time.perf_counter()
    report = round_emails_send_due(today=today)
    took = time.perf_counter() - started
    people = {tuple(m.envelope_to) for m in server.inbox.messages}
    print(
        f"requests: {report.sent:,} sent, {report.failed} failed, {len(server.inbox.messages):,} "
        f"received by the SMTP server for {len(people):,} distinct people   {took:6.2f} s"
    )

    started = time.perf_counter()
    again = round_emails_send_due(today=today)
    print(
        f"the schedule again, nothing due: {again.sent} sent   "
        f"{time.perf_counter() - started:6.2f} s"
    )

    reminder_day = reporting_round.deadline - timedelta(days=reporting_round.reminder_days)
    started = time.perf_counter()
    reminders = round_emails_send_due(today=reminder_day)
    print(f"reminders: {reminders.sent:,} sent   {time.perf_counter() - started:6.2f} s")

    half_updated(reporting_round, coordinator)
    from rounds.services import round_extend

    round_extend(
        reporting_round=reporting_round,
        user=coordinator,
        person=reporting_round.actions.first().owners.first(),
        deadline=reporting_round.deadline + timedelta(days=3),
    )
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(coordinator)
    url = reverse("rounds:detail", args=[reporting_round.pk])
    client.get(url)  # templates compiled, connection open
    times = []
    for _ in range(9):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append(time.perf_counter() - started)
    print(
        f"round page, median of 9: {statistics.median(times) * 1000:6.0f} ms "
        f"(worst {max(times) * 1000:.0f} ms)"
    )
    plain = reverse("accessibility")
    client.get(plain)
    baseline = []
    for _ in range(9):
        started = time.perf_counter()
        assert client.get(plain).status_code == 200
        baseline.append(time.perf_counter() - started)
    print(
        f"a plain page (the accessibility statement), median of 9: "
        f"{statistics.median(baseline) * 1000:6.0f} ms; the round page costs "
        f"{statistics.median(times) / statistics.median(baseline):.0f}× it"
    )
    server.stop()


def half_updated(reporting_round, coordinator):
    """Every other action updated in the round, and one update in ten of those returned."""
    from django.utils import timezone

    from actions.models import ProgressUpdate
    from rounds.models import Decision, UpdateReview

    now = timezone.now()
    updates = ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action_id=pk, status="on_track", narrative="Going to plan", as_at=now.date(),
            recorded_at=now, author_name="Officer",
        )
        for pk in reporting_round.actions.order_by("id").values_list("id", flat=True)[::2]
    )  # fmt: skip
    UpdateReview.objects.bulk_create(
        UpdateReview(
            round=reporting_round, update=update, reviewer=coordinator,
            decision=Decision.RETURNED if index % 10 == 0 else Decision.ACCEPTED,
            comment="Say what the board decided" if index % 10 == 0 else "",
        )
        for index, update in enumerate(updates)
    )  # fmt: skip
    from rounds.latest import latest_updates_refresh

    latest_updates_refresh(reporting_round)  # written in bulk here, not through the services
    print(f"{len(updates):,} updates recorded in the round, {len(updates) // 10:,} returned")


def build(action_count, owner_count):
    from django.contrib.auth import get_user_model

    from actions.models import Action
    from councils.models import Council, Membership, Role
    from plans.models import ImprovementPlan, Theme

    User = get_user_model()
    council = Council.objects.create(name="Large Council", slug="large")
    plan = ImprovementPlan.objects.create(
        council=council, title="Large plan", slug="large-plan", source="internal"
    )
    themes = [Theme.objects.create(plan=plan, number=str(n), title=f"Theme {n}") for n in range(8)]
    coordinator = User.objects.create(username="coordinator", email="coordinator@large.example")
    Membership.objects.create(user=coordinator, council=council, role=Role.COORDINATOR)
    users = User.objects.bulk_create(
        User(username=f"officer{n}", email=f"officer{n}@large.example", first_name=f"Officer {n}")
        for n in range(owner_count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, council=council, role=Role.OFFICER) for user in users
    )
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            ref=f"{n // 100}.{n % 100}",
            title=f"Deliver improvement {n} of the plan",
            theme=themes[n % len(themes)],
            position=n,
            lead_officer=f"Head of Service {n % 40}",
        )
        for n in range(action_count)
    )
    Through = Action.owners.through
    Through.objects.bulk_create(
        Through(action_id=action.pk, user_id=users[index % owner_count].pk)
        for index, action in enumerate(actions)
    )
    return plan, coordinator


if __name__ == "__main__":
    main()
