"""A round asks someone about every action: a plan imported with job titles for lead officers is
refused a silent round until each title has people, and then every covered action is in some
request email."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from actions.lead_officers import lead_officer_role_match
from councils.models import Role
from imports.importer import plan_import
from rounds.emails import round_emails_send_due
from rounds.models import MessageKind, ReportingRound, RoundMessage
from tests.factories import member

PLAN = (
    "Ref,Action,Lead officer,Target date\n"
    "1.1,Refresh the Corporate Management Team,Chief Executive,March 2027\n"
    "1.2,Publish a medium-term financial plan,COO Director of Finance,June 2027\n"
    "2.1,Agree a communications strategy,Head of Comms / AD Policy & Strategy,Ongoing\n"
    "2.2,Review the constitution,Director of Law and Governance,September 2027\n"
)


def test_a_round_over_an_imported_plan_asks_someone_about_every_action(
    client, plan, coordinator, smtp
):
    council = plan.council
    report = plan_import(
        council=council, plan_slug=plan.slug, data=PLAN.encode(), filename="plan.csv"
    )
    assert report.written, report.errors
    client.force_login(coordinator)
    meeting = timezone.localdate() + timedelta(days=40)
    url = reverse("rounds:open", args=[council.slug, plan.slug])
    form = {
        "meeting_date_0": meeting.day,
        "meeting_date_1": meeting.month,
        "meeting_date_2": meeting.year,
        "reminder_days": "3",
    }
    shown = client.get(url).content.decode()
    assert "4 of the actions the round covers have nobody to ask" in shown
    refused = client.post(url, form).content.decode()
    assert "4 of the actions the round covers have nobody to ask" in refused
    assert "Refresh the Corporate Management Team" in refused
    assert not ReportingRound.objects.exists()

    people = {}
    for title, username in [
        ("Chief Executive", "ceo"),
        ("COO", "coo"),
        ("Director of Finance", "finance"),
        ("Head of Comms", "comms"),
        ("AD Policy & Strategy", "policy"),
        ("Director of Law and Governance", "law"),
    ]:
        people[title] = member(
            council, Role.OFFICER, username=username, email=f"{username}@york.example.org"
        )
        lead_officer_role_match(council=council, name=title, people=[people[title]])

    assert "nobody to ask" not in client.get(url).content.decode()
    response = client.post(url, form)
    assert response.status_code == 302
    reporting_round = ReportingRound.objects.get()
    page = client.get(reverse("rounds:detail", args=[reporting_round.pk])).content.decode()
    assert 'Nobody to ask</dt><dd class="govuk-summary-list__value">0 actions' in page

    round_emails_send_due()
    asked = set()
    for message in RoundMessage.objects.filter(round=reporting_round, kind=MessageKind.INVITATION):
        asked |= set(message.action_refs)
    assert asked == {"1.1", "1.2", "2.1", "2.2"}
    assert len(smtp.to("finance@york.example.org")) == 1


def test_a_coordinators_home_shows_each_open_round_and_who_is_still_to_answer(cycle, client):
    from rounds.services import round_open

    meeting = timezone.localdate() + timedelta(days=40)
    round_open(plan=cycle["plan"], user=None, meeting_date=meeting, committee="Audit")
    client.force_login(cycle["coordinator"])
    home = client.get(reverse("home")).content.decode()
    assert "Open reporting rounds" in home and "Audit" in home
    assert "0 of 4" in home  # updated of covered
    assert "Nobody to ask: 1" in home  # 2.2 has no owner
    client.force_login(cycle["ann"])
    assert "Open reporting rounds" not in client.get(reverse("home")).content.decode()


def test_publishing_before_the_deadline_asks_to_confirm_naming_what_is_missing(cycle, client):
    from rounds.models import RoundState
    from rounds.services import round_open

    meeting = timezone.localdate() + timedelta(days=40)
    reporting_round = round_open(plan=cycle["plan"], user=None, meeting_date=meeting)
    client.force_login(cycle["coordinator"])
    url = reverse("rounds:publish", args=[reporting_round.pk])
    refused = client.post(url)
    text = refused.content.decode()
    assert refused.status_code == 400
    assert f"the deadline for updates is {reporting_round.deadline:%-d %B %Y}" in text
    assert "4 updates are still to come" in text
    assert f"as at {reporting_round.as_at:%-d %B %Y}" in text and 'href="#confirm"' in text
    reporting_round.refresh_from_db()
    assert reporting_round.state == RoundState.OPEN
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    reporting_round.refresh_from_db()
    assert reporting_round.state == RoundState.PUBLISHED


def test_emails_and_banners_name_an_action_by_number_title_and_theme(plan, smtp):
    from actions.models import Action
    from rounds.services import round_open
    from tests.factories import ActionFactory, ThemeFactory

    officer = member(plan.council, Role.OFFICER, username="o", email="o@york.example.org")
    for number in ("1", "2"):  # the council numbers actions afresh in each theme
        ActionFactory(
            plan=plan, ref=f"{number}.1", written_ref="1.", title=f"Refresh team {number}",
            theme=ThemeFactory(plan=plan, number=number),
        ).owners.add(officer)  # fmt: skip
    assert Action.objects.get(ref="2.1").named == "1. Refresh team 2 (theme 2)"
    round_open(plan=plan, user=None, meeting_date=timezone.localdate() + timedelta(days=40))
    round_emails_send_due()
    (request,) = smtp.to("o@york.example.org")
    text, html = smtp.text(request), smtp.html(request)
    assert "1. Refresh team 1 (theme 1)" in text and "1. Refresh team 2 (theme 2)" in text
    assert "Update 1. Refresh team 2 (theme 2)</a>" in html


def test_the_returned_comment_is_on_the_form_the_email_links_to(cycle, client):
    from actions.services import progress_update_create
    from rounds.models import Decision
    from rounds.services import round_open, update_review

    meeting = timezone.localdate() + timedelta(days=40)
    reporting_round = round_open(plan=cycle["plan"], user=None, meeting_date=meeting)
    update = progress_update_create(
        action=cycle["1.1"], author=cycle["ann"], status="on_track", narrative="Fine"
    )
    update_review(
        reporting_round=reporting_round, update=update, decision=Decision.RETURNED,
        comment="Say which meeting agreed it.", reviewer=cycle["coordinator"],
    )  # fmt: skip
    client.force_login(cycle["ann"])
    form = client.get(reverse("progress_update_add", args=[cycle["1.1"].pk])).content.decode()
    assert "Returned for changes" in form and "Say which meeting agreed it." in form
    progress_update_create(action=cycle["1.1"], author=cycle["ann"], status="on_track")
    form = client.get(reverse("progress_update_add", args=[cycle["1.1"].pk])).content.decode()
    assert "Returned for changes" not in form  # answered
