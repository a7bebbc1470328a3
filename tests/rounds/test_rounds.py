"""A round from opening to publication, through its pages and services."""

import hashlib
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from actions.services import progress_update_create
from rounds.models import MessageKind, ReportingRound, RoundMessage, RoundState
from rounds.selectors import covered_actions, round_progress
from rounds.services import RoundError, default_deadline, round_open, round_publish
from rounds.working_days import working_days_before
from tests.reports.conftest import docx_text

MEETING = timezone.localdate() + timedelta(days=28)


def open_round(cycle, **kwargs):
    return round_open(plan=cycle["plan"], user=cycle["coordinator"], meeting_date=MEETING, **kwargs)


def test_the_deadline_defaults_to_ten_working_days_before_the_meeting():
    assert working_days_before(date(2027, 3, 22), 10) == date(2027, 3, 8)  # a Monday
    assert default_deadline(date(2027, 3, 19)) == date(2027, 3, 5)  # Friday to Friday
    assert working_days_before(date(2027, 3, 15), 1) == date(2027, 3, 12)  # over a weekend


def test_a_round_covers_open_actions_and_completions_not_yet_reported(cycle):
    progress_update_create(
        action=cycle["2.2"], author=None, status="complete", evidence="Signed off by Cabinet"
    )
    first = open_round(cycle)
    assert {a.ref for a in first.actions.all()} == {"1.1", "1.2", "2.1", "2.2"}
    round_publish(reporting_round=first, user=cycle["coordinator"])
    second = round_open(
        plan=cycle["plan"],
        user=None,
        meeting_date=MEETING + timedelta(days=90),
        as_at=timezone.localdate() + timedelta(days=60),
    )
    # 2.2's completion went to the first meeting; the next round does not ask again
    assert {a.ref for a in second.actions.all()} == {"1.1", "1.2", "2.1"}


def test_a_plan_has_at_most_one_open_round(cycle):
    open_round(cycle)
    with pytest.raises(RoundError, match="already has an open round"):
        open_round(cycle)
    assert ReportingRound.objects.count() == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"deadline": MEETING + timedelta(days=1)}, "on or before the meeting date"),
        ({"deadline": timezone.localdate() - timedelta(days=1)}, "has already passed"),
        ({"as_at": MEETING + timedelta(days=1)}, "as-at date must be on or before"),
    ],
)
def test_a_round_with_impossible_dates_is_refused(cycle, kwargs, message):
    with pytest.raises(RoundError, match=message):
        open_round(cycle, **kwargs)
    assert not ReportingRound.objects.exists()


def test_an_update_while_the_round_is_open_counts_and_the_outstanding_list_shrinks(cycle, client):
    reporting_round = open_round(cycle)
    client.force_login(cycle["coordinator"])
    page = client.get(reverse("rounds:detail", args=[reporting_round.pk])).content.decode()
    assert "Outstanding (4)" in page
    progress_update_create(
        action=cycle["1.1"], author=cycle["ann"], status="on_track", narrative="Done the audit"
    )
    progress = round_progress(reporting_round)
    assert (progress.totals.updated, progress.totals.outstanding) == (1, 3)
    by_owner = {tally.name: (tally.updated, tally.outstanding) for tally in progress.by_officer}
    assert by_owner[cycle["ann"].get_full_name()] == (1, 1)
    assert by_owner["No owner"] == (0, 1)
    page = client.get(reverse("rounds:detail", args=[reporting_round.pk])).content.decode()
    assert "Outstanding (3)" in page


def test_officers_see_what_is_due_in_the_round_on_my_actions(cycle, client):
    reporting_round = open_round(cycle)
    client.force_login(cycle["ann"])
    page = client.get(reverse("home")).content.decode()
    assert f"Due by {reporting_round.deadline:%A %-d %B %Y}" in page
    assert "2 of your 2 actions still need an update" in page
    progress_update_create(
        action=cycle["1.1"], author=cycle["ann"], status="on_track", narrative="Started"
    )
    page = client.get(reverse("home")).content.decode()
    assert "1 of your 2 actions still needs an update" in page


