"""A person's data erased on request: anonymised, with what they did kept."""

from datetime import date

from django.core.management import call_command

from actions.services import progress_update_create
from councils.models import Membership


def test_an_erased_officer_leaves_no_name_or_email_and_their_work_stays(
    action, officer, coordinator, client
):
    officer.first_name, officer.last_name, officer.email = "Tom", "Hughes", "tom@york.example.org"
    officer.save()
    update = progress_update_create(
        action=action, author=officer, status="on_track", narrative="Workshops held",
        as_at=date(2024, 10, 1),
    )  # fmt: skip
    call_command("erase_person", officer.username, "--yes")
    officer.refresh_from_db()
    update.refresh_from_db()
    assert officer.get_full_name() == f"Former officer {officer.pk}"
    assert officer.email == "" and not officer.is_active and not officer.has_usable_password()
    assert (update.author_name, update.narrative, update.as_at) == (
        f"Former officer {officer.pk}",
        "Workshops held",
        date(2024, 10, 1),
    )
    for row in officer.history.all():
        assert "Tom" not in row.first_name + row.last_name and row.email == ""
    assert not Membership.objects.filter(user=officer).exists()
    client.force_login(coordinator)
    page = client.get(f"/actions/{action.pk}/").content.decode()
    assert "Workshops held" in page and "Hughes" not in page
    changes = client.get(f"/councils/{action.plan.council.slug}/changes/").content.decode()
    assert "Hughes" not in changes and "tom@york" not in changes
    call_command("erase_person", officer.username, "--yes")  # again: nothing changes
    officer.refresh_from_db()
    assert officer.get_full_name() == f"Former officer {officer.pk}"


def test_erasure_unlinks_the_councils_provider_and_blanks_its_refusals(officer, council):
    from allauth.socialaccount.models import SocialAccount, SocialApp

    from accounts.models import SignInRefusal

    officer.email = "tom@york.gov.uk"
    officer.save()
    app = SocialApp.objects.create(provider="openid_connect", provider_id="council-x", name="x")
    SocialAccount.objects.create(user=officer, provider=app.provider_id, uid="tom-sub")
    SignInRefusal.objects.create(council=council, reason="r", asserted_email="TOM@york.gov.uk")
    call_command("erase_person", officer.username, "--yes")
    assert not SocialAccount.objects.filter(uid="tom-sub").exists()
    assert SignInRefusal.objects.get().asserted_email == ""


def test_erasure_removes_the_second_factor(officer):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    call_command("erase_person", officer.username, "--yes")
    assert not TOTPDevice.objects.filter(user=officer).exists()


def test_after_erasure_no_table_and_no_stored_file_holds_the_name_or_address(
    client, council, plan, smtp, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Tom Hughes coordinates York and owns an action: he was emailed ("Dear Tom Hughes"), copied
    on a chaser, named in a colleague's narrative and as lead officer, signed in, and asked for
    York's archive. After erasure, nothing anywhere says who he was."""
    import io
    import zipfile
    from datetime import timedelta
    from pathlib import Path

    from django.apps import apps
    from django.contrib.sessions.models import Session
    from django.db import models

    from councils.models import Role
    from rounds.emails import round_emails_send_due
    from rounds.services import round_open
    from tests.factories import ActionFactory, member

    settings.MEDIA_ROOT = tmp_path / "media"
    tom = member(council, Role.COORDINATOR, username="thughes", first_name="Tom",
                 last_name="Hughes", email="tom.hughes@york.example.org")  # fmt: skip
    ann = member(council, Role.OFFICER, username="ann", email="ann@york.example.org")
    member(council, Role.COORDINATOR, username="kay")  # York keeps a coordinator
    mine = ActionFactory(plan=plan, ref="1", lead_officer="Tom Hughes, Head of Finance",
                         target_text="March 2027")  # fmt: skip
    mine.owners.add(tom)
    theirs = ActionFactory(plan=plan, ref="2", target_text="March 2027")
    theirs.owners.add(ann)
    progress_update_create(
        action=theirs, author=ann, status="at_risk", as_at=date(2027, 2, 1),
        narrative="Waiting for TOM HUGHES to sign off; ask tom.hughes@york.example.org",
    )  # fmt: skip
    today = date(2027, 3, 1)
    reporting_round = round_open(plan=plan, user=tom, meeting_date=date(2027, 3, 22), today=today)
    round_emails_send_due(today=today)
    round_emails_send_due(today=reporting_round.deadline + timedelta(days=1))  # a chaser, cc Tom
    assert any("Tom Hughes" in smtp.text(m) for m in smtp.to("tom.hughes@york.example.org"))
    assert any(
        "tom.hughes@york.example.org" in (m["Cc"] or "") for m in smtp.to("ann@york.example.org")
    )
    client.force_login(tom)
    assert client.post(f"/manage/{council.slug}/data/").status_code == 302  # the archive, built

    with django_capture_on_commit_callbacks(execute=True):  # the files go once it commits
        call_command("erase_person", "thughes", "--yes")

    needles = ("tom hughes", "tom.hughes@york.example.org")
    found = []
    for model in apps.get_models():
        text_kinds = models.CharField | models.TextField | models.JSONField
        columns = [f.name for f in model._meta.concrete_fields if isinstance(f, text_kinds)]
        for row in model._base_manager.values_list("pk", *columns):
            text = " ".join(str(value) for value in row).lower()
            found += [f"{model._meta.label} {row[0]}: {n}" for n in needles if n in text]
    assert not found, found
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            if zipfile.is_zipfile(path):  # archives, xlsx: look inside
                with zipfile.ZipFile(io.BytesIO(content)) as archive:
                    content = b"".join(archive.read(name) for name in archive.namelist())
            assert not any(n.encode() in content.lower() for n in needles), path


def test_a_councils_only_coordinator_is_not_erased_without_saying_so(coordinator, council):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="only coordinator of City of York Council"):
        call_command("erase_person", coordinator.username, "--yes")
    coordinator.refresh_from_db()
    assert coordinator.is_active and Membership.objects.filter(user=coordinator).exists()
    call_command("erase_person", coordinator.username, "--yes", "--leave-without-coordinator")
    assert not Membership.objects.filter(council=council).exists()
