"""Who is asking: a council's API token, sent as `Authorization: Bearer <token>`, limited in how
often it may ask. The limit is counted in the cache, which production shares between its web
processes; only requests the limit lets through are recorded as the token's uses."""

from django.conf import settings
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from .tokens import api_token_check, api_token_use_record


class CouncilToken(HttpBearer):
    """A usable token sets `request.auth` to it; a missing, wrong or revoked one gets 401."""

    def authenticate(self, request, token):
        return api_token_check(token)


class PerToken(AuthRateThrottle):
    def __init__(self):
        super().__init__(settings.API_RATE_LIMIT)

    def allow_request(self, request) -> bool:
        allowed = super().allow_request(request)
        if allowed:
            api_token_use_record(token=request.auth, path=request.get_full_path())
        return allowed

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
