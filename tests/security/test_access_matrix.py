"""T01 and T02: every URL × every role × GET and POST against the declared policy."""

from __future__ import annotations

import pickle
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from interdepend.web.frame.templatetags import frameparts
from interdepend.web.together import selectors
from tests.conftest import Personas
from tests.helpers import Response, as_user, cache_entries
from tests.security.policy import POLICY, ROLES
from tests.security.urlwalk import url_names

pytestmark = pytest.mark.django_db

#: The roles in two halves of about the same work, so that the two test workers share the
#: matrix and the marker crawl (every role is in one half: the same cases run).
HALVES = {"anonymous-to-ex-partner": ROLES[:5], "stranger-to-practitioners": ROLES[5:]}


def outcome(response: Response) -> str:
    status = response.status_code
    if status in (301, 302):
        location = response.headers["Location"]
        return "login" if location.startswith(reverse("accounts:login")) else "redirect"
    return {404: "gone", 405: "method", 429: "limited"}.get(
        status, "ok" if 200 <= status < 300 else str(status)
    )


def client_for(personas: Personas, role: str) -> Client:
    return Client() if role == "anonymous" else as_user(personas.by_role()[role])


def test_every_url_has_a_policy_row() -> None:
    missing = [name for name in url_names() if name not in POLICY]
    stale = [name for name in POLICY if name not in url_names()]
    assert not missing, f"URLs with no policy row: {missing}"
    assert not stale, f"policy rows for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("half", HALVES)
def test_access_matrix(personas: Personas, half: str) -> None:
    """Half the roles' columns of the matrix: the two halves run side by side on the workers."""
    counts: Counter[str] = Counter()
    unexpected: list[str] = []
    for name, row in POLICY.items():
        url = reverse(name, kwargs=row.kwargs(personas))
        for role in HALVES[half]:
            for method, expected in (("GET", row.get[role]), ("POST", row.post[role])):
                with transaction.atomic():
                    client = client_for(personas, role)
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    got = outcome(response)
                    transaction.set_rollback(True)
                counts["cases"] += 1
                if got != expected:
                    unexpected.append(f"{method} {name} as {role}: expected {expected}, got {got}")
    print(f"\nT01 access matrix, {half}: {counts['cases']} cases, {len(unexpected)} unexpected")
    assert not unexpected, "\n".join(unexpected)


def test_anonymous_sweep(personas: Personas) -> None:
    """T02: every URL outside the explicit public list sends a visitor to log in."""
    client = Client()
    opened = []
    checked = 0
    for name, row in POLICY.items():
        if row.public:
            continue
        url = reverse(name, kwargs=row.kwargs(personas))
        for method in ("get", "post"):
            checked += 1
            if outcome(getattr(client, method)(url)) != "login":
                opened.append(f"{method.upper()} {name}")
    print(f"\nT02 anonymous sweep: {checked} requests to private URLs, {len(opened)} open")
    assert not opened


@pytest.mark.parametrize("half", HALVES)
def test_no_private_marker_reaches_another_role(personas: Personas, half: str) -> None:
    """A first marker crawl: no page a role can GET shows another person's e-mail or code; and
    once every page has been drawn for every role of the half, the cache holds nothing
    personal (no name, e-mail or marker of anyone) in its keys or its values."""
    own = {"owner-alone": "carol", "partner": "alice", "partner-b": "bob", "ex-partner": "dave"}
    cache.clear()
    frameparts.forget()
    selectors.forget_estimates()
    seen = []
    pages = 0
    for name, row in POLICY.items():
        url = reverse(name, kwargs=row.kwargs(personas))
        for role in HALVES[half]:
            body = client_for(personas, role).get(url).content.decode(errors="replace")
            pages += 1
            for key, value in personas.markers.items():
                owner = key.split(".")[0]
                if own.get(role) != owner and value in body:
                    if key == "carol.invitation" and name == "partners:join_link":
                        continue  # the code is in that URL by design: whoever holds it may look
                    seen.append(f"{key} in {name} as {role}")
    print(f"\nmarker check, {half}: {pages} responses, {len(seen)} markers seen")
    assert not seen
    personal = cache_leaks(personas)
    kinds = Counter(key.split(":")[2].split(".")[0] for key in cache_entries())
    print(f"cache after the crawl: {dict(kinds)}, {len(personal)} personal")
    assert not personal, personal


def cache_leaks(personas: Personas) -> list[str]:
    """What personal text the cache holds: every persona's display name and e-mail and every
    marker, looked for in each key and in each value as stored and as read back."""
    people = personas.by_role().values()
    personal = {f"name of {p.email}": p.display_name for p in people}
    personal |= {f"e-mail of {p.email}": p.email for p in people}
    personal |= {f"marker {key}": value for key, value in personas.markers.items()}
    found = []
    for key, stored in cache_entries().items():
        text = "\n".join((key, stored.decode("utf-8", errors="replace"), str(pickle.loads(stored))))
        found += [f"{what} in {key}" for what, value in personal.items() if value in text]
    # The frame's parts, kept in the process's own memory (frame.templatetags.frameparts).
    for part_key, drawn in frameparts._drawn.items():
        text = f"{part_key!r}\n{drawn}"
        found += [f"{what} in {part_key!r}" for what, value in personal.items() if value in text]
    # The carry-over estimates a worker remembers in front of the cache (together.selectors).
    for digest, (estimate, _until) in selectors._remembered.items():
        text = f"{digest}\n{estimate!r}"
        found += [f"{what} in {digest}" for what, value in personal.items() if value in text]
    return found


def test_the_cache_check_finds_a_name_a_key_or_a_marker(personas: Personas) -> None:
    """The check above can fail: a fragment holding a name, a key holding an e-mail, a value
    holding a marker are each found."""
    cache.clear()
    cache.set("fragment", f"<p>Hello {personas.alice.display_name}</p>")
    cache.set(f"carryover:{personas.bob.email}", (1.0, 2.0))
    cache.set("note", {"text": personas.markers["carol.invitation"]})
    frameparts._drawn[("frame/parts/header.html", "en")] = f"<b>{personas.carol.email}</b>"
    selectors._remember(personas.dave.email, selectors.Carryover(None, None, 0, "weeks"))
    found = cache_leaks(personas)
    cache.clear()
    frameparts.forget()
    selectors.forget_estimates()
    assert any(f.startswith(f"e-mail of {personas.dave.email}") for f in found), found
    assert any(f.startswith(f"e-mail of {personas.carol.email}") for f in found), found
    assert any(f.startswith(f"name of {personas.alice.email}") for f in found), found
    assert any(f.startswith(f"e-mail of {personas.bob.email}") for f in found), found
    assert any(f.startswith("marker carol.invitation") for f in found), found
