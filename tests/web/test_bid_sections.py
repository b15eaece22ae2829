"""The bids page's three sections (waiting for her answer, Recent, the month-by-month table)
are drawn in Python (``together/templatetags/bidcards.py``: ``bids_waiting``, ``bids_recent``,
``bid_history``; issue 15's fourteenth pass), where they were three included templates: the
page, and the answer to a bid sent from it, are the same, byte for byte, as the old templates
drew them (kept as ``tests/web/reference/together/``), in English and Spanish, in two time
zones, with no bid, with one of each kind, with more than twelve answered and many waiting, for
a person alone, under names and words full of markup, an ampersand, quotes and right-to-left
text."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest
from django.template import Engine, RequestContext, engines
from django.template.backends.django import DjangoTemplates
from django.urls import reverse
from django.utils import timezone, translation

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.together import selectors, views
from interdepend.web.together import services as together
from interdepend.web.together.models import Bid, BidAnswer
from tests.conftest import Personas
from tests.helpers import HTMX, as_user

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference" / "together"
#: The old includes, under the names the old templates included them by.
INCLUDED = {
    "together/_bids_waiting.html": "bids_waiting.html",
    "together/_bids_recent.html": "bids_recent.html",
    "together/_bid_history.html": "bid_history.html",
}
TOKEN = re.compile(r'name="(csrfmiddlewaretoken|idem)" value="[^"]*"')
NAMES = ["<script>alert('b')</script> & \"Bo\"", "מרים \u202e'Lee'\u202c & <b>"]
ODD = "<script>alert(\"x\")</script> & 'tea' \u05e9\u05dc\u05d5\u05dd"
ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")
PAGE_KEYS = ("active", "form", "to_answer", "bids", "bid_words", "at_most", "history")


def _old_engine() -> Engine:
    """The project's template engine, with the old includes back under their old names."""
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    engine = backend.engine
    kept = {name: (REFERENCE / file).read_text() for name, file in INCLUDED.items()}
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", kept), *engine.loaders],
        context_processors=engine.context_processors,
        builtins=engine.builtins[len(Engine.default_builtins) :],
        libraries=engine.libraries,
        debug=engine.debug,
        autoescape=engine.autoescape,
        string_if_invalid=engine.string_if_invalid,
    )


def _old(name: str, context: dict[str, object], request: HttpRequest) -> str:
    template = _old_engine().from_string((REFERENCE / name).read_text())
    return str(template.render(RequestContext(request, context)))


def _held(response: Any, language: str, zone: str) -> str:
    """The page answered, and the old templates drawn with the same context: equal."""
    context = {key: response.context[key] for key in PAGE_KEYS if key in response.context}
    with translation.override(language), timezone.override(zone):
        before = _old("bids.html", context, response.wsgi_request)
    page = TOKEN.sub("TOKEN", response.content.decode())
    assert page == TOKEN.sub("TOKEN", before)
    assert "<script>alert" not in page
    return page


def _page(user: User, language: str, zone: str) -> str:
    """The page, and the old templates drawn with the same context: equal."""
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    response = as_user(user).get(reverse("together:bids"))
    assert response.status_code == 200
    return _held(response, language, zone)


def _send(owner: User, n: int, answer: str = "") -> Bid:
    active = access_active_partnership(owner)
    assert active is not None
    bid = together.bid_send(
        owner=owner, partnership=active.partnership, text=f"{ODD} {n}", idem_key=""
    )
    if answer:
        when = f'after "six" & <{n}>' if answer == BidAnswer.LATER else ""
        together.bid_answer(bid=bid, answer=answer, when=when)
    return bid


