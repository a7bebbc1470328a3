"""A second factor for password accounts: a TOTP app with recovery codes (django-otp), required
for the roles named in MFA_REQUIRED_FOR. Sign-ins through a council's provider rely on the
provider's own second factor. The password is checked first, and no one is signed in until the
code is: the sign-in lockout counts wrong codes as it counts wrong passwords."""

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .sso_adapter import SESSION_PROVIDER_KEY

PENDING_KEY = "second_factor_pending"
PENDING_SECONDS = 5 * 60
RECOVERY_CODES = 10


def required_roles() -> set[str]:
    return {role.strip() for role in settings.MFA_REQUIRED_FOR.split(",") if role.strip()}


def must_use_second_factor(user) -> bool:
    roles = required_roles()
    if not roles or not user.is_authenticated:
        return False
    if user.is_superuser and "admin" in roles:
        return True
    return user.memberships.filter(role__in=roles).exists()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def signed_in_through_provider(request) -> bool:
    return bool(request.session.get(SESSION_PROVIDER_KEY))


# Between the password and the code: who is signing in, kept in the session, not yet signed in.


def pending_start(request, user, next_url: str) -> None:
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "until": timezone.now().timestamp() + PENDING_SECONDS,
    }


def pending_user(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or pending["until"] < timezone.now().timestamp():
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user, pending


def pending_end(request) -> None:
    request.session.pop(PENDING_KEY, None)


def code_allowed(request, user) -> bool:
    return AxesProxyHandler.is_allowed(request, credentials={"username": user.get_username()})


def _typed(code: str) -> str:
    return "".join(code.split())  # "123 456" as an app shows it


def code_verify(request, user, code: str):
    """The device the code belongs to (a recovery code is used up), or None, counted as a failed
    sign-in."""
    code = _typed(code).lower()
    for device in [*TOTPDevice.objects.filter(user=user, confirmed=True),
                   *StaticDevice.objects.filter(user=user, confirmed=True)]:  # fmt: skip
        if code and device.verify_token(code):
            return device
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    return None


# Setting it up.


SETUP_KEY = "second_factor_setup_device"


def totp_device_for_setup(user, session) -> TOTPDevice:
    """The device this session is setting up (the same one until confirmed, so a reload keeps
    the QR code). Another session gets a key of its own, and never sees this one."""
    device = TOTPDevice.objects.filter(
        user=user, confirmed=False, pk=session.get(SETUP_KEY) or 0
    ).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        session[SETUP_KEY] = device.pk
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode().split("?>", 1)[-1]  # inline: no XML declaration


def key_for_typing(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def second_factor_confirm(user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with its first code; returns the new recovery codes, or None."""
    if not device.verify_token(_typed(code)):
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()  # and others' set-ups
    return recovery_codes_replace(user)


@transaction.atomic
def recovery_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_remove(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
