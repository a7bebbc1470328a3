"""A coordinator steers an open round: changes its dates (everyone still to answer told once),
gives one person or one action more time (reminded and chased against it), or withdraws it (no
email after, nothing published)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from actions.services import progress_update_create
from rounds.emails import round_emails_send_due
from rounds.models import MessageKind, ReportingRound, RoundMessage, RoundState
from rounds.services import RoundError, round_change, round_extend, round_open, round_withdraw

TODAY = date(2027, 3, 1)
MEETING = date(2027, 3, 22)  # the deadline is ten working days before: 8 March


@pytest.fixture
def opened(cycle, smtp):
    reporting_round = round_open(
        plan=cycle["plan"],
        user=cycle["coordinator"],
        meeting_date=MEETING,
        committee="Audit Committee",
        today=TODAY,
    )
    round_emails_send_due(today=TODAY)
    assert len(smtp.messages) == 2  # ann's and bob's requests
    smtp.messages.clear()
    return reporting_round


def change(reporting_round, user, **changes):
    wanted = {
        name: getattr(reporting_round, name)
        for name in ("committee", "meeting_date", "deadline", "as_at", "reminder_days")
    }
    return round_change(
        reporting_round=reporting_round, user=user, today=TODAY, **(wanted | changes)
    )


def subjects(smtp, address):
    return [message["Subject"] for message in smtp.to(address)]


def test_a_new_deadline_is_emailed_once_to_those_still_to_answer(cycle, opened, smtp):
    for ref in ("1.1", "1.2"):  # ann has answered for all hers; bob still owes 2.1
        progress_update_create(action=cycle[ref], author=cycle["ann"], status="on_track")
    made = change(opened, cycle["coordinator"], deadline=date(2027, 3, 12), reason="Half term")
    assert made.summary == "Deadline for updates: 8 March 2027 → 12 March 2027"
    round_emails_send_due(today=TODAY)
    round_emails_send_due(today=TODAY)
    assert subjects(smtp, "ann@york.example.org") == []
    (told,) = smtp.to("bob@york.example.org")
    assert told["Subject"].startswith("Changed: progress updates now due by 12 March 2027")
    text = smtp.text(told)
    assert "Deadline for updates: 8 March 2027 → 12 March 2027" in text
    assert "Why: Half term" in text and "2.1 " in text and "1.1 " not in text

    # Reminders and the chaser now go against the new deadline, once each.
    round_emails_send_due(today=date(2027, 3, 8))
    round_emails_send_due(today=date(2027, 3, 9))
    assert [s.split(":")[0] for s in subjects(smtp, "bob@york.example.org")] == [
        "Changed",
        "Reminder",
    ]
    round_emails_send_due(today=date(2027, 3, 13))
    round_emails_send_due(today=date(2027, 3, 14))
    assert subjects(smtp, "bob@york.example.org")[-1].startswith(
        "Overdue: progress updates were due on 12 March 2027"
    )
    assert len(smtp.to("bob@york.example.org")) == 3


def test_changing_only_the_committee_emails_nobody(cycle, opened, smtp):
    made = change(opened, cycle["coordinator"], committee="Cabinet")
    assert made.summary == "Committee: Audit Committee → Cabinet" and not made.tells_officers
    assert change(opened, cycle["coordinator"], committee="Cabinet") is None  # nothing new
    round_emails_send_due(today=TODAY)
    assert smtp.messages == []


def test_a_change_that_breaks_the_rounds_dates_is_refused_and_changes_nothing(cycle, opened):
    with pytest.raises(RoundError, match="on or before the meeting date") as refused:
        change(opened, cycle["coordinator"], deadline=MEETING + timedelta(days=1))
    assert refused.value.field == "deadline"
    opened.refresh_from_db()
    assert opened.deadline == date(2027, 3, 8) and not opened.changes.exists()


def test_more_time_for_one_person_is_told_to_them_and_they_are_chased_against_it(
    cycle, opened, smtp
):
    extension = round_extend(
        reporting_round=opened,
        user=cycle["coordinator"],
        person=cycle["bob"],
        deadline=date(2027, 3, 15),
        reason="On leave",
    )
    round_emails_send_due(today=TODAY)
    round_emails_send_due(today=TODAY)
    (told,) = smtp.to("bob@york.example.org")
    assert told["Subject"].startswith("More time: your progress updates are now due by 15 March")
    assert "Why: On leave" in smtp.text(told)
    assert RoundMessage.objects.get(kind=MessageKind.EXTENDED).sequence == extension.pk
    assert smtp.to("ann@york.example.org") == []

    # The day after the round's deadline ann is chased, bob is not: his time runs to the 15th.
    round_emails_send_due(today=date(2027, 3, 9))
    assert subjects(smtp, "ann@york.example.org")[0].startswith("Overdue")
    assert len(smtp.to("bob@york.example.org")) == 1
    round_emails_send_due(today=date(2027, 3, 16))
    chaser = smtp.to("bob@york.example.org")[-1]
    assert chaser["Subject"].startswith("Overdue: progress updates were due on 15 March 2027")


def test_more_time_for_one_action_shows_on_the_round_page(cycle, opened, client):
    round_extend(
        reporting_round=opened,
        user=cycle["coordinator"],
        action=cycle["2.1"],
        deadline=date(2027, 3, 15),
    )
    client.force_login(cycle["coordinator"])
    page = client.get(reverse("rounds:detail", args=[opened.pk])).content.decode()
    assert "15 Mar 2027 (extended)" in page
    assert f"more time for {cycle['2.1'].named}, updates due by 15 March 2027" in page


def test_an_extension_must_fall_after_the_deadline_and_by_the_meeting(cycle, opened):
    for day, words in [
        (date(2027, 3, 8), "after the round's"),
        (date(2027, 3, 23), "on or before the meeting"),
    ]:
        with pytest.raises(RoundError, match=words):
            round_extend(reporting_round=opened, user=None, person=cycle["ann"], deadline=day)
    assert not opened.extensions.exists()


def test_a_withdrawn_round_sends_nothing_more_and_frees_the_plan(cycle, opened, smtp):
    round_withdraw(reporting_round=opened, user=cycle["coordinator"], reason="Meeting cancelled")
    opened.refresh_from_db()
    assert opened.state == RoundState.WITHDRAWN and opened.withdrawn_reason == "Meeting cancelled"
    for day in (date(2027, 3, 5), date(2027, 3, 9)):  # reminder and chaser days
        round_emails_send_due(today=day)
    assert smtp.messages == []
    with pytest.raises(RoundError, match="withdrawn"):
        change(opened, cycle["coordinator"], committee="Cabinet")
    again = round_open(
        plan=cycle["plan"], user=cycle["coordinator"], meeting_date=MEETING, today=TODAY
    )
    assert again.state == RoundState.OPEN
    assert not ReportingRound.objects.filter(snapshot__isnull=False).exists()  # none published


def test_the_steering_pages_change_extend_and_withdraw(cycle, opened, client, smtp):
    client.force_login(cycle["coordinator"])
    detail = reverse("rounds:detail", args=[opened.pk])
    page = client.get(detail).content.decode()
    for name in ("change", "extend", "withdraw"):
        assert reverse(f"rounds:{name}", args=[opened.pk]) in page

    url = reverse("rounds:change", args=[opened.pk])
    form = client.get(url).content.decode()
    assert 'name="deadline_0" value="8"' in form
    late = {
        "committee": "Audit Committee",
        "meeting_date_0": "22", "meeting_date_1": "3", "meeting_date_2": "2027",
        "deadline_0": "23", "deadline_1": "3", "deadline_2": "2027",
        "as_at_0": "8", "as_at_1": "3", "as_at_2": "2027",
        "reminder_days": "3",
    }  # fmt: skip
    refused = client.post(url, late)
    assert refused.status_code == 400
    assert '<a href="#id_deadline">The deadline for updates must be on or before' in (
        refused.content.decode()
    )
    response = client.post(url, late | {"deadline_0": "12"})
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.deadline == date(2027, 3, 12)

    url = reverse("rounds:extend", args=[opened.pk])
    both = client.post(
        url,
        {
            "person": cycle["bob"].pk,
            "action": cycle["2.1"].pk,
            "deadline_0": "15",
            "deadline_1": "3",
            "deadline_2": "2027",
        },  # fmt: skip
    )
    assert "Choose a person or an action, not both" in both.content.decode()
    given = client.post(
        url,
        {"person": cycle["bob"].pk, "deadline_0": "15", "deadline_1": "3", "deadline_2": "2027"},
    )
    assert given.status_code == 302 and opened.extensions.get().person == cycle["bob"]

    url = reverse("rounds:withdraw", args=[opened.pk])
    assert "Say why the round is withdrawn" in client.post(url, {"reason": " "}).content.decode()
    assert client.post(url, {"reason": "Meeting cancelled"}).status_code == 302
    page = client.get(detail).content.decode()
    assert "Withdrawn" in page and "Meeting cancelled" in page
    assert reverse("rounds:change", args=[opened.pk]) not in page
    assert client.get(reverse("rounds:change", args=[opened.pk])).status_code == 404


def test_officers_and_viewers_cannot_steer_a_round(cycle, opened, client):
    client.force_login(cycle["ann"])
    for name in ("change", "extend", "withdraw"):
        assert client.get(reverse(f"rounds:{name}", args=[opened.pk])).status_code in (403, 404)


def test_the_round_page_lists_updates_not_reviewed_first(cycle, opened, client):
    from rounds.services import update_review

    for ref in ("1.1", "1.2"):
        progress_update_create(action=cycle[ref], author=cycle["ann"], status="on_track")
    first = cycle["1.1"].updates.get()
    update_review(
        reporting_round=opened, update=first, decision="accepted", comment="", reviewer=None
    )
    client.force_login(cycle["coordinator"])
    page = client.get(reverse("rounds:detail", args=[opened.pk])).content.decode()
    review = page.split('id="review"')[1]
    assert review.index(cycle["1.2"].title[:30]) < review.index(cycle["1.1"].title[:30])
