"""Writes and checks of API tokens. A token is a random secret; only its SHA-256 is kept, so a
copy of the database opens nothing."""

import hashlib
import secrets

from django.utils import timezone

from .models import ApiToken, ApiTokenUse

PREFIX = "itk_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, council, name: str, user=None) -> tuple[ApiToken, str]:
    """A new token for the council, and the secret to give its holder (shown once only)."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        council=council,
        name=name.strip()[:100],
        prefix=raw[: len(PREFIX) + 6],
        key_hash=_hash(raw),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def api_token_check(raw: str) -> ApiToken | None:
    """The usable token with this secret; None for a wrong or revoked one."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    return ApiToken.objects.usable().select_related("council").filter(key_hash=_hash(raw)).first()


def api_token_use_record(*, token: ApiToken, path: str) -> None:
    """A request the API answers (not one its rate limit refused) is recorded as a use."""
    now = timezone.now()
    ApiTokenUse.objects.create(token=token, used_at=now, path=path[:500])
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
