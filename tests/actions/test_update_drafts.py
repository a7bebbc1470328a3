"""Nothing typed on the update form is lost when the session ends before it is sent."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from actions.models import UpdateDraft

TYPED = {
    "status": "at_risk",
    "narrative": "The supplier has gone into administration; we are retendering in January",
    "evidence": "Procurement board minutes, 4 November",
    "percent_complete": "35",
    "as_at_0": "4",
    "as_at_1": "11",
    "as_at_2": "2024",
    "revised_target": "March 2025",
    "revision_reason": "Retendering",
}


@pytest.fixture
def owned(action, officer):
    action.owners.add(officer)
    return action


def typed_by_on(response) -> str:
    """The signed note of whose form it is, as the form carries it."""
    return re.search(r'name="typed_by" value="([^"]+)"', response.content.decode()).group(1)


def words_on(page: str) -> bool:
    return all(value in page for value in TYPED.values())


def test_an_update_sent_after_signing_out_is_back_on_the_form_after_signing_in(
    client, owned, officer
):
    get_user_model().objects.filter(pk=officer.pk).update(username="officer")
    officer.set_password("a long enough password 1")
    officer.save()
    client.login(username="officer", password="a long enough password 1")
    form_url = f"/actions/{owned.pk}/update/"
    note = typed_by_on(client.get(form_url))
    client.logout()  # the session ends in another tab, or after its eight hours
    response = client.post(form_url, TYPED | {"typed_by": note})
    assert response.status_code == 302 and response.url.startswith("/accounts/sign-in/")
    assert not owned.updates.exists()
    signed_in = client.post(
        response.url,
        {"username": "officer", "password": "a long enough password 1"},
        follow=True,
    )
    page = signed_in.content.decode()
    assert signed_in.redirect_chain[-1][0] == form_url
    assert words_on(page), page
    assert "is back on the form, and not yet saved" in page
    assert "There is a problem" not in page  # shown as typed, not yet checked
    client.post(form_url, TYPED)
    assert owned.updates.get().narrative == TYPED["narrative"]
    assert not UpdateDraft.objects.exists()  # cleared once saved


def test_the_draft_is_kept_as_it_is_typed_and_only_for_its_author(
    client, owned, officer, coordinator
):
    client.force_login(officer)
    kept = client.post(f"/actions/{owned.pk}/update/draft/", TYPED)
    assert kept.status_code == 200 and kept.json()["kept"]
    client.force_login(coordinator)
    assert (
        "retendering in January" not in client.get(f"/actions/{owned.pk}/update/").content.decode()
    )
    client.force_login(officer)
    assert words_on(client.get(f"/actions/{owned.pk}/update/").content.decode())
    client.logout()
    assert client.post(f"/actions/{owned.pk}/update/draft/", TYPED).status_code == 401


def test_a_signed_out_form_is_kept_only_for_whoever_was_shown_it(
    client, owned, officer, coordinator
):
    """Typed, then signed out; the next person to sign in in that browser sees none of it."""
    client.force_login(officer)
    note = typed_by_on(client.get(f"/actions/{owned.pk}/update/"))
    client.logout()
    client.post(f"/actions/{owned.pk}/update/", TYPED | {"typed_by": note})
    client.force_login(coordinator)  # the next person at this browser
    page = client.get(f"/actions/{owned.pk}/update/").content.decode()
    assert "retendering in January" not in page and "is back on the form" not in page
    client.force_login(officer)
    assert words_on(client.get(f"/actions/{owned.pk}/update/").content.decode())
    # A note for another action, or one made up, keeps nothing.
    UpdateDraft.objects.all().delete()
    client.logout()
    client.post(f"/actions/{owned.pk + 1}/update/", TYPED | {"typed_by": note})
    client.post(f"/actions/{owned.pk}/update/", TYPED | {"typed_by": note[:-2] + "xx"})
    assert not UpdateDraft.objects.exists()


def test_signed_out_requests_keep_nothing_and_big_bodies_are_refused(client, owned, settings):
    huge = "x" * 200_000
    for _ in range(10):
        client.post(f"/actions/{owned.pk}/update/", {"narrative": huge, "evidence": huge})
    assert Session.objects.count() == 0 and not UpdateDraft.objects.exists()
    response = client.post(f"/actions/{owned.pk}/update/", {"narrative": "x" * 1_100_000})
    assert response.status_code == 400


def test_expired_sessions_are_removed_on_the_schedule(client, officer):
    from datetime import timedelta

    from django.utils import timezone

    from jobs.schedule import run_due

    client.force_login(officer)
    Session.objects.create(
        session_key="old", session_data="", expire_date=timezone.now() - timedelta(hours=1)
    )
    (done,) = [outcome for name, outcome in run_due(only="clear_expired_sessions")]
    assert done == "1 expired sessions removed"
    assert list(Session.objects.values_list("session_key", flat=True)) == [
        client.session.session_key
    ]
