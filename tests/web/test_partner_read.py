"""Her current partnership's read takes only what pages use of the partner's account
(``partners.access.PARTNER_READ``: his number and his name), issue 15's eighteenth pass.

Every other field of his is deferred: a caller that asks for one still gets the stored value,
read by Django then. These tests hold both halves: the statement names no other column of his,
and no page a linked person can reach asks for one (which would cost every view a query).
"""

from __future__ import annotations

import html
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from interdepend.web.accounts.models import User
from interdepend.web.demo import demo_load
from interdepend.web.partners.access import (
    ACTIVE_FIELDS,
    PARTNER_READ,
    access_active_partnership,
    access_partner,
    active_statement,
)
from tests.conftest import Personas
from tests.helpers import as_user
from tests.security.urlwalk import url_names

pytestmark = pytest.mark.django_db

#: Pages left out of the walk: they sign her out or lock the session.
_LEFT_OUT = ("accounts:logout", "frame:quick_exit", "frame:quick_exit_note")
_LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)(?:#[^"]*)?"')


def test_the_partner_is_read_for_his_number_and_name_alone(personas: Personas) -> None:
    with CaptureQueriesContext(connection) as seen:
        active = access_active_partnership(personas.alice)
        assert active is not None
        partner = active.partner
        shown = (partner.pk, partner.display_name)
    assert len(seen) == 1
    assert shown == (personas.bob.pk, personas.bob.display_name)
    every = {f.attname for f in User._meta.concrete_fields}
    assert partner.get_deferred_fields() == every - set(PARTNER_READ)
    statement = active_statement()
    for field in User._meta.concrete_fields:
        named = f"u.{connection.ops.quote_name(field.column)}"
        assert (named in statement) == (field.attname in PARTNER_READ), field.attname
    assert len(ACTIVE_FIELDS) == 3 + len(PARTNER_READ)  # the partnership's three, then his


def test_a_field_not_read_is_still_his_stored_value_when_asked_for(personas: Personas) -> None:
    partner = access_partner(personas.alice)
    assert partner is not None
    stored = User.objects.get(pk=personas.bob.pk)
    with CaptureQueriesContext(connection) as seen:
        email, zone = partner.email, partner.time_zone
    assert len(seen) == 2  # one read each, by Django, of that field alone
    assert (email, zone) == (stored.email, stored.time_zone)
    assert str(partner) == str(stored)


def _walk(client: object) -> dict[str, str]:
    """Every page she can GET, one address per route: the routes that take no argument, then
    the links of each page reached."""
    queue: deque[str] = deque()
    for name in url_names():
        if name.startswith("<") or name in _LEFT_OUT:
            continue
        try:
            queue.append(reverse(name))
        except NoReverseMatch:
            continue
    walked: dict[str, str] = {}
    seen_routes: set[str] = set()
    while queue:
        path = queue.popleft()
        try:
            route = resolve(urlsplit(path).path).view_name
        except Resolver404:
            continue
        if route in seen_routes or route in _LEFT_OUT:
            continue
        seen_routes.add(route)
        response = client.get(path)  # type: ignore[attr-defined]
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        walked[route] = path
        if response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode("utf-8", "replace")
            queue.extend(html.unescape(link) for link in _LINK.findall(body))
    return walked


def test_no_page_asks_for_more_of_the_partner_than_was_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Walked as the demo's Maya (half a year of everything with Jonah): a deferred field of
    his asked for anywhere would be one more query on every view of that page."""
    maya = User.objects.get(email=demo_load()[0].email)
    active = access_active_partnership(maya)
    assert active is not None
    asked: list[tuple[object, object]] = []
    refresh = User.refresh_from_db

    def recording(self: User, *args: object, **kwargs: object) -> None:
        asked.append((self.pk, kwargs.get("fields")))
        refresh(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(User, "refresh_from_db", recording)
    walked = _walk(as_user(maya))
    assert len(walked) > 40, sorted(walked)
    assert asked == [], asked
