"""Residents follow a public plan by email: confirmed, told once per published report, stopped
in one step, and the form cannot flood an inbox."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from rounds.following import publication_notices_send
from rounds.models import PlanFollower, PublicationNotice

from .test_rounds import open_round, publish


@pytest.fixture(autouse=True)
def no_counts_of_earlier_requests():
    """Every test client asks from the same address: each test starts its counts afresh."""
    cache.clear()
    yield
    cache.clear()


def link(smtp, address, words):
    (message,) = [m for m in smtp.to(address) if words in m["Subject"]]
    return re.search(r"https://\S+", smtp.text(message)).group(0), message


def test_a_resident_follows_confirms_is_told_once_and_stops(
    cycle, client, smtp, django_capture_on_commit_callbacks
):
    plan = cycle["plan"]
    plan.public = True
    plan.save()
    follow = reverse("public:follow", args=[plan.council.slug, plan.slug])
    public_page = reverse("public:plan", args=[plan.council.slug, plan.slug])

    page = client.post(follow, {"email": "not an address"}).content.decode()
    assert "Enter an email address in the correct format" in page and 'href="#id_email"' in page
    page = client.post(follow, {"email": "Resident@Example.org "}).content.decode()
    assert "Check your email" in page
    client.post(follow, {"email": "resident@example.org"})  # asked again: no second email
    confirm, _ = link(smtp, "resident@example.org", "Confirm")
    assert len(smtp.to("resident@example.org")) == 1

    # A mail scanner opening the link confirms nothing; the button does
    path = confirm.removeprefix("https://tracker.example.org")
    assert "Confirm you want emails" in client.get(path).content.decode()
    assert PlanFollower.objects.get().confirmed_at is None
    confirmed = client.post(path, follow=True).content.decode()
    assert "You will get an email when progress is published" in confirmed

    reporting_round = open_round(cycle, committee="Audit Committee")
    publish(reporting_round, cycle["coordinator"], django_capture_on_commit_callbacks)
    plan_link, notice = link(smtp, "resident@example.org", "has published progress")
    assert plan_link.endswith(public_page) and "Audit Committee" in smtp.text(notice)
    stop = notice["List-Unsubscribe"].strip(" <>")
    assert stop in smtp.text(notice) and "/follow/stop/" in stop
    # Run again (a retried job): nobody is told twice
    assert publication_notices_send(reporting_round) == 0
    assert PublicationNotice.objects.count() == 1

    # One click in the mail program (no form token) stops them, and the address is forgotten
    client_without_tokens = client.__class__(enforce_csrf_checks=True)
    response = client_without_tokens.post(
        stop.removeprefix("https://tracker.example.org"), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200 and "The emails have stopped" in response.content.decode()
    assert not PlanFollower.objects.exists()
    assert client.get(stop.removeprefix("https://tracker.example.org")).status_code == 404


def test_only_a_public_plan_can_be_followed_and_an_unconfirmed_address_hears_nothing(
    cycle, client, smtp, django_capture_on_commit_callbacks
):
    plan = cycle["plan"]
    follow = reverse("public:follow", args=[plan.council.slug, plan.slug])
    assert client.get(follow).status_code == 404  # not public
    plan.public = True
    plan.save()
    client.post(follow, {"email": "someone@example.org"})
    reporting_round = open_round(cycle)
    publish(reporting_round, cycle["coordinator"], django_capture_on_commit_callbacks)
    assert [m["Subject"] for m in smtp.to("someone@example.org")] == [
        f"Confirm you want emails about {plan.title}"
    ]
    other = reverse("public:follow_stop", args=[plan.council.slug, plan.slug, "made-up"])
    assert client.get(other).status_code == 404


def test_one_client_cannot_walk_through_many_addresses(cycle, client, smtp, settings):
    plan = cycle["plan"]
    plan.public = True
    plan.save()
    follow = reverse("public:follow", args=[plan.council.slug, plan.slug])
    for number in range(settings.AXES_FAILURE_LIMIT + 3):
        page = client.post(follow, {"email": f"person{number}@example.org"})
        assert "Check your email" in page.content.decode()  # the same page, throttled or not
    sent = [m for m in smtp.messages if "Confirm" in m["Subject"]]
    assert len(sent) == settings.AXES_FAILURE_LIMIT


def test_a_followers_link_works_only_for_its_own_plan(cycle, client):
    from plans.models import ImprovementPlan
    from rounds.models import PlanFollower
    from tests.factories import CouncilFactory, PlanFactory

    plan = cycle["plan"]
    other = PlanFactory(council=CouncilFactory(slug="elsewhere"), public=True)
    plan.public = True
    plan.save()
    follower = PlanFollower.objects.create(
        plan=plan, email="r@example.org", token="a-token-of-the-first-plan", asked_at=timezone.now()
    )
    for name in ("public:follow_confirm", "public:follow_stop"):
        url = reverse(name, args=[other.council.slug, other.slug, follower.token])
        assert client.get(url).status_code == 404
        client.post(url)
    follower.refresh_from_db()
    assert follower.confirmed_at is None and ImprovementPlan.objects.count() >= 2
