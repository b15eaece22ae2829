"""The promises page's three sections (the follow-through card, what is still to do, the
earlier promises) and the sentence that names the partner are drawn in Python
(``together/templatetags/promisecards.py``, issue 15's thirteenth pass), where they were three
included templates with five ``{% blocktranslate %}`` blocks: the page, and the answer to
marking a promise from it, are the same, byte for byte, as the old templates drew them (kept
as ``tests/web/reference/together/``), in English and Spanish, in two time zones, with no
promises, with some of each kind, with more than eight earlier ones and all of them asked for,
with only unmarked ones come due, for a person alone, under names and words full of markup,
an ampersand, quotes and right-to-left text."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.http import HttpRequest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

import interdepend.web
from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import services as together
from interdepend.web.together.forms import CommitmentForm
from interdepend.web.together.models import Commitment
from tests.conftest import Personas
from tests.helpers import HTMX, as_user
from tests.web.test_freshforms import forms_kept

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference" / "together"
TOKEN = re.compile(r'name="(csrfmiddlewaretoken|idem)" value="[^"]*"')
NAMES = ["<script>alert('b')</script> & \"Bo\"", "מרים \u202e'Lee'\u202c & <b>"]
ODD = "<script>alert(\"x\")</script> & 'tea' \u05e9\u05dc\u05d5\u05dd"
ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")
KEYS = ("form", "show_all", "partner", "active", "open", "done", "follow", "today")


#: The page as a started worker draws it: the fresh form from what it keeps.
_fresh_forms_kept = pytest.fixture(autouse=True)(forms_kept)


def _old(name: str, context: dict[str, object], request: HttpRequest) -> str:
    source = (REFERENCE / name).read_text()
    return str(engines["django"].from_string(source).render(context, request))


def _same(user: User, language: str, zone: str, query: str = "") -> str:
    """The page, and the old template drawn with the same context: equal."""
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    response = as_user(user).get(reverse("together:commitments") + query)
    assert response.status_code == 200
    context = {key: response.context[key] for key in KEYS}
    with translation.override(language), timezone.override(zone):
        if context["form"] is None:
            # Since issue 15's seventeenth pass a view that sends nothing makes no form
            # (``freshforms.opened``): the old template gets the one the old view made.
            context["form"] = CommitmentForm(None, initial={})
        before = _old("commitments.html", context, response.wsgi_request)
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", before)
    assert "<script>alert" not in page
    return page


def _promises(owner: User, shared: bool, states: list[tuple[str, int]]) -> None:
    active = access_active_partnership(owner)
    for n, (state, days) in enumerate(states):
        made = together.commitment_create(
            owner=owner,
            partnership=active.partnership if active and shared else None,
            text=f"{ODD} {n}",
            due_on=timezone.localdate(),
            idem_key="",
        )
        Commitment.objects.filter(pk=made.pk).update(
            state=state, due_on=timezone.localdate() + timedelta(days=days)
        )


def _every_way(alice: User, bob: User, language: str, queries: tuple[str, ...] = ("",)) -> None:
    for name, zone, query in itertools.product(NAMES, ZONES, queries):
        bob.display_name = name
        bob.save(update_fields=["display_name"])
        _same(alice, language, zone, query)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_promises_page_is_the_one_the_old_templates_drew(
    personas: Personas, language: str
) -> None:
    alice, bob = personas.alice, personas.bob
    _every_way(alice, bob, language)  # no promises: nothing came due
    _promises(alice, True, [("open", -3)])
    page = _same(alice, language, "UTC")  # only one come due, not marked
    assert "lead-in" not in page
    _every_way(alice, bob, language)
    _promises(bob, True, [("open", -2), ("open", 4)])
    _promises(alice, False, [("open", 0), ("open", 9), ("open", -1)])
    _promises(alice, True, [("kept", -5), ("missed", -6), ("renegotiated", -7), ("kept", -70)])
    _promises(bob, True, [("kept", -4)])
    page = _same(alice, language, "UTC")  # counted, five earlier
    assert "lead-in" in page and "?earlier=all" not in page
    _every_way(alice, bob, language)
    _promises(alice, True, [("kept", -n) for n in range(8, 20)])
    page = _same(alice, language, "UTC")  # more than eight earlier: the link to the rest
    assert "?earlier=all" in page
    _every_way(alice, bob, language, ("", "?earlier=all"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_person_alone_sees_the_page_the_old_templates_drew(
    personas: Personas, language: str
) -> None:
    carol = personas.carol
    for zone in ZONES:
        _same(carol, language, zone)
    _promises(carol, False, [("kept", -1), ("missed", -2), ("open", -1), ("open", 3)])
    for zone in ZONES:
        page = _same(carol, language, zone)
        assert "promises-done" in page and "lead-in" in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_answer_to_marking_a_promise_is_the_one_the_old_templates_drew(
    personas: Personas, language: str
) -> None:
    alice, bob = personas.alice, personas.bob
    bob.display_name = NAMES[1]
    bob.save(update_fields=["display_name"])
    alice.language = language
    alice.save(update_fields=["language"])
    _promises(alice, True, [("open", -1), ("open", 2), *(("kept", -n) for n in range(2, 12))])
    client = as_user(alice)
    for mine in Commitment.objects.filter(owner=alice, state="open").order_by("pk"):
        address = reverse("together:commitment_mark", args=[mine.public_id])
        response = client.post(address, {"state": "kept"}, headers=HTMX)
        assert response.status_code == 200
        context = {key: response.context[key] for key in ("status", *KEYS[3:])}
        with translation.override(language):
            before = _old("_promises_changed.html", context, response.wsgi_request)
        answer = TOKEN.sub("TOKEN", response.content.decode())
        assert answer == TOKEN.sub("TOKEN", before)
        assert answer.count('hx-swap-oob="true"') >= 2
        assert "<script>alert" not in answer


def test_the_page_draws_its_sections_without_a_blocktranslate() -> None:
    """None of the page's own templates has a ``{% blocktranslate %}`` or an include left."""
    folder = Path(interdepend.web.__file__).parent / "together" / "templates" / "together"
    for name in ("commitments.html", "_promises_changed.html"):
        source = (folder / name).read_text()
        assert "blocktranslate" not in source
        assert "_promises_" not in source