def _every_way(alice: User, bob: User, language: str) -> str:
    page = ""
    for name, zone in itertools.product(NAMES, ZONES):
        bob.display_name = name
        bob.save(update_fields=["display_name"])
        page = _page(alice, language, zone)
    return page


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_bids_page_is_the_one_the_old_templates_drew(personas: Personas, language: str) -> None:
    alice, bob = personas.alice, personas.bob
    Bid.objects.all().delete()  # the personas' own
    page = _every_way(alice, bob, language)  # no bid: no table, Recent says so
    assert 'id="bids-waiting"></div>' in page and "history-heading" not in page
    _send(alice, 0)
    page = _every_way(alice, bob, language)  # only her own, waiting: in Recent
    assert 'id="bids-waiting"></div>' in page and "history-heading" in page
    _send(bob, 1)
    _every_way(alice, bob, language)  # one waiting for her answer, nothing answered yet
    _every_way(bob, alice, language)  # his: his own waiting one, hers in Recent
    for n, answer in enumerate([BidAnswer.YES_NOW, BidAnswer.LATER, BidAnswer.NOT_NOW] * 5):
        _send(bob if n % 2 else alice, n + 2, answer)
    for n in range(4):
        _send(bob, n + 40)
    page = _every_way(alice, bob, language)  # more than twelve answered, several waiting
    assert page.count('class="item"') == 12 + 1 + 5


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_person_alone_sees_the_page_the_old_templates_drew(
    personas: Personas, language: str
) -> None:
    for zone in ZONES:
        _page(personas.carol, language, zone)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_answer_to_a_bid_is_the_one_the_old_templates_drew(
    personas: Personas, language: str
) -> None:
    alice, bob = personas.alice, personas.bob
    Bid.objects.all().delete()  # the personas' own
    bob.display_name = NAMES[1]
    bob.save(update_fields=["display_name"])
    for zone in ZONES:
        alice.language, alice.time_zone = language, zone
        alice.save(update_fields=["language", "time_zone"])
        waiting = [_send(bob, n) for n in range(3)]
        _send(alice, 9)
        client = as_user(alice)
        counts: set[str] = set()
        for bid, answer in zip(waiting, ["yes_now", "later", "not_now"], strict=True):
            address = reverse("together:bid_answer", args=[bid.public_id])
            posted = {"answer": answer, "when": '<soon> & "\'"'}
            response = client.post(address, posted, headers=HTMX)
            assert response.status_code == 200
            assert not response.templates  # drawn in Python (``bidcards.bid_answered``)
            with translation.override(language), timezone.override(zone):
                context = _answer_context(alice, bid)
                before = _old("bid_answered.html", context, response.wsgi_request)
            answered = TOKEN.sub("TOKEN", response.content.decode())
            assert answered == TOKEN.sub("TOKEN", before)
            counts.add(_badge_count(answered))
            assert (
                'id="bids-recent" aria-labelledby="recent-heading" hx-swap-oob="true"' in answered
            )
        # The last answer leaves nothing waiting: the line that takes the keyboard's focus.
        assert "data-focus-next>" in answered
        assert counts == {"2", "1", ""}  # the bar's count, plural, singular and none, each held


def _answer_context(user: User, bid: Bid) -> dict[str, object]:
    """What the old fragment was drawn with after ``user`` answered ``bid``: the two lists and
    their words, read again, and the month of the bid (the view's own ``_bid_lists``)."""
    active, month = selectors.partnership_and_bid_month(user, bid.created_at)
    assert active is not None
    return {"user": user, "month": month, **views._bid_lists(user, active)}


def _badge_count(fragment: str) -> str:
    """The number the bar's count shows in an answer's fragment ("" for none)."""
    found = re.search(r'<span id="waiting-badge" hx-swap-oob="true">(.*?)</span>\n', fragment)
    assert found is not None
    number = re.search(r'class="waiting-number" aria-hidden="true">(\d+)<', found.group(1))
    return number.group(1) if number else ""


def _sent_back(user: User, language: str, zone: str, text: str) -> str:
    """The page a bid sent and refused draws (its words kept, the box with its error, or the
    line that says enough is waiting), and the old template drawn with the same context."""
    user.language, user.time_zone = language, zone
    user.save(update_fields=["language", "time_zone"])
    response = as_user(user).post(reverse("together:bids"), {"text": text, "idem": "k-1"})
    assert response.status_code == 400
    return _held(response, language, zone)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_bids_page_sent_back_or_full_is_the_one_the_old_template_drew(
    personas: Personas, language: str
) -> None:
    """The send box's other ways (a bid refused with its error and words kept, and the line
    that says enough of hers is waiting, with and without a refused bid) as the old content
    block drew them (issue 15's sixteenth pass drew it in Python: ``bidcards.bids_page``)."""
    alice, bob = personas.alice, personas.bob
    Bid.objects.all().delete()  # the personas' own
    too_long = ODD * 40
    for name, zone in itertools.product(NAMES, ZONES):
        bob.display_name = name
        bob.save(update_fields=["display_name"])
        page = _sent_back(alice, language, zone, too_long)  # too long: the box, its error
        assert 'aria-invalid="true"' in page and 'id="send-heading"' in page
    for n in range(together.BIDS_WAITING_MAX):
        _send(alice, n)
    for zone in ZONES:
        page = _page(alice, language, zone)  # enough of hers waiting: the line, no box
        assert 'name="text"' not in page
        page = _sent_back(alice, language, zone, too_long)  # refused: the box comes back
        assert 'name="text"' in page and 'aria-invalid="true"' in page
        page = _sent_back(alice, language, zone, "Tea?")  # a good one, but too many waiting
        assert 'name="text"' in page
