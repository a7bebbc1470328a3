"""A coordinator manages the council's members in the product's pages: invitations by real email
(an SMTP server on loopback), roles, removals, and the new member's first password."""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from councils.models import Membership, Role
from tests.factories import ActionFactory


def members_url(council, name="list", *args):
    return reverse(f"members:{name}", args=[council.slug, *args])


INVITE = {"email": "Sam.Patel@York.example.org", "first_name": "Sam", "last_name": "Patel"}


def test_an_invited_colleague_sets_a_password_and_signs_in(client, coordinator, council, smtp):
    client.force_login(coordinator)
    response = client.post(members_url(council, "invite"), {**INVITE, "role": "officer"})
    assert response.url == members_url(council)
    sam = get_user_model().objects.get(email="sam.patel@york.example.org")
    assert sam.username == "sam.patel@york.example.org" and not sam.has_usable_password()
    assert sam.memberships.get().role == Role.OFFICER
    assert not sam.is_staff and not sam.is_superuser

    (message,) = smtp.to("sam.patel@york.example.org")
    text = smtp.text(message)
    assert "added you to City of York Council" in text and "as officer" in text
    link = re.search(r"https://tracker\.example\.org(/accounts/set-password/\S+)", text).group(1)

    client.logout()
    form = client.get(link, follow=True)
    assert "Choose your password" in form.content.decode()
    page = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase 42", "new_password2": "a long new passphrase 42"},
        follow=True,
    ).content.decode()
    assert "Your password is set" in page
    assert client.login(username=sam.username, password="a long new passphrase 42")
    # the link works once
    client.logout()
    assert client.get(link, follow=True).status_code == 404


def test_an_invitation_that_cannot_be_sent_keeps_the_member_and_says_so(
    client, coordinator, council, settings
):
    from tests.conftest import use_smtp
    from tests.smtp import free_port

    use_smtp(settings, free_port())  # no server listening
    client.force_login(coordinator)
    page = client.post(members_url(council, "invite"), {**INVITE, "role": "viewer"}, follow=True)
    assert "the invitation email could not be sent" in page.content.decode()
    assert Membership.objects.filter(user__email="sam.patel@york.example.org").exists()


def test_bad_input_gets_govuk_messages_and_keeps_what_was_typed(client, coordinator, council):
    client.force_login(coordinator)
    page = client.post(
        members_url(council, "invite"), {"email": "not-an-address", "first_name": "Sam"}
    )
    page = page.content.decode()
    assert "Enter an email address in the correct format" in page and "Select a role" in page
    assert 'value="Sam"' in page
    page = client.post(members_url(council, "invite"), {**INVITE, "role": "site_admin"})
    assert "Select a valid choice" in page.content.decode()  # no role above coordinator exists
    assert not get_user_model().objects.filter(email__iexact=INVITE["email"]).exists()


def test_roles_change_and_a_council_always_keeps_a_coordinator(
    client, coordinator, officer, council
):
    client.force_login(coordinator)
    membership = officer.memberships.get()
    client.post(members_url(council, "role", membership.pk), {"role": "coordinator"})
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    own = coordinator.memberships.get()
    page = client.post(members_url(council, "role", own.pk), {"role": "viewer"}).content.decode()
    assert "You cannot change your own role" in page
    client.force_login(officer)  # now a coordinator too
    client.post(members_url(council, "role", own.pk), {"role": "viewer"})
    page = client.post(members_url(council, "role", membership.pk), {"role": "viewer"})
    assert "You cannot change your own role" in page.content.decode()
    own.refresh_from_db()
    assert own.role == Role.VIEWER


def test_a_removed_member_stops_owning_the_councils_actions(client, coordinator, officer, plan):
    action = ActionFactory(plan=plan)
    action.owners.add(officer)
    client.force_login(coordinator)
    membership = officer.memberships.get()
    assert client.get(members_url(plan.council, "remove", membership.pk)).status_code == 200
    client.post(members_url(plan.council, "remove", membership.pk))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not action.owners.exists()
    page = client.post(members_url(plan.council, "remove", coordinator.memberships.get().pk))
    assert "You cannot remove yourself" in page.content.decode()


def test_only_coordinators_manage_members(client, officer, viewer, council):
    for person in (officer, viewer):
        client.force_login(person)
        assert client.get(members_url(council)).status_code == 403
        assert (
            client.post(members_url(council, "invite"), {**INVITE, "role": "viewer"}).status_code
            == 403
        )
    assert not get_user_model().objects.filter(email__iexact=INVITE["email"]).exists()
