"""An officer asks, from the update form, to move a target date; the coordinator (or the
committee, recorded with its meeting) agrees or refuses. Agreed, the date moves with the first
one kept and prints "rescheduled with approval"; refused, the date stays."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import RequestState, TargetDateRequest
from actions.services import RequestRefused, target_date_decide, target_date_request
from plans.status import Status
from reports.annex import annex_html
from reports.options import CoverDetails, ReportOptions
from reports.plan_report import plan_report_build
from reports.word_annex import annex_docx
from rounds.services import round_open
from tests.reports.conftest import docx_text

TODAY = timezone.localdate()


def update_form(action, **fields):
    return {
        "status": Status.ON_TRACK,
        "narrative": "Waiting on the supplier",
        "as_at_0": TODAY.day,
        "as_at_1": TODAY.month,
        "as_at_2": TODAY.year,
        **fields,
    }


@pytest.fixture
def asked(cycle, client):
    """Ann asks, on her update, to move 1.1 from March 2027 to June 2027, in an open round."""
    reporting_round = round_open(
        plan=cycle["plan"], user=cycle["coordinator"], meeting_date=TODAY + timedelta(days=40)
    )
    action = cycle["1.1"]
    client.force_login(cycle["ann"])
    url = reverse("progress_update_add", args=[action.pk])
    assert "Ask to move the target date to (optional)" in client.get(url).content.decode()
    response = client.post(
        url,
        update_form(action, revised_target="June 2027", revision_reason="The supplier went bust"),
    )
    assert response.status_code == 302
    return {"round": reporting_round, "action": action, **cycle}


def test_an_officers_request_waits_and_moves_nothing(asked, client):
    action = asked["action"]
    action.refresh_from_db()
    assert action.target_text == "March 2027" and not action.target_revised
    update = action.updates.get()
    assert update.revised_target_text == ""  # the update reports progress; the request is apart
    request = TargetDateRequest.objects.get()
    assert (request.state, request.asked_for, request.target_text_then) == (
        RequestState.WAITING, "June 2027", "March 2027"
    )  # fmt: skip
    page = client.get(reverse("action_detail", args=[action.pk])).content.decode()
    assert "Asked to move it to June 2027" in page and "waiting for a decision" in page
    form = client.get(reverse("progress_update_add", args=[action.pk])).content.decode()
    assert "to move it to <strong>June 2027</strong>: waiting for a decision" in form

    client.force_login(asked["coordinator"])
    home = client.get(reverse("home")).content.decode()
    assert "1 request to move a target date is waiting for your decision" in home


def test_asking_again_replaces_the_waiting_request(asked):
    newer = target_date_request(
        action=asked["action"], user=asked["ann"], asked_for="July 2027", reason="Later still"
    )
    states = dict(TargetDateRequest.objects.values_list("asked_for", "state"))
    assert states == {"June 2027": RequestState.REPLACED, "July 2027": RequestState.WAITING}
    assert newer.state == RequestState.WAITING


def test_a_request_needs_a_reason_and_a_date_that_can_be_read(cycle):
    with pytest.raises(RequestRefused, match="Explain why"):
        target_date_request(action=cycle["1.1"], user=None, asked_for="June 2027", reason=" ")
    with pytest.raises(RequestRefused, match="we can read"):
        target_date_request(action=cycle["1.1"], user=None, asked_for="soonish", reason="Late")
    assert not TargetDateRequest.objects.exists()


def decision_emails(smtp, address):
    return [m for m in smtp.to(address) if m["Subject"].startswith("Target date")]


def test_an_agreed_request_is_a_revision_printed_rescheduled_with_approval(asked, client, smtp):
    client.force_login(asked["coordinator"])
    council = asked["plan"].council
    listed = client.get(reverse("plan_editor:date_requests", args=[council.slug]))
    assert "The supplier went bust" in listed.content.decode()
    request = TargetDateRequest.objects.get()
    url = reverse("plan_editor:date_request_decide", args=[council.slug, request.pk])
    decided = client.post(url, {"decision": "agreed"}, follow=True)
    assert decided.redirect_chain and "has been emailed the decision." in decided.content.decode()
    (told,) = decision_emails(smtp, "ann@york.example.org")
    assert told["Subject"] == f"Target date agreed: {asked['action'].named}"
    text = smtp.text(told)
    assert "was agreed by" in text and "The target date is now June 2027." in text
    assert "Your reason: The supplier went bust" in text and "/actions/" in text
    action = asked["action"]
    action.refresh_from_db()
    assert (action.target_text, action.original_target_text) == ("June 2027", "March 2027")
    assert action.target_date == date(2027, 6, 30)
    request.refresh_from_db()
    assert request.state == RequestState.AGREED and request.decided_by == asked["coordinator"]

    round_page = client.get(reverse("rounds:detail", args=[asked["round"].pk])).content.decode()
    assert "March 2027 → June 2027" in round_page
    assert "Rescheduled with approval (" in round_page

    report = plan_report_build(plan=asked["plan"], options=ReportOptions(as_at=TODAY))
    (state,) = report.rescheduled
    assert state.action == action and state.target_text == "June 2027"
    asked["plan"].annex_layout["sections"].insert(-1, ["summary", "Summary"])
    html = annex_html(report=report, cover=CoverDetails())
    assert "Rescheduled with approval (" in html and "was March 2027" in html
    assert "Target dates rescheduled with approval (1)" in html
    text = docx_text(annex_docx(report=report, cover=CoverDetails()))  # and in Word
    assert "Target dates rescheduled with approval (1)" in text
    assert "Rescheduled with approval (" in text and "was March 2027" in text
    summary = client.get(reverse("reports:summary", args=[council.slug, asked["plan"].slug]))
    assert "Target dates rescheduled with approval (1)" in summary.content.decode()
    # Decided once: a second decision is refused.
    assert "already been decided" in client.post(url, {"decision": "refused"}).content.decode()


def test_a_committee_refusal_keeps_the_date_and_says_who(asked, client, smtp):
    client.force_login(asked["coordinator"])
    request = TargetDateRequest.objects.get()
    url = reverse("plan_editor:date_request_decide", args=[asked["plan"].council.slug, request.pk])
    missing = client.post(url, {"decision": "refused", "committee": "Audit Committee"})
    assert missing.status_code == 400
    assert '<a href="#id_meeting_date">Enter the date of the meeting that decided' in (
        missing.content.decode()
    )
    response = client.post(
        url,
        {
            "decision": "refused",
            "committee": "Audit Committee",
            "meeting_date_0": "20",
            "meeting_date_1": "1",
            "meeting_date_2": "2027",
            "note": "Find another supplier",
        },  # fmt: skip
    )
    assert response.status_code == 302
    action = asked["action"]
    action.refresh_from_db()
    assert action.target_text == "March 2027" and not action.target_revised
    request.refresh_from_db()
    assert request.agreed_by == "Audit Committee, 20 January 2027"
    (told,) = decision_emails(smtp, "ann@york.example.org")
    assert told["Subject"].startswith("Target date not agreed: ")
    text = smtp.text(told)
    assert "was not agreed by Audit Committee, 20 January 2027" in text
    assert "Note on the decision: Find another supplier" in text
    assert "The target date stays March 2027." in text
    page = client.get(reverse("rounds:detail", args=[asked["round"].pk])).content.decode()
    assert "Refused (Audit Committee, 20 January 2027): date kept" in page
    report = plan_report_build(plan=asked["plan"], options=ReportOptions(as_at=TODAY))
    assert report.rescheduled == []
    detail = client.get(reverse("action_detail", args=[action.pk])).content.decode()
    assert "Request to move it to June 2027 refused (Audit Committee, 20 January 2027" in detail


def test_an_officer_who_cannot_be_emailed_is_left_to_the_coordinator(asked, client, smtp):
    asked["ann"].email = ""
    asked["ann"].save()
    client.force_login(asked["coordinator"])
    request = TargetDateRequest.objects.get()
    url = reverse("plan_editor:date_request_decide", args=[asked["plan"].council.slug, request.pk])
    decided = client.post(url, {"decision": "agreed"}, follow=True).content.decode()
    assert "could not be emailed the decision: tell them yourself." in decided
    assert not [m for m in smtp.messages if m["Subject"].startswith("Target date")]


def test_a_coordinators_own_update_still_moves_the_date_at_once(cycle, client):
    action = cycle["1.1"]
    client.force_login(cycle["coordinator"])
    client.post(
        reverse("progress_update_add", args=[action.pk]),
        update_form(action, revised_target="May 2027", revision_reason="Agreed at Cabinet"),
    )
    action.refresh_from_db()
    assert action.target_text == "May 2027" and not TargetDateRequest.objects.exists()


def test_officers_cannot_decide(asked, client):
    request = TargetDateRequest.objects.get()
    client.force_login(asked["ann"])
    url = reverse("plan_editor:date_request_decide", args=[asked["plan"].council.slug, request.pk])
    assert client.post(url, {"decision": "agreed"}).status_code == 403
    target_date_decide(date_request=request, agreed=True, user=None)
    with pytest.raises(RequestRefused, match="already been decided"):
        target_date_decide(date_request=request, agreed=False, user=None)
