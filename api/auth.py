"""Who is asking: a council's API token, sent as `Authorization: Bearer <token>`, limited in how
often it may ask."""

from django.conf import settings
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from .tokens import api_token_check


class CouncilToken(HttpBearer):
    """A usable token sets `request.auth` to it; a missing, wrong or revoked one gets 401."""

    def authenticate(self, request, token):
        return api_token_check(token, request.get_full_path())


class PerToken(AuthRateThrottle):
    def __init__(self):
        super().__init__(settings.API_RATE_LIMIT)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