def test_returning_an_update_tells_the_officer_and_puts_the_action_back_outstanding(
    cycle, client, smtp, django_capture_on_commit_callbacks
):
    reporting_round = open_round(cycle)
    update = progress_update_create(
        action=cycle["1.1"], author=cycle["ann"], status="on_track", narrative="Fine"
    )
    client.force_login(cycle["coordinator"])
    url = reverse("rounds:review", args=[reporting_round.pk, update.pk])
    response = client.post(url, {"decision": "returned", "comment": ""})
    assert "Say what the officer needs to change" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "returned", "comment": "Say which audit, and when."})
    returned = [m for m in smtp.to("ann@york.example.org") if "returned" in m["Subject"]]
    assert len(returned) == 1 and "Say which audit, and when." in smtp.text(returned[0])
    (item,) = [i for i in covered_actions(reporting_round) if i.action.ref == "1.1"]
    assert item.state == "returned"
    client.force_login(cycle["ann"])
    assert "Returned by the coordinator" in client.get(reverse("home")).content.decode()
    progress_update_create(
        action=cycle["1.1"], author=cycle["ann"], status="on_track", narrative="Audit of May"
    )
    (item,) = [i for i in covered_actions(reporting_round) if i.action.ref == "1.1"]
    assert item.state == "updated"
    assert cycle["1.1"].updates.count() == 2  # the returned one stays in the history


def test_marking_an_action_complete_needs_evidence(cycle, client):
    client.force_login(cycle["ann"])
    url = reverse("progress_update_add", args=[cycle["1.1"].pk])
    today = timezone.localdate()
    fields = {
        "status": "complete",
        "narrative": "All done",
        "as_at_0": today.day,
        "as_at_1": today.month,
        "as_at_2": today.year,
    }
    response = client.post(url, fields)
    assert "Give the evidence that the action is complete" in response.content.decode()
    assert not cycle["1.1"].updates.exists()
    client.post(url, {**fields, "evidence_links": "https://democracy.example.org/item/7"})
    assert cycle["1.1"].updates.get().status == "complete"


def test_a_plan_that_needs_review_cannot_be_published_with_updates_unreviewed(cycle):
    cycle["plan"].review_required = True
    cycle["plan"].save()
    reporting_round = open_round(cycle)
    progress_update_create(action=cycle["1.1"], author=None, status="on_track", narrative="Ok")
    with pytest.raises(RoundError, match="1 update is not reviewed"):
        round_publish(reporting_round=reporting_round, user=None)
    reporting_round.refresh_from_db()
    assert reporting_round.state == RoundState.OPEN


def publish(reporting_round, user, capture):
    with capture(execute=True):
        round_publish(reporting_round=reporting_round, user=user)
    reporting_round.refresh_from_db()
    return reporting_round


def test_publishing_freezes_the_round_and_makes_its_files_once(
    cycle, client, django_capture_on_commit_callbacks
):
    cycle["plan"].public = True
    cycle["plan"].save()
    reporting_round = open_round(cycle, committee="Audit Committee")
    progress_update_create(
        action=cycle["1.1"], author=cycle["ann"], status="on_track", narrative="Published words"
    )
    publish(reporting_round, cycle["coordinator"], django_capture_on_commit_callbacks)
    files = {f.kind: f for f in reporting_round.files.all()}
    assert set(files) == {"annex", "annex_word", "summary", "spreadsheet"}
    annex = files["annex"]
    content = annex.file.open("rb").read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == annex.sha256
    word = files["annex_word"]
    assert word.filename.endswith(".docx") and word.content_type.endswith("document")
    assert "Published words" in docx_text(word.file.open("rb").read())

    client.force_login(cycle["coordinator"])
    page = client.get(reverse("rounds:detail", args=[reporting_round.pk])).content.decode()
    assert annex.sha256 in page
    download = client.get(reverse("rounds:file", args=[reporting_round.pk, "annex"]))
    assert b"".join(download.streaming_content) == content

    # Later updates change neither the files nor the public page of the round
    progress_update_create(
        action=cycle["1.1"],
        author=cycle["ann"],
        status="off_track",
        narrative="Written after publication",
    )
    client.logout()
    public = client.get(
        reverse("public:plan", args=[cycle["plan"].council.slug, cycle["plan"].slug])
    )
    body = public.content.decode()
    assert public.status_code == 200 and "Published words" in body
    assert "Written after publication" not in body
    assert reporting_round.files.count() == 4
    # making the files again leaves the stored ones as they are
    from rounds.services import publication_files_request

    publication_files_request(reporting_round, user=None)
    assert reporting_round.files.get(kind="annex").sha256 == annex.sha256


