"""Requests, reminders and chasers, sent through a real SMTP server: one per person per kind per
round, never twice, every one recorded."""

from datetime import date, timedelta

from django.utils import timezone

from actions.services import progress_update_create
from rounds.emails import round_emails_send_due
from rounds.models import Delivery, MessageKind, RoundMessage
from rounds.services import round_open
from tests.smtp import SmtpServer, free_port

TODAY = date(2027, 3, 1)
MEETING = date(2027, 3, 22)


def open_round(cycle, **kwargs):
    return round_open(
        plan=cycle["plan"],
        user=cycle["coordinator"],
        meeting_date=MEETING,
        committee="Audit Committee",
        today=TODAY,
        **kwargs,
    )


def test_opening_a_round_sends_each_owner_one_email_listing_their_actions(cycle, smtp):
    reporting_round = open_round(cycle)
    report = round_emails_send_due(today=TODAY)
    assert report.sent == 2
    (ann,) = smtp.to("ann@york.example.org")
    (bob,) = smtp.to("bob@york.example.org")
    assert ann["Subject"] == (
        f"Progress updates needed by 8 March 2027: {cycle['plan'].title}"
    )  # ten working days before the meeting
    text = smtp.text(ann)
    assert "1.1 " in text and "1.2 " in text and "2.1 " not in text
    assert f"https://tracker.example.org/actions/{cycle['1.1'].pk}/update/" in text
    assert "2.1 " in smtp.text(bob) and "1.2 " in smtp.text(bob)
    assert f'href="https://tracker.example.org/actions/{cycle["2.1"].pk}/update/"' in smtp.html(bob)
    rows = RoundMessage.objects.filter(round=reporting_round, kind=MessageKind.INVITATION)
    assert {(row.to, row.delivery) for row in rows} == {
        ("ann@york.example.org", Delivery.SENT),
        ("bob@york.example.org", Delivery.SENT),
    }
    assert sorted(rows.get(to="ann@york.example.org").action_refs) == ["1.1", "1.2"]


def test_running_again_sends_nothing_already_sent(cycle, smtp):
    open_round(cycle)
    round_emails_send_due(today=TODAY)
    again = round_emails_send_due(today=TODAY)
    assert again.sent == 0
    assert len(smtp.messages) == 2


def test_a_reminder_goes_before_the_deadline_only_to_those_with_updates_to_do(cycle, smtp):
    reporting_round = open_round(cycle)
    round_emails_send_due(today=TODAY)
    for ref in ("1.1", "1.2"):
        progress_update_create(
            action=cycle[ref], author=cycle["ann"], status="on_track", narrative="Going well"
        )
    round_emails_send_due(today=reporting_round.deadline - timedelta(days=4))  # too early
    assert len(smtp.messages) == 2
    round_emails_send_due(today=reporting_round.deadline - timedelta(days=3))
    round_emails_send_due(today=reporting_round.deadline - timedelta(days=2))
    reminders = [m for m in smtp.messages if m["Subject"].startswith("Reminder")]
    assert [m.envelope_to for m in reminders] == [["bob@york.example.org"]]
    assert "2.1 " in smtp.text(reminders[0]) and "1.2 " not in smtp.text(reminders[0])


def test_a_chaser_goes_after_the_deadline_copied_to_the_coordinators(cycle, smtp):
    reporting_round = open_round(cycle)
    round_emails_send_due(today=TODAY)
    after = reporting_round.deadline + timedelta(days=1)
    round_emails_send_due(today=after)
    round_emails_send_due(today=after + timedelta(days=1))
    chasers = [m for m in smtp.messages if m["Subject"].startswith("Overdue")]
    assert len(chasers) == 2  # ann and bob, once each
    assert all(m["Cc"] == "coordinator@york.example.org" for m in chasers)
    assert all("coordinator@york.example.org" in m.envelope_to for m in chasers)


def test_action_text_is_escaped_in_the_html_part(cycle, smtp):
    cycle["1.1"].title = '<script>alert("x")</script> & more'
    cycle["1.1"].save()
    open_round(cycle)
    round_emails_send_due(today=TODAY)
    (ann,) = smtp.to("ann@york.example.org")
    assert "<script>" not in smtp.html(ann)
    assert "&lt;script&gt;" in smtp.html(ann)
    assert '<script>alert("x")</script> & more' in smtp.text(ann)


def test_an_officer_who_left_the_council_is_not_emailed(cycle, smtp):
    cycle["bob"].memberships.all().delete()
    open_round(cycle)
    round_emails_send_due(today=TODAY)
    assert [m.envelope_to for m in smtp.messages] == [["ann@york.example.org"]]


