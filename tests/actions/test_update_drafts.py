"""Nothing typed on the update form is lost when the session ends before it is sent."""

import pytest
from django.contrib.auth import get_user_model

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
    assert client.get(form_url).status_code == 200
    client.logout()  # the session ends in another tab, or after its eight hours
    response = client.post(form_url, TYPED)
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