def test_the_public_page_shows_only_what_was_published_and_no_accounts(
    cycle, client, django_capture_on_commit_callbacks
):
    plan = cycle["plan"]
    url = reverse("public:plan", args=[plan.council.slug, plan.slug])
    reporting_round = open_round(cycle)
    assert client.get(url).status_code == 404  # not opted in
    plan.public = True
    plan.save()
    assert client.get(url).status_code == 404  # opted in, nothing published yet
    publish(reporting_round, cycle["coordinator"], django_capture_on_commit_callbacks)
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    for secret in ("ann@york.example.org", "coordinator@york.example.org", ">ann<", "csrf"):
        assert secret not in body
    assert "Director of Law and Governance" in body  # lead officers as written in the plan
    plan.public_lead_officers = False
    plan.save()
    assert "Director of Law and Governance" not in client.get(url).content.decode()
    plan.public = False
    plan.save()
    assert client.get(url).status_code == 404
    file_url = reverse(
        "public:file", args=[plan.council.slug, plan.slug, reporting_round.pk, "annex"]
    )
    assert client.get(file_url).status_code == 404


def test_a_coordinator_opens_a_round_with_the_form(cycle, client):
    client.force_login(cycle["coordinator"])
    url = reverse("rounds:open", args=[cycle["plan"].council.slug, cycle["plan"].slug])
    response = client.post(url, {"reminder_days": "3", "cover": "open"})
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Enter the meeting date" in body
    fields = {
        "committee": "Audit Committee",
        "meeting_date_0": MEETING.day,
        "meeting_date_1": MEETING.month,
        "meeting_date_2": MEETING.year,
        "reminder_days": "2",
        "cover": "themes",
        "themes": [str(cycle["2.1"].theme_id)],
    }
    # 2.2 has no owner: the round does not open until someone is named to answer for it.
    body = client.post(url, fields).content.decode()
    assert "1 of the actions the round covers has nobody to ask" in body
    assert f"{cycle['2.2'].shown_ref} {cycle['2.2'].title}" in body
    assert not ReportingRound.objects.exists()
    seen = {"seen": str(cycle["2.2"].pk), "answerer": cycle["coordinator"].pk}
    response = client.post(url, {**fields, **seen})
    reporting_round = ReportingRound.objects.get()
    assert response.status_code == 302
    assert {a.ref for a in reporting_round.actions.all()} == {"2.1", "2.2"}
    assert (reporting_round.reminder_days, reporting_round.committee) == (2, "Audit Committee")
    assert list(cycle["2.2"].owners.all()) == [cycle["coordinator"]]


def test_officers_and_viewers_cannot_run_a_round(cycle, client, viewer):
    reporting_round = open_round(cycle)
    client.force_login(cycle["ann"])
    assert client.get(reverse("rounds:detail", args=[reporting_round.pk])).status_code == 403
    client.force_login(viewer)
    assert client.get(reverse("rounds:detail", args=[reporting_round.pk])).status_code == 200
    assert client.post(reverse("rounds:publish", args=[reporting_round.pk])).status_code == 403
    reporting_round.refresh_from_db()
    assert reporting_round.state == RoundState.OPEN


