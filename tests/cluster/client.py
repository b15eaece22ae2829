"""A person's browser in the cluster lane: one cookie jar, requests sent to the balancer or to
one named server, the page's hidden fields (CSRF token, idempotency key) posted back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import requests

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
#: Who answered: HAProxy names the server in this header (scripts/with-cluster).
SERVED_BY = "X-Cluster-Server"
#: The demo people's password (interdepend.web.accounts.selectors.DEMO_PASSWORD).
DEMO_PASSWORD = "demo-interdepend-2026"
MAYA = "maya@demo.interdepend.test"
JONAH = "jonah@demo.interdepend.test"


def hidden_fields(page: str, after: str = "") -> dict[str, str]:
    """The hidden inputs of a page from the first form whose action contains ``after``."""
    if after:
        start = page.find(f'action="{after}')
        assert start >= 0, f"no form posting to {after}"
        page = page[start:]
    found: dict[str, str] = {}
    for name, value in HIDDEN.findall(page):
        found.setdefault(name, value)
    return found


@dataclass
class Browser:
    """One browser: ``base`` is the balancer unless a call names a server."""

    base: str
    session: requests.Session = field(default_factory=requests.Session)
    served_by: list[str] = field(default_factory=list)

    def get(self, path: str, *, via: str = "", **kwargs: object) -> requests.Response:
        response = self.session.get((via or self.base) + path, timeout=30, **kwargs)  # type: ignore[arg-type]
        self.served_by.append(response.headers.get(SERVED_BY, via))
        return response

    def post(
        self, path: str, data: dict[str, str], *, via: str = "", follow: bool = False
    ) -> requests.Response:
        response = self.session.post(
            (via or self.base) + path, data=data, timeout=30, allow_redirects=follow
        )
        self.served_by.append(response.headers.get(SERVED_BY, via))
        return response

    def form(self, path: str, action: str = "", *, via: str = "") -> dict[str, str]:
        """Open a page and return its form's hidden fields."""
        page = self.get(path, via=via)
        assert page.status_code == 200, (path, page.status_code)
        return hidden_fields(page.text, action)

    def sign_in(self, email: str, *, via: str = "") -> None:
        fields = self.form("/login/", via=via)
        answer = self.post(
            "/login/",
            {**fields, "username": email, "password": DEMO_PASSWORD},
            via=via,
        )
        assert answer.status_code == 302, answer.text[:500]
