"""The couple view's content block and the card for sharing one's latest result, drawn in Python
(``{% couple_page %}``, ``{% couple_share_latest %}``: ``couple/templatetags/couplepage.py``),
against the templates they replaced (``tests/web/reference/couple/couple.html`` with the body
and the card it included, ``couple_view_body.html`` and ``couple/share_latest.html``): byte for
byte, in English and Spanish, in two time zones either side of the date line, with the view
open and closed, in her view while it takes care, in every state of her part, with no
questions to talk about, one and many, and with names, questions and ids full of markup,
ampersands, quotes and right-to-left text. ``tests/web/test_couple_page_words.py`` holds the
whole page, as served, to the same reference."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from interdepend.web.assessment.demo import sample_person
from interdepend.web.couple.models import Perception
from interdepend.web.partners.models import Partnership
from tests.web.test_couple_lists import HOSTILE, _view
from tests.web.test_couple_page_words import REFERENCE

#: The content block of the page as the old template drew it, with its includes as they were.
BLOCK = REFERENCE.split("{% block content %}", 1)[1].rsplit("{% endblock %}", 1)[0]
#: The card for sharing, as ``couple/_next_share.html`` includes it on the partnership page.
SHARE = (Path(__file__).parent / "reference" / "couple" / "share_latest.html").read_text()

TOKEN = "tok<en>&\"'"
QUESTIONS = [
    'What made you <b>laugh</b> & "smile" this week?',
    "‮¿Qué 'nos' une?‬ <script>alert(1)</script>",
    "מה חשוב לך?",
]


@pytest.fixture(params=[("en", "Pacific/Kiritimati"), ("es", "Pacific/Pago_Pago")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def _moment(days_ago: int) -> dt.datetime:
    """At an hour that is another day on the other side of the date line."""
    return dt.datetime(2026, 11, 20, 11, 30, tzinfo=dt.UTC) - dt.timedelta(days=days_ago)


def _talks(n: int) -> list[SimpleNamespace]:
    """``n`` questions to talk about, this year's and last year's, with hostile words and ids."""
    today = timezone.localdate()
    return [
        SimpleNamespace(
            question_text=QUESTIONS[k % len(QUESTIONS)],
            day=today - dt.timedelta(days=40 * k),
            public_id=f'id{k}"&<x>' if k % 2 else f"t{k}",
            talked_at=None,
        )
        for k in range(n)
    ]


def _me(state: str, perception: bool) -> SimpleNamespace:
    """Her part: nothing finished, a result to share (first, or newer than the one shared), or
    her latest shared."""
    older = SimpleNamespace(completed_at=_moment(90))
    latest = None if state == "none" else SimpleNamespace(completed_at=_moment(3))
    revealed = {"none": None, "first": None, "newer": older, "shared": latest}[state]
    return SimpleNamespace(
        latest=latest,
        revealed=revealed,
        perception=Perception(answers={}) if perception else None,
        can_reveal=latest is not None and revealed is not latest,
    )


def _both(context: dict[str, Any]) -> tuple[str, str]:
    drawn = Template("{% load couplepage %}{% couple_page %}").render(Context(context))
    reference = Template(BLOCK).render(Context(context))
    return drawn, reference


STATES = ["none", "first", "newer", "shared"]


@pytest.mark.parametrize(
    ("state", "perception", "open_view", "care"),
    [
        (state, perception, open_view, care)
        for state, perception, open_view, care in itertools.product(
            STATES, (False, True), (False, True), (False, True)
        )
        if open_view or not care
    ],
)
@pytest.mark.parametrize("talks", [0, 1, 12])
def test_the_block_is_the_one_the_old_template_drew(
    where: str, state: str, perception: bool, open_view: bool, care: bool, talks: int
) -> None:
    names = HOSTILE if talks % 2 == 0 else ("Ana", "Ben")
    user, partner = sample_person(-2, names[0]), sample_person(-1, names[1])
    context = {
        "active": SimpleNamespace(partner=partner, partnership=Partnership(pk=7)),
        "me": _me(state, perception),
        "view": _view(names) if open_view else None,
        "talks": _talks(talks),
        "care": care,
        "user": user,
        "csrf_token": TOKEN,
    }
    drawn, reference = _both(context)
    assert drawn == reference
    assert "<script>" not in drawn and "<b>laugh" not in drawn
    assert drawn.count('<li><p class="talk-question">') == talks
    if state in ("first", "newer"):
        assert 'name="within" value="' in drawn and "tok&lt;en&gt;&amp;&quot;&#x27;" in drawn


def test_without_a_token_or_anyone_signed_in(where: str) -> None:
    """A drawing with no token and no one signed in writes neither field, as the tags did."""
    partner = sample_person(-1, HOSTILE[1])
    context: dict[str, Any] = {
        "active": SimpleNamespace(partner=partner, partnership=Partnership(pk=7)),
        "me": _me("first", False),
        "view": None,
        "talks": [],
        "care": False,
    }
    drawn, reference = _both(context)
    assert drawn == reference
    assert "csrfmiddlewaretoken" not in drawn and 'name="within"' not in drawn


@pytest.mark.parametrize("shared", [False, True])
def test_the_card_for_sharing_is_the_template_it_replaced(where: str, shared: bool) -> None:
    """As the partnership page's next step draws it (``couple/_next_share.html``), where the
    partnership is the active one's."""
    context = {
        "latest": SimpleNamespace(completed_at=_moment(1)),
        "shared": SimpleNamespace(completed_at=_moment(400)) if shared else None,
        "active": SimpleNamespace(partnership=Partnership(pk=11)),
        "user": sample_person(-2, "Ana"),
        "csrf_token": TOKEN,
    }
    drawn = Template('{% include "couple/_share_latest.html" %}').render(Context(context))
    assert drawn == Template(SHARE).render(Context(context))
    assert 'name="within"' in drawn and ("2025" in drawn) is shared
