"""*Who can see what* below its title is drawn in Python (``safetypage.safety_page``, issue 15's
sixteenth pass), where the template drew each sentence, address, token field and ``{% if %}``:
the page is the same, byte for byte, as the one the old template drew (kept as
``tests/web/reference/safetycheck/index.html``), in English and Spanish, in two time zones,
for every persona, with no, one and many invitations, entries shared with practitioners (two of
one day, ids full of markup), research said yes to or not, other devices signed in or not,
two-step sign-in off and on with each kind, notifications on none, one, two and many devices,
and under names full of markup, an ampersand, quotes and right-to-left text."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.template import engines, loader
from django.urls import reverse
from django.utils import timezone, translation

import interdepend.web
from interdepend.web.datarights.safetycheck.selectors import Picture, SharedEntryRow
from interdepend.web.datarights.templatetags import safetypage
from tests.conftest import Personas
from tests.helpers import as_user

pytestmark = pytest.mark.django_db

TEMPLATES = Path(interdepend.web.__file__).parent / "datarights" / "templates" / "safetycheck"
REFERENCE = (Path(__file__).parent / "reference" / "safetycheck" / "index.html").read_text()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
HOSTILE = "<script>alert('x')</script> & \"Bo\" \u202eשלום"
#: Just before midnight in UTC: another day in Auckland and in Pago Pago.
LATE = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)


@pytest.fixture(params=[("en", "Pacific/Auckland"), ("es", "Pacific/Pago_Pago")])
def where(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language, zone


def _entries(n: int) -> list[SharedEntryRow]:
    zone = timezone.get_current_timezone()
    moments = [timezone.localtime(LATE - timedelta(hours=7 * k), zone) for k in range(n)]
    days = [m.date() for m in moments]
    return [
        SharedEntryRow(f"id{k}-<&\"'>", m.date(), m, days.count(m.date()) > 1)
        for k, m in enumerate(moments)
    ]


def _pictures(seen: Picture) -> dict[str, Picture]:
    """The picture the page read, and that picture with each part the old template drew
    under an ``{% if %}`` on, off and counted."""
    others = [dataclasses.replace(s, is_current=False) for s in seen.sessions]
    here = [dataclasses.replace(s, is_current=True) for s in seen.sessions[:1]]

    def pic(**kwargs: Any) -> Picture:
        return dataclasses.replace(seen, **kwargs)

    return {
        "as read": seen,
        "one invitation": pic(invitations=[LATE]),
        "two invitations": pic(invitations=[LATE, LATE + timedelta(days=3)]),
        "many invitations": pic(invitations=[LATE] * 1234),
        "one entry with practitioners": pic(practitioner_entries=_entries(1)),
        "entries with practitioners, some of one day": pic(practitioner_entries=_entries(9)),
        "research yes": pic(research=True),
        "research no": pic(research=False),
        "only this device": pic(sessions=here),
        "other devices": pic(sessions=others),
        "no device": pic(sessions=[]),
        "two-step off": pic(two_step=False, recovery_left=0, app=False, passkeys=0),
        "two-step, codes only": pic(two_step=True, recovery_left=1, app=False, passkeys=0),
        "two-step, no code left": pic(two_step=True, recovery_left=0, app=True, passkeys=0),
        "two-step, one passkey": pic(two_step=True, recovery_left=10, app=False, passkeys=1),
        "two-step, all": pic(two_step=True, recovery_left=7, app=True, passkeys=1234),
        "notifications on one device": pic(push_devices=1),
        "notifications on two devices": pic(push_devices=2),
        "notifications on many devices": pic(push_devices=1234),
        "everything at once": pic(
            invitations=[LATE],
            practitioner_entries=_entries(3),
            research=True,
            sessions=others + here,
            two_step=True,
            recovery_left=2,
            app=True,
            passkeys=2,
            push_devices=3,
        ),
    }


def _both(response: Any, picture: Picture) -> tuple[str, str]:
    """The page drawn by the template with ``picture``, and by the old template, tokens set
    aside."""
    context = {key: response.context[key] for key in ("scope_labels", "kind_labels")}
    context["picture"] = picture
    request = response.wsgi_request
    now = loader.get_template("safetycheck/index.html").render(context, request)
    before = engines["django"].from_string(REFERENCE).render(context, request)
    return TOKEN.sub("TOKEN", now), TOKEN.sub("TOKEN", before)


def test_the_page_is_the_one_the_old_template_drew(
    personas: Personas, where: tuple[str, str]
) -> None:
    for user in personas.by_role().values():
        user.display_name = HOSTILE
        user.save(update_fields=["display_name"])
    for role, user in personas.by_role().items():
        response = as_user(user).get(reverse("safetycheck:index"))
        if response.status_code != 200:
            continue  # a practitioner's own page is another; the check is for everyone's
        page = TOKEN.sub("TOKEN", response.content.decode())
        now, before = _both(response, response.context["picture"])
        assert page == before == now, role
        assert "<script>alert" not in page
        for name, picture in _pictures(response.context["picture"]).items():
            now, before = _both(response, picture)
            assert now == before, (role, name)
            assert "<script>alert" not in now


def test_the_drawn_parts_say_what_each_case_says(
    personas: Personas, where: tuple[str, str]
) -> None:
    """Not only equal to the old template: each case shows its part (so that a reference that
    drew nothing could not pass)."""
    response = as_user(personas.alice).get(reverse("safetycheck:index"))
    pictures = _pictures(response.context["picture"])
    page = _both(response, pictures["everything at once"])[0]
    assert 'data-access="invitation"' in page and 'data-access="research"' in page
    assert page.count('data-access="entry-practitioner"') == 3
    assert page.count('class="two-step-kinds"') == 1 and 'data-access="notifications"' in page
    assert 'action="/safety/sessions/' in page or "safetycheck" not in page
    plain = _both(response, pictures["two-step off"])[0]
    assert 'class="two-step-kinds"' not in plain
    none = _both(response, pictures["research no"])[0]
    assert 'data-access="research"' not in none


def test_the_template_draws_no_sentence_and_no_if() -> None:
    """The content block is ``{% safety_page %}``, whose fixed text holds no loop, no value
    and no condition: only words and addresses, between markers."""
    source = (TEMPLATES / "index.html").read_text()
    assert "{% block content %}{% safety_page %}{% endblock %}" in source
    body = (TEMPLATES / "_index_body.html").read_text()
    assert "{% for" not in body and "{{" not in body and "{% if" not in body
    assert body.count("{# part:csrf #}") == 5


def test_the_pages_fixed_text_is_drawn_once_per_language_as_the_worker_starts() -> None:
    """Made for every language as a worker starts, never by a first view; and each language's
    is its own."""
    from interdepend.web.frame.warmup import warm_worker

    safetypage._fixed.cache_clear()
    warm_worker()
    made = safetypage._fixed.cache_info().currsize
    assert made >= 2
    with translation.override("es"):
        spanish = safetypage._now()["body"][0]
    with translation.override("en"):
        english = safetypage._now()["body"][0]
    assert "Who can see what" in english and spanish != english
    assert safetypage._fixed.cache_info().currsize == made


def test_every_form_on_the_page_carries_the_one_token_written_once(personas: Personas) -> None:
    """Her token's field is written once and put in each form (her partner's card, her
    practitioners' cards, her devices, the page's own forms): every form carries the same
    token, the one Django's ``{% csrf_token %}`` would write for this request."""
    from django.middleware.csrf import (  # type: ignore[attr-defined]  # private, not in stubs
        CSRF_SESSION_KEY,
        _unmask_cipher_token,
    )

    alice = personas.alice
    as_user(alice)  # another device of hers, which her devices' list offers to sign out
    client = as_user(alice)
    response = client.get(reverse("safetycheck:index"))
    assert response.status_code == 200
    page = response.content.decode()
    values = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', page)
    assert len(values) >= 6, len(values)
    assert len(set(values)) == 1
    secret = response.wsgi_request.META.get("CSRF_COOKIE") or client.session.get(CSRF_SESSION_KEY)
    assert secret
    assert _unmask_cipher_token(values[0]) == secret
    for route in ("safetycheck:unlink", "safetycheck:scope", "safetycheck:session"):
        assert f'action="{reverse(route)}"' in page, route
