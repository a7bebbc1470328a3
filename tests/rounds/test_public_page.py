"""The public page residents read, its "about this data" page and its Atom feed."""

from xml.etree import ElementTree

from django.urls import reverse

from actions.selectors import StatusCount
from actions.services import progress_update_create
from plans.status import Status
from reports.plan_report import CountRow
from rounds.public import counts_in_words

from .test_rounds import open_round, publish

ATOM = "{http://www.w3.org/2005/Atom}"


def test_counts_in_words_use_the_councils_status_words():
    counts = [
        StatusCount(Status.COMPLETE, "Complete", 38, 63),
        StatusCount(Status.ON_TRACK, "Underway", 15, 25),
        StatusCount(Status.AT_RISK, "At risk", 0, 0),
        StatusCount(Status.NOT_STARTED, "Not started", 1, 2),
        StatusCount(Status.NONE, "No status given", 6, 10),
    ]
    assert counts_in_words(CountRow("All", counts, 60)) == (
        "Of its 60 actions, 38 are complete, 15 underway, 1 not started and 6 not reported on yet."
    )
    one = [StatusCount(Status.COMPLETE, "Complete", 1, 100)]
    assert counts_in_words(CountRow("All", one, 1)) == "Of its 1 action, 1 is complete."


def test_residents_read_a_summary_first_then_each_action_with_its_status_in_words(
    cycle, client, django_capture_on_commit_callbacks
):
    plan = cycle["plan"]
    plan.public = True
    plan.save()
    cycle["1.1"].recommendations.set([])
    reporting_round = open_round(cycle, committee="Audit Committee")
    progress_update_create(
        action=cycle["1.1"], author=cycle["ann"], status="on_track", narrative="Started well"
    )
    publish(reporting_round, cycle["coordinator"], django_capture_on_commit_callbacks)

    body = client.get(reverse("public:plan", args=[plan.council.slug, plan.slug])).content.decode()
    summary = body.index("Of its ")
    assert summary < body.index("Download the report") < body.index(cycle["1.1"].title)
    assert "last reported to Audit Committee on" in body
    # Each action is a list of facts, not a wide table: the status is a word on every screen
    assert '<table class="govuk-table app-public-plan"' not in body
    assert body.count('class="app-public-action"') == reporting_round.actions.count()
    assert "Started well" in body and "Reported as at" in body
    assert "Not reported yet" in body  # actions with no update say so, once each
    assert "No update yet." not in body
    # Downloads in PDF and Word; no checksums here: they are on "about this data"
    assert "Annex (PDF)" in body and "Annex (Word)" in body
    assert "SHA-256" not in body
    about = reverse("public:about", args=[plan.council.slug, plan.slug])
    assert about in body

    page = client.get(about)
    text = page.content.decode()
    assert page.status_code == 200 and "public" in page["Cache-Control"]
    for file in reporting_round.files.all():
        assert file.sha256 in text
    assert "Open Government Licence v3.0" in text


def test_the_atom_feed_lists_each_published_report(
    cycle, client, django_capture_on_commit_callbacks
):
    plan = cycle["plan"]
    feed_url = reverse("public:feed", args=[plan.council.slug, plan.slug])
    assert client.get(feed_url).status_code == 404  # not public
    plan.public = True
    plan.save()
    reporting_round = open_round(cycle, committee="Audit Committee")
    publish(reporting_round, cycle["coordinator"], django_capture_on_commit_callbacks)

    response = client.get(feed_url)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (the product's own feed)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert "reported to Audit Committee" in entry.find(f"{ATOM}title").text
    assert entry.find(f"{ATOM}summary").text.startswith("Of its ")
    link = entry.find(f"{ATOM}link").get("href")
    assert link.endswith(
        reverse("public:round", args=[plan.council.slug, plan.slug, reporting_round.pk])
    )
    plan.public = False
    plan.save()
    assert client.get(feed_url).status_code == 404
    assert (
        client.get(reverse("public:about", args=[plan.council.slug, plan.slug])).status_code == 404
    )
