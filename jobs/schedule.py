"""Scheduled work: each app's `tasks.py` marks functions `@scheduled(every=...)`, and
`manage.py run_scheduled` (from cron or a systemd timer, every few minutes) runs those that are
due. Each is claimed with a lease first, so overlapping runs never do the same work twice.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduledWork:
    name: str
    function: Callable[[], str | None]
    every: timedelta
    lease: timedelta


REGISTRY: dict[str, ScheduledWork] = {}


def scheduled(*, every: timedelta, lease: timedelta = timedelta(minutes=30)):
    """Run the function from the schedule at most once per `every`. It returns a line saying
    what it did. `lease` is how long a run may take before another may start it again."""

    def register(function):
        name = f"{function.__module__}.{function.__qualname__}"
        REGISTRY[name] = ScheduledWork(name, function, every, lease)
        return function

    return register


def scheduled_work() -> list[ScheduledWork]:
    autodiscover_modules("tasks")
    return sorted(REGISTRY.values(), key=lambda work: work.name)


def run_due(*, now=None, only: str | None = None) -> list[tuple[str, str]]:
    """Run every piece of scheduled work that is due and free; (name, what it did) for each."""
    done = []
    for work in scheduled_work():
        if only and only not in work.name:
            continue
        if not _claim(work, now or timezone.now()):
            continue
        try:
            outcome = work.function() or "done"
        except Exception as error:
            logger.exception("Scheduled %s failed", work.name)
            outcome = f"failed: {error}"
            _release(work, outcome, finished=False)
        else:
            _release(work, outcome, finished=True)
        done.append((work.name, outcome))
    return done


def _claim(work: ScheduledWork, now) -> bool:
    try:
        with transaction.atomic():
            ScheduledRun.objects.get_or_create(name=work.name)
    except IntegrityError:
        pass  # another run created it at the same moment
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - work.every)
    free = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    return bool(
        ScheduledRun.objects.filter(due & free, name=work.name).update(
            locked_until=now + work.lease, last_started_at=now
        )
    )


def _release(work: ScheduledWork, outcome: str, *, finished: bool) -> None:
    fields = {"locked_until": None, "last_outcome": outcome[:2000]}
    if finished:
        fields["last_finished_at"] = timezone.now()
    ScheduledRun.objects.filter(name=work.name).update(**fields)
