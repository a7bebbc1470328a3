"""A second factor for password accounts, required by role (MFA_REQUIRED_FOR)."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PASSWORD = "a-good-test-password"


@pytest.fixture
def mfa_for_coordinators(settings):
    settings.MFA_REQUIRED_FOR = "coordinator"


def app_code(user) -> str:
    """What the authenticator app shows now."""
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def password_step(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def set_up(client, user):
    password_step(client, user)
    client.get(reverse("second_factor_setup"))
    page = client.post(reverse("second_factor_setup"), {"code": app_code(user)}, follow=True)
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page.content.decode())
    client.post(reverse("logout"))
    return codes


def test_a_coordinator_opens_no_page_before_setting_up_a_second_factor(
    client, mfa_for_coordinators, coordinator, plan, action
):
    response = password_step(client, coordinator)
    assert response.status_code == 302
    for path in ("/", f"/actions/{action.pk}/", "/manage/york/", "/reports/", "/admin/"):
        response = client.get(path)
        assert (
            response.status_code == 302
            and response["Location"] == "/accounts/second-factor/set-up/"
        ), path
    page = client.get(reverse("second_factor_setup")).content.decode()
    assert "<svg" in page and 'id="setup-key"' in page
    wrong = client.post(reverse("second_factor_setup"), {"code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    time.sleep(1.1)  # django-otp waits a second after a wrong code, doubling each time
    page = client.post(reverse("second_factor_setup"), {"code": app_code(coordinator)}, follow=True)
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page.content.decode())
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    assert client.get(reverse("second_factor_recovery_codes")).status_code == 302  # shown once


def test_with_a_second_factor_the_password_alone_signs_no_one_in(
    client, mfa_for_coordinators, coordinator
):
    codes = set_up(client, coordinator)
    response = password_step(client, coordinator)
    assert response["Location"] == reverse("second_factor_code")
    assert not client.get("/").wsgi_request.user.is_authenticated
    wrong = client.post(reverse("second_factor_code"), {"code": "123456"})
    assert "The code is not right" in wrong.content.decode()
    assert not wrong.wsgi_request.user.is_authenticated
    time.sleep(1.1)
    # A recovery code stands in for the app, once.
    response = client.post(reverse("second_factor_code"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("logout"))
    password_step(client, coordinator)
    again = client.post(reverse("second_factor_code"), {"code": codes[0]})
    assert "The code is not right" in again.content.decode()
    time.sleep(1.1)
    assert client.post(reverse("second_factor_code"), {"code": codes[1]}).status_code == 302


def test_the_sign_in_lockout_counts_wrong_codes(
    client, settings, mfa_for_coordinators, coordinator
):
    set_up(client, coordinator)
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    password_step(client, coordinator)
    statuses = [client.post(reverse("second_factor_code"), {"code": "111111"}).status_code
                for _ in range(3)]  # fmt: skip
    assert statuses == [200, 200, 429]
    # Locked: neither the password nor a right code gets in now.
    locked = password_step(client, coordinator)
    assert locked.status_code in (403, 429)
    assert "Too many attempts" in locked.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_roles_not_named_sign_in_with_a_password_alone(client, mfa_for_coordinators, officer):
    password_step(client, officer)
    assert client.get("/").status_code == 200


def test_the_demo_asks_no_one(client, coordinator, settings):
    assert settings.MFA_REQUIRED_FOR == ""
    password_step(client, coordinator)
    assert client.get("/").status_code == 200


def test_a_lost_phone_the_site_administrator_resets_it(client, mfa_for_coordinators, coordinator):
    from io import StringIO

    from django.core.management import call_command

    set_up(client, coordinator)
    out = StringIO()
    call_command("reset_second_factor", coordinator.username, stdout=out)
    assert "set it up again" in out.getvalue()
    assert password_step(client, coordinator)["Location"] == "/"  # no code asked
    assert client.get("/")["Location"] == reverse("second_factor_setup")


def test_a_misspelt_role_stops_the_service_starting(settings):
    from django.core.checks import run_checks

    settings.MFA_REQUIRED_FOR = "coordinators,admin"
    errors = [e for e in run_checks() if e.id == "accounts.E001"]
    assert errors and "coordinators" in errors[0].msg
    settings.MFA_REQUIRED_FOR = "coordinator,admin"
    assert not [e for e in run_checks() if e.id == "accounts.E001"]


def test_the_admin_has_no_sign_in_of_its_own(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/sign-in/?next=/admin/"
    chain = client.get("/admin/", follow=True).redirect_chain
    assert chain[-1] == ("/accounts/sign-in/?next=%2Fadmin%2F", 302)


def test_a_signed_in_member_who_is_not_staff_is_refused_the_admin_not_sent_round(client, officer):
    client.force_login(officer)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1  # /admin/ → /admin/login/, which refuses
    assert "/accounts/sign-in/" not in response.redirect_chain[-1][0]


def test_your_account_makes_new_recovery_codes_and_turns_a_chosen_factor_off(client, officer):
    codes = set_up(client, officer)  # an officer who chose one: not required
    password_step(client, officer)
    client.post(reverse("second_factor_code"), {"code": codes[0]})
    page = client.get(reverse("your_account")).content.decode()
    assert "On: an authenticator app" in page and "9 recovery codes left" in page
    new = client.post(reverse("second_factor_recovery_codes_new"), follow=True).content.decode()
    new_codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", new)
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    client.post(reverse("second_factor_off"))
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert "Set up a second factor" in client.get(reverse("your_account")).content.decode()


def test_a_required_second_factor_cannot_be_turned_off(client, mfa_for_coordinators, coordinator):
    codes = set_up(client, coordinator)
    password_step(client, coordinator)
    client.post(reverse("second_factor_code"), {"code": codes[0]})
    page = client.post(reverse("second_factor_off"), follow=True).content.decode()
    assert "Your role needs a second factor: it stays on" in page
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()
