"""A round counts each covered action by its latest update of the round, kept as updates are
recorded (`rounds.latest`): these check it against the updates themselves, whichever way they
were written, and the round page's counts against a count by hand."""

from collections import Counter
from datetime import date, timedelta

import pytest

from actions.models import ProgressUpdate
from actions.services import progress_update_create, progress_updates_record_many
from rounds.latest import latest_updates_refresh
from rounds.models import Decision, LatestUpdate
from rounds.selectors import round_progress, round_updates
from rounds.services import round_open, round_publish, update_review

TODAY = date(2027, 3, 1)


@pytest.fixture
def opened(cycle):
    return round_open(
        plan=cycle["plan"], user=cycle["coordinator"], meeting_date=date(2027, 3, 22), today=TODAY
    )


def stored(reporting_round):
    return dict(
        LatestUpdate.objects.filter(round=reporting_round).values_list("action__ref", "update_id")
    )


def latest_by_hand(reporting_round):
    """Each action's last update recorded while the round was open, read from the updates."""
    latest = {}
    for update in round_updates(reporting_round).order_by("recorded_at", "id"):
        latest[update.action.ref] = update.pk
    return latest


def counted_by_hand(reporting_round):
    """(theme, state) and (owner, state) counts, action by action, as the round page shows."""
    latest = latest_by_hand(reporting_round)
    by_theme, by_owner = Counter(), Counter()
    for action in reporting_round.actions.filter(closed_on__isnull=True):
        update_id = latest.get(action.ref)
        if update_id is None:
            state = "outstanding"
        else:
            review = getattr(ProgressUpdate.objects.get(pk=update_id), "review", None)
            returned = review is not None and review.decision == Decision.RETURNED
            state = "returned" if returned else "updated"
        by_theme[f"{action.theme.number}. {action.theme.title}", state] += 1
        for owner in action.owners.all() or [None]:
            by_owner[owner.get_full_name() or owner.username if owner else "No owner", state] += 1
    return by_theme, by_owner


def first_listed(reporting_round, count):
    """The refs of the first `count` outstanding actions, and of the first `count` to review."""
    outstanding, to_review = round_progress(reporting_round).first_listed(count)
    return [i.action.ref for i in outstanding], [i.action.ref for i in to_review]


def counted_by_page(reporting_round):
    progress = round_progress(reporting_round)
    by_theme, by_owner = Counter(), Counter()
    for tallies, counts in ((progress.by_theme, by_theme), (progress.by_officer, by_owner)):
        for tally in tallies:
            for state, count in tally.counts.items():
                counts[tally.name, state] += count
    return by_theme, by_owner


def test_each_action_counts_by_its_latest_update_however_recorded(cycle, opened):
    ann, coordinator = cycle["ann"], cycle["coordinator"]
    assert stored(opened) == {}
    first = progress_update_create(action=cycle["1.1"], author=ann, status="on_track")
    assert stored(opened) == {"1.1": first.pk}

    second = progress_update_create(action=cycle["1.1"], author=ann, status="at_risk")
    update_review(
        reporting_round=opened, update=second, decision="returned", comment="Say why",
        reviewer=coordinator,
    )  # fmt: skip
    # A history entry written later but dated before the latest does not replace it, and one
    # dated before the round opened does not count at all.
    progress_update_create(
        action=cycle["1.1"], author=ann, status="on_track",
        recorded_at=second.recorded_at - timedelta(seconds=1),
    )  # fmt: skip
    progress_update_create(
        action=cycle["2.1"], author=ann, status="on_track",
        recorded_at=opened.opened_at - timedelta(days=1),
    )  # fmt: skip
    assert stored(opened) == latest_by_hand(opened) == {"1.1": second.pk}

    # A spreadsheet of updates for many actions at once.
    progress_updates_record_many(
        author=coordinator,
        entries=[(cycle["1.2"], {"status": "on_track"}), (cycle["2.1"], {"status": "off_track"})],
    )
    # And one saved by itself, as the admin would.
    ProgressUpdate.objects.create(
        action=cycle["2.2"], status="on_track", as_at=TODAY, author_name="Admin"
    )
    assert stored(opened) == latest_by_hand(opened)
    assert set(stored(opened)) == {"1.1", "1.2", "2.1", "2.2"}

    progress = round_progress(opened)
    assert (progress.totals.updated, progress.totals.returned, progress.totals.outstanding) == (
        3, 1, 0,
    )  # fmt: skip
    assert progress.unreviewed_count == 3 and progress.nobody_count == 1
    assert counted_by_page(opened) == counted_by_hand(opened)
    # not reviewed first, then in plan order; 1.1 was returned: outstanding, and reviewed
    assert first_listed(opened, 10) == (["1.1"], ["1.2", "2.1", "2.2", "1.1"])

    before = stored(opened)
    latest_updates_refresh(opened)  # read again from scratch: nothing moves
    assert stored(opened) == before


def test_a_published_round_keeps_the_updates_it_was_frozen_with(cycle, opened):
    ann = cycle["ann"]
    kept = progress_update_create(action=cycle["1.1"], author=ann, status="on_track")
    published = round_publish(reporting_round=opened, user=cycle["coordinator"])
    progress_update_create(action=cycle["1.1"], author=ann, status="off_track")
    progress_update_create(action=cycle["1.2"], author=ann, status="off_track")
    assert stored(published) == latest_by_hand(published) == {"1.1": kept.pk}
    progress = round_progress(published)
    assert (progress.totals.updated, progress.totals.outstanding) == (1, 3)


def test_an_action_closed_during_the_round_is_not_counted_while_it_is_open(cycle, opened):
    progress_update_create(action=cycle["2.1"], author=cycle["bob"], status="on_track")
    cycle["2.1"].closed_on = TODAY
    cycle["2.1"].save()
    progress = round_progress(opened)
    assert progress.totals.total == 3 and progress.totals.updated == 0
    assert counted_by_page(opened) == counted_by_hand(opened)
    assert first_listed(opened, 10) == (["1.1", "1.2", "2.2"], [])


def test_the_first_lists_read_in_plan_order_and_stop_when_full(cycle, opened):
    for ref in ("2.2", "1.2", "1.1"):
        update = progress_update_create(action=cycle[ref], author=cycle["ann"], status="on_track")
        if ref == "1.2":
            update_review(
                reporting_round=opened, update=update, decision="accepted", comment="",
                reviewer=cycle["coordinator"],
            )  # fmt: skip
    assert first_listed(opened, 2) == (["2.1"], ["1.1", "2.2"])
    assert first_listed(opened, 3) == (["2.1"], ["1.1", "2.2", "1.2"])
    (item,), _ = round_progress(opened).first_listed(5)
    assert [owner.username for owner in item.owners] == ["bob"]
    assert item.deadline == opened.deadline and item.action.plan == cycle["plan"]
