"""The boundaries' list items and a boundary's history, drawn in Python
(``together/templatetags/boundaryitems.py``, issue 15's tenth pass), against the loops they
replaced (``tests/web/reference/boundary_items.html``): byte for byte, in English and Spanish
and two time zones, for empty and long lists, every state and every kind of step by either
person, long words cut short, and words and names full of markup, ampersands, quotes and
right-to-left text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from interdepend.web.accounts.models import User
from interdepend.web.together.models import (
    Boundary,
    BoundaryEvent,
    BoundaryEventKind,
    BoundaryState,
)
from interdepend.web.together.templatetags.boundaryitems import boundary_history, boundary_items
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "reference" / "boundary_items.html").read_text()
TEXTS = [
    "I need an hour alone after work.",
    "<script>alert('x')</script>",
    'Tom & "Jerry"\nsecond line',
    "אני צריכה זמן לבד",
    "وقت & alone\u202e " + "word " * 30,
]
NAMES = ["Jonah", "<b>Bo</b> & 'Co'", "מרים\u202e"]


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def boundaries(owner: User, count: int) -> list[Boundary]:
    states = list(BoundaryState)
    return [
        Boundary(owner=owner, text=f"{TEXTS[n % len(TEXTS)]} {n}", state=states[n % len(states)])
        for n in range(count)
    ]


def events(viewer: User, other: User, count: int) -> list[BoundaryEvent]:
    kinds = list(BoundaryEventKind)
    found = []
    start = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    for n in range(count):
        # The other person under a name of their own each time (names change).
        actor = viewer if n % 2 else User(pk=other.pk, display_name=NAMES[n % len(NAMES)])
        found.append(
            BoundaryEvent(
                actor=actor,
                kind=kinds[(n // 2) % len(kinds)],
                text="" if n % 7 == 3 else TEXTS[n % len(TEXTS)],
                at=start + timedelta(days=11 * n, hours=n),
            )
        )
    return found


def both(
    user: User, mine: list[Boundary], theirs: list[Boundary], steps: list[BoundaryEvent]
) -> tuple[str, str]:
    context = Context({"mine": mine, "theirs": theirs, "events": steps, "user": user})
    reference = Template("{% load i18n %}" + REFERENCE).render(context)
    drawn = (
        f"<mine>{boundary_items(mine, 'mine')}</mine>\n"
        f"<theirs>{boundary_items(theirs, 'theirs')}</theirs>\n"
        f"<history>{boundary_history(context, steps)}</history>\n"
    )
    return drawn, reference


@pytest.mark.parametrize("count", [0, 1, 10, 40])
def test_the_items_are_the_template_they_replaced(
    personas: Personas, where: str, count: int
) -> None:
    alice, bob = personas.alice, personas.bob
    drawn, reference = both(
        alice, boundaries(alice, count), boundaries(bob, count), events(alice, bob, count)
    )
    assert drawn == reference
    assert drawn.count('<li class="item">') == 2 * count
    assert drawn.count("\n    <li>") == count


def test_words_and_names_are_escaped_as_the_template_escaped_them(
    personas: Personas, where: str
) -> None:
    alice, bob = personas.alice, personas.bob
    drawn, reference = both(
        alice, boundaries(alice, 10), boundaries(bob, 10), events(alice, bob, 12)
    )
    assert drawn == reference
    assert "<script>" not in drawn and "&lt;script&gt;alert(&#x27;x&#x27;)" in drawn
    assert "<b>Bo</b>" not in drawn and "&lt;b&gt;Bo&lt;/b&gt; &amp; &#x27;Co&#x27;" in drawn
    assert "\u202e" not in drawn
    assert "…" in drawn  # long words cut short
