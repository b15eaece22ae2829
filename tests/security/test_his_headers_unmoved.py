"""Nothing he gets from the site moves with what she does alone: the headers too, not only the
pages (the side-channel audit of 2026-12-04).

The earlier sweeps held his pages the same, byte for byte, whatever she writes alone. A header
can tell as much as a page: a ``Last-Modified`` or ``ETag`` taken from her newest row, a cache
rule that changes when she has something, a cookie set or left, a ``Vary`` that appears. Here
every page and htmx fragment of his that opens without an argument (and a decision they share)
is read before and after she writes alone (a journal entry, a boundary's draft, a goal, a
promise and a friend of her own, a check-in kept to herself, her rating of their decision) and
opens every page of hers: status, headers, cookies and words stay as they were.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from pytest_django import Settings

from interdepend.web.accounts import idle
from interdepend.web.decide.services import decision_create, rating_save
from interdepend.web.journal.services import entry_create
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import services as together
from interdepend.web.together.selectors import week_start
from tests.conftest import Personas
from tests.security.urlwalk import url_names

pytestmark = pytest.mark.django_db

#: Form keys (digits and Q-Z in the suite) and the one-use keys of forms: new on every read.
FRESH_EACH_TIME = (re.compile(rb"[0-9Q-Z]{64}"), re.compile(rb"\b[0-9a-f]{32}\b"))
#: Steps that would end his sign-in or lock it, or end hers.
LEFT_OUT = ("accounts:logout", "frame:quick_exit", "accounts:sessions_end", "admin")

Read = tuple[int, dict[str, str], dict[str, tuple[bool, str]], bytes]


def _read(client: Client, url: str, fragment: bool) -> Read:
    answer = client.get(url, headers={"HX-Request": "true"} if fragment else {})
    headers = {name: value for name, value in answer.items() if name != "Date"}
    cookies = {
        name: (bool(kept.value), str(kept["max-age"])) for name, kept in answer.cookies.items()
    }
    body = answer.content
    for fresh in FRESH_EACH_TIME:
        body = fresh.sub(b"-", body)
    return answer.status_code, headers, cookies, body


def _pages(client: Client) -> list[str]:
    found = []
    for name in url_names():
        if name.startswith(LEFT_OUT):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if client.get(url).status_code == 200:
            found.append(url)
    return found


def _all(client: Client, urls: list[str]) -> dict[tuple[str, bool], Read]:
    return {
        (url, fragment): _read(client, url, fragment) for url in urls for fragment in (False, True)
    }


def test_his_headers_and_pages_do_not_move_with_what_she_does_alone(
    personas: Personas, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # His own private pages renew his session's stamp once a minute (``accounts.idle``), which
    # sets his session cookie again: on a loaded machine this test outlasts a minute, and the
    # first private read after it (his balance chart, his sessions) moved with the clock, not
    # with her. No renewal falls inside the test; the stamp's own rules have their own tests.
    monkeypatch.setattr(idle, "STAMP_EVERY_SECONDS", 10.0**9)
    settings.JOURNAL_IDLE_SECONDS = 10**10
    alice, bob = personas.alice, personas.bob
    active = access_active_partnership(alice)
    assert active is not None
    shared = decision_create(
        partnership=active.partnership, author=bob, title="Where", options=["a", "b"], token="t1"
    )
    his = Client()
    his.force_login(bob)
    urls = [*_pages(his), reverse("decide:detail", kwargs={"decision_id": shared.public_id})]
    assert len(urls) > 40
    before = _all(his, urls)
    steady = {key for key, read in _all(his, urls).items() if read == before[key]}

    today = timezone.localdate()
    entry_create(owner=alice, body="alone", prompt_key="", idem_key="s1")
    together.boundary_draft(owner=alice, text="alone", idem_key="s2")
    together.goal_create(owner=alice, partnership=None, title="alone", detail="", idem_key="s3")
    together.commitment_create(
        owner=alice, partnership=None, text="alone", due_on=today, idem_key="s4"
    )
    together.circle_add(owner=alice, name="Alone", last_connected=None, idem_key="s5")
    together.checkin_save(
        owner=alice, week=week_start(today), values={}, need="", shared=False, partnership=None
    )
    rating_save(decision=shared, user=alice, for_self=[3, 1], for_partner=[2, 2])
    hers = Client()
    hers.force_login(alice)
    for url in _pages(hers):
        hers.get(url, headers={"HX-Request": "true"})

    after = _all(his, urls)
    moved = sorted(
        f"{url}{' (htmx)' if fragment else ''}"
        for (url, fragment) in steady
        if after[(url, fragment)] != before[(url, fragment)]
    )
    assert not moved
    assert len(steady) > 2 * len(urls) - 6  # only a page or two draws a new key of its own
