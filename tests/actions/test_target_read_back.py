"""Wherever a target date is typed, how it is read is said at once ("Read as a deadline of 30
June 2025"): as it is typed (the page's script asks the server) and, without script, each time
the form comes back; a target an import changes is a revision, the first date kept."""

from django.urls import reverse

from actions.models import Action
from imports.importer import plan_import


def test_the_reading_of_a_typed_date_comes_from_the_server(client, officer):
    client.force_login(officer)
    url = reverse("target_date_read")
    said = [
        client.get(url, {"text": text}).json()["text"]
        for text in ("30/06/2025", "Q4 2024/25", "Ongoing", "whenever", "")
    ]
    assert said == [
        "Read as a deadline of 30 June 2025.",
        "Read as a deadline of 31 March 2025.",
        "Read as ongoing, with no deadline: it is never overdue.",
        "Read as no date: the action is never overdue.",
        "",
    ]
    client.logout()
    assert client.get(url, {"text": "June 2025"}).status_code == 302  # signed in only


def test_the_revise_page_reads_the_date_before_a_reason_is_given(client, plan, coordinator):
    action = Action.objects.create(plan=plan, ref="1", title="Refresh the team")
    client.force_login(coordinator)
    url = reverse("plan_editor:action_target", args=[plan.council.slug, plan.slug, action.pk])
    page = client.get(url).content.decode()
    assert 'data-read-back-for="id_target_text"' in page and "target-read-back.mjs" in page
    response = client.post(url, {"target_text": "June 2025", "reason": "", "save": "1"})
    text = response.content.decode()
    assert "Say why the target date has moved" in text  # not saved without a reason…
    assert "Read as a deadline of 30 June 2025." in text  # …but read back all the same
    action.refresh_from_db()
    assert action.target_text == ""


def test_the_update_form_reads_back_the_date_asked_for(client, action, officer):
    action.owners.add(officer)
    client.force_login(officer)
    url = reverse("progress_update_add", args=[action.pk])
    assert 'data-read-back-for="id_revised_target"' in client.get(url).content.decode()
    sent = client.post(url, {"status": "on_track", "revised_target": "Sept 2025"})
    assert "Read as a deadline of 30 September 2025." in sent.content.decode()


def test_a_target_changed_by_an_import_keeps_the_first_and_says_why(plan):
    first = "Ref,Action,Target date\n1.1,Refresh the team,March 2027\n"
    plan_import(council=plan.council, plan_slug=plan.slug, data=first.encode(), filename="a.csv")
    again = first.replace("March 2027", "June 2027")
    plan_import(council=plan.council, plan_slug=plan.slug, data=again.encode(), filename="b.csv")
    action = Action.objects.get(plan=plan, ref="1.1")
    assert (action.target_text, action.original_target_text) == ("June 2027", "March 2027")
    latest = action.history.order_by("-history_date").first()
    assert latest.history_change_reason == "Imported from b.csv by the command line"
    assert latest.target_text == "June 2027"
