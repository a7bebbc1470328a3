"""The network address a request came from, the one place that reads it: sign-in lockouts,
the password-reset throttle and the records of refused sign-ins all count by it.

Behind TRUSTED_PROXY_COUNT proxies that each append the address they were reached from to
X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`, a cloud load balancer), the last
TRUSTED_PROXY_COUNT entries were written by our own proxies, and the first of those is the
client. Entries further left came from the client itself and are never believed, so no one can
pose as another address. With no proxy, the connection's own address is the client's.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote  # not through all our proxies: only the connection is known
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
