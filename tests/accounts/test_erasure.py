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