def test_a_failed_send_is_recorded_and_tried_again_later(cycle, settings):
    from tests.conftest import use_smtp

    port = free_port()
    use_smtp(settings, port)  # nothing listens there yet
    open_round(cycle)
    report = round_emails_send_due(today=TODAY)
    assert (report.sent, report.failed) == (0, 2)
    failed = RoundMessage.objects.get(to="ann@york.example.org")
    assert failed.delivery == Delivery.FAILED and "refused" in failed.error.lower()

    server = SmtpServer(port).start()
    try:
        report = round_emails_send_due(today=TODAY)
    finally:
        server.stop()
    assert report.sent == 2
    assert sorted(m.envelope_to[0] for m in server.inbox.messages) == [
        "ann@york.example.org",
        "bob@york.example.org",
    ]
    failed.refresh_from_db()
    assert (failed.delivery, failed.attempts) == (Delivery.SENT, 2)


def test_an_email_interrupted_while_sending_is_never_sent_again(cycle, smtp):
    """A worker that died between writing the row and hearing back from the mail server may or
    may not have sent it: it is marked not known, and no second copy goes."""
    reporting_round = open_round(cycle)
    RoundMessage.objects.create(
        round=reporting_round,
        kind=MessageKind.INVITATION,
        recipient=cycle["ann"],
        to="ann@york.example.org",
        subject="…",
        body="…",
        attempts=1,
    )
    RoundMessage.objects.update(created_at=timezone.now() - timedelta(hours=1))
    report = round_emails_send_due(today=TODAY)
    assert report.interrupted == 1
    assert smtp.to("ann@york.example.org") == []
    assert RoundMessage.objects.get(to="ann@york.example.org").delivery == Delivery.UNKNOWN
    round_emails_send_due(today=TODAY)
    assert smtp.to("ann@york.example.org") == []


def test_a_run_that_loses_the_race_for_an_email_does_not_send_it(cycle, smtp):
    """Two runs at once (the schedule and a queued task) both find ann's request due; the one
    that writes its row second hits the unique key and leaves the email to the first."""
    from rounds.emails import SendReport, _send_new, due_emails

    reporting_round = open_round(cycle)
    due = due_emails(reporting_round, TODAY)  # what both runs found
    assert len(due) == 2
    round_emails_send_due(today=TODAY)  # the first run sends them
    report = SendReport()
    for entry in due:  # the second run, a moment late
        _send_new(reporting_round, entry, None, report)
    assert (report.sent, report.failed) == (0, 0)
    assert len(smtp.messages) == 2
    assert RoundMessage.objects.count() == 2


def test_a_round_opened_inside_the_reminder_window_sends_the_request_without_a_reminder(
    cycle, smtp
):
    today = timezone.localdate()  # the day the rows are really written
    reporting_round = round_open(
        plan=cycle["plan"],
        user=None,
        meeting_date=today + timedelta(days=10),
        deadline=today + timedelta(days=2),
    )
    round_emails_send_due(today=today)
    round_emails_send_due(today=today)
    assert [m["Subject"].split(" by ")[0] for m in smtp.to("ann@york.example.org")] == [
        "Progress updates needed"
    ]
    round_emails_send_due(today=reporting_round.deadline)  # a later day: the reminder goes
    assert len(smtp.to("ann@york.example.org")) == 2


def test_a_plan_title_stored_with_a_line_break_still_sends_its_emails(cycle, smtp):
    """A title typed before single-line fields refused line breaks (or imported with one)."""
    plan = cycle["plan"]
    type(plan).objects.filter(pk=plan.pk).update(title="Improvement\nplan")
    open_round(cycle)
    assert round_emails_send_due(today=TODAY).sent == 2
    (ann,) = smtp.to("ann@york.example.org")
    assert ann["Subject"] == "Progress updates needed by 8 March 2027: Improvement plan"


def test_an_interrupted_email_can_be_sent_again_by_a_coordinator_once(cycle, smtp, client):
    reporting_round = open_round(cycle)
    round_emails_send_due(today=TODAY)
    row = RoundMessage.objects.get(to="ann@york.example.org")
    long_ago = timezone.now() - timedelta(hours=1)
    RoundMessage.objects.filter(pk=row.pk).update(delivery=Delivery.SENDING, created_at=long_ago)
    round_emails_send_due(today=TODAY)  # the crash is noticed: not known, and not sent again
    row.refresh_from_db()
    assert row.delivery == Delivery.UNKNOWN and len(smtp.to("ann@york.example.org")) == 1

    page_url = f"/rounds/{reporting_round.pk}/"
    client.force_login(cycle["ann"])  # an officer may not
    again = f"/rounds/{reporting_round.pk}/emails/{row.pk}/send-again/"
    assert client.post(again).status_code in (403, 404)
    client.force_login(cycle["coordinator"])
    page = client.get(page_url).content.decode()
    assert "1 email was interrupted while sending and may or may not have arrived" in page
    assert "Send again, though it may arrive twice" in page
    assert "Sent again to ann@york.example.org" in client.post(again, follow=True).content.decode()
    client.post(again)  # pressed twice: sent once
    assert len(smtp.to("ann@york.example.org")) == 2
    row.refresh_from_db()
    assert row.delivery == Delivery.SENT and row.attempts == 2
