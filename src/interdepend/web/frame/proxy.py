"""The client's own address behind a balancer or reverse proxy.

Behind HAProxy or nginx every request reaches the app from the proxy's address, so login
throttling (keyed on e-mail and address), the sessions list and the invitation guesses would
see one address for everyone: a stranger failing to sign in as someone would lock that person
out from everywhere. With ``INTERDEPEND_PROXY_COUNT`` = N (the proxies in front that the
operator runs, each appending the address it saw to ``X-Forwarded-For``), the client is the
N-th address from the right of that header: the one the outermost proxy of ours saw. Anything
further left was written by the client and is ignored. Without the setting, nothing changes.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_address(forwarded: str, proxies: int) -> str | None:
    """The address our outermost proxy saw, from ``X-Forwarded-For``; None if unusable."""
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies < 1 or len(hops) < proxies:
        return None
    found = hops[-proxies]
    try:
        return str(ipaddress.ip_address(found))
    except ValueError:
        return None


class ProxiedClientMiddleware:
    """Set ``REMOTE_ADDR`` to the client's address as our proxies report it (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.proxies = int(getattr(settings, "PROXY_COUNT", 0))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.proxies:
            found = client_address(request.META.get("HTTP_X_FORWARDED_FOR", ""), self.proxies)
            if found is not None:
                request.META["REMOTE_ADDR"] = found
        return self.get_response(request)