def test_the_outstanding_list_downloads_as_a_spreadsheet(cycle, client):
    from io import BytesIO

    from openpyxl import load_workbook

    reporting_round = open_round(cycle)
    client.force_login(cycle["coordinator"])
    response = client.get(reverse("rounds:outstanding", args=[reporting_round.pk]))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    assert sheet.title == "Outstanding updates"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["1.1", "1.2", "2.1", "2.2"]
    assert rows[1][6] == "ann@york.example.org; bob@york.example.org"
    assert rows[1][4].date() == reporting_round.deadline  # "Due by", a real date


def test_the_commands_open_remind_and_publish(cycle, smtp):
    plan = cycle["plan"]
    out = StringIO()
    call_command(
        "open_round",
        "--council", plan.council.slug, "--plan", plan.slug,
        "--meeting-date", MEETING.isoformat(), "--committee", "Cabinet",
        stdout=out,
    )  # fmt: skip
    assert "Opened Cabinet" in out.getvalue() and "4 actions" in out.getvalue()
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().startswith("2 emails sent, 0 failed")
    call_command("send_reminders", stdout=(out := StringIO()))
    assert out.getvalue().startswith("0 emails sent")
    call_command(
        "publish_round",
        "--council",
        plan.council.slug,
        "--plan",
        plan.slug,
        stdout=(out := StringIO()),
    )
    assert "Published Cabinet" in out.getvalue()
    assert RoundMessage.objects.filter(kind=MessageKind.INVITATION).count() == 2


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--plan", "nope", "--meeting-date", "2030-01-01"], "No plan 'nope'"),
        (["--meeting-date", "1 March"], "--meeting-date must be a date written YYYY-MM-DD"),
        (["--meeting-date", "2030-01-01", "--deadline", "2030-02-01"], "on or before the meeting"),
    ],
)
def test_the_open_round_command_refuses_bad_input_plainly(cycle, arguments, message):
    plan = cycle["plan"]
    base = ["--council", plan.council.slug, "--plan", plan.slug]
    with pytest.raises(CommandError, match=message):
        call_command("open_round", *base, *arguments)
    assert not ReportingRound.objects.exists()


def test_the_demo_has_a_published_round_per_plan_and_an_open_one_for_york(db):
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # again: nothing more
    assert ReportingRound.objects.filter(state=RoundState.PUBLISHED).count() == 3
    (open_one,) = ReportingRound.objects.filter(state=RoundState.OPEN)
    assert open_one.plan.council.slug == "york"
    assert open_one.deadline == timezone.localdate() + timedelta(days=3)
    published = ReportingRound.objects.get(plan=open_one.plan, state=RoundState.PUBLISHED)
    assert published.as_at == date(2024, 11, 8) and published.snapshot["groups"]


def test_a_councillors_home_shows_their_plans_and_reports_are_in_the_menu(
    cycle, client, viewer, django_capture_on_commit_callbacks
):
    reporting_round = open_round(cycle, committee="Audit Committee")
    publish(reporting_round, cycle["coordinator"], django_capture_on_commit_callbacks)
    client.force_login(viewer)
    page = client.get(reverse("home")).content.decode()
    assert "No actions are assigned to you" not in page
    assert '<h1 class="govuk-heading-l">Home</h1>' in page and "My actions" not in page
    assert cycle["plan"].title in page and "Published for Audit Committee" in page
    assert reverse("rounds:file", args=[reporting_round.pk, "annex"]) in page
    assert f'href="{reverse("reports_home")}"' in page  # Reports in the menu
    assert cycle["plan"].title in client.get(reverse("reports_home")).content.decode()
    client.force_login(cycle["ann"])  # an officer reads no reports: no Reports in the menu
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("reports_home")}"' not in page
    assert '<h1 class="govuk-heading-l">My actions</h1>' in page
