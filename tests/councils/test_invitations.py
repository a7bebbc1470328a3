"""A coordinator cannot collect other people's accounts: someone who already has an account is
invited and joins only by accepting after signing in, a site administrator is never made a
member, and no archive or fixture holds a password hash, second factor, session or token."""

import io
import re
import zipfile

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from accounts import mfa
from api.tokens import api_token_create
from councils.models import Invitation, Membership, Role
from tests.factories import ActionFactory, member


def invite(client, council, email, role="coordinator"):
    return client.post(
        reverse("members:invite", args=[council.slug]),
        {"email": email, "first_name": "A", "last_name": "Person", "role": role},
        follow=True,
    )


def archive_of(client, council) -> zipfile.ZipFile:
    job_page = client.post(reverse("council_archive", kwargs={"council_slug": council.slug}))
    download = client.get(job_page["Location"].rstrip("/") + "/download/")
    assert download.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))


def test_a_site_administrator_is_never_made_a_member(client, coordinator, council, superuser):
    superuser.email = "root@example.org"
    superuser.save()
    client.force_login(coordinator)
    page = invite(client, council, "ROOT@example.org").content.decode()
    assert "root@example.org cannot be added to a council here" in page
    assert not Membership.objects.filter(user=superuser).exists()
    assert not Invitation.objects.filter(user=superuser).exists()


def test_someone_elsewhere_is_invited_and_joins_only_by_accepting(
    client, coordinator, council, other_council, smtp
):
    kim = member(other_council, Role.COORDINATOR, username="kim", email="kim@example.org")
    client.force_login(coordinator)
    page = invite(client, council, "kim@example.org").content.decode()
    assert "Invitation sent to kim@example.org. They join when they accept it." in page
    assert "1 invitation not yet accepted" in page
    assert not Membership.objects.filter(user=kim, council=council).exists()
    text = smtp.text(smtp.to("kim@example.org")[0])
    assert "You are not a member until you accept" in text
    assert re.search(r"https://tracker\.example\.org/accounts/invitations/", text)
    # Until Kim accepts, nothing of Kim's is in York's archive, and Kim cannot see York.
    archive = archive_of(client, council)
    assert b"kim@example.org" not in archive.read("fixture.json")
    client.force_login(kim)
    assert client.get(reverse("plan_editor:council", args=[council.slug])).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert "City of York Council invites you to join" in home

    invitation = Invitation.objects.get(user=kim)
    # No one else can answer Kim's invitation.
    client.force_login(coordinator)
    answer = reverse("invitation_answer", args=[invitation.pk, "accept"])
    assert client.post(answer).status_code == 404
    client.force_login(kim)
    client.post(answer)
    assert Membership.objects.get(user=kim, council=council).role == Role.COORDINATOR
    assert not Invitation.objects.exists()
    assert client.get(reverse("plan_editor:council", args=[council.slug])).status_code == 200


def test_a_declined_or_withdrawn_invitation_adds_no_one(
    client, coordinator, council, other_council, smtp
):
    kim = member(other_council, Role.VIEWER, username="kim", email="kim@example.org")
    client.force_login(coordinator)
    invite(client, council, "kim@example.org", role="viewer")
    page = invite(client, council, "kim@example.org", role="viewer").content.decode()
    assert "kim@example.org has already been invited" in page
    invitation = Invitation.objects.get(user=kim)
    client.post(reverse("members:invitation_withdraw", args=[council.slug, invitation.pk]))
    assert not Invitation.objects.exists()

    invite(client, council, "kim@example.org", role="viewer")
    client.force_login(kim)
    client.post(reverse("invitation_answer", args=[Invitation.objects.get().pk, "decline"]))
    assert not Invitation.objects.exists()
    assert not Membership.objects.filter(user=kim, council=council).exists()


def test_another_councils_coordinator_cannot_withdraw_yorks_invitation(
    client, coordinator, council, other_council, smtp
):
    kim = member(other_council, Role.VIEWER, username="kim", email="kim@example.org")
    client.force_login(coordinator)
    invite(client, council, "kim@example.org", role="viewer")
    invitation = Invitation.objects.get(user=kim)
    city = member(other_council, Role.COORDINATOR, username="city")
    client.force_login(city)
    for name in ("invitation_withdraw", "invitation_send_again"):
        url = reverse(f"members:{name}", args=[other_council.slug, invitation.pk])
        assert client.post(url).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_no_archive_or_fixture_holds_credentials(client, coordinator, council, plan, tmp_path):
    officer = member(council, Role.OFFICER, username="officer", email="officer@example.org")
    ActionFactory(plan=plan, ref="1").owners.add(officer)
    device = mfa.totp_device_for_setup(coordinator, {})
    device.confirmed = True
    device.save()
    codes = mfa.recovery_codes_replace(coordinator)
    _, raw_token = api_token_create(council=council, name="Dashboard", user=coordinator)
    client.force_login(coordinator)
    session_key = client.session.session_key
    secrets = [
        device.key,
        *codes,
        raw_token,
        *council.api_tokens.values_list("key_hash", flat=True),
        session_key,
        *get_user_model().objects.values_list("password", flat=True),
    ]
    assert Session.objects.filter(session_key=session_key).exists()
    assert StaticToken.objects.count() == len(codes)

    archive = archive_of(client, council)
    call_command("export_council", council.slug, output=str(tmp_path / "york.json"))
    files = {name: archive.read(name) for name in archive.namelist()}
    files["export_council"] = (tmp_path / "york.json").read_bytes()
    for name, content in files.items():
        for secret in secrets:
            assert secret.encode() not in content, (name, secret)
    fixture = files["fixture.json"].decode()
    assert '"password": "!"' in fixture
    assert '"is_staff": true' not in fixture and '"is_superuser": true' not in fixture
