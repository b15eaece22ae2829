"""A decision's page around its ratings, its head and her own ratings' table drawn in Python
(``decide/templatetags/bands.py``'s ``decision_head`` and ``own_ratings``, issue 15's
seventeenth pass), against the template it replaced (kept in
``tests/web/reference/decide/detail.html``): byte for byte, in English and Spanish and time
zones either side of the date line, with her ratings and without, in the waiting and the
combined state, for titles, option names and a partner's name full of markup, quotes,
ampersands, percent signs, template braces and right-to-left text; and through the view for
each of the couple in every state of the page."""

from __future__ import annotations

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, RequestContext, Template
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from interdepend.web.decide.selectors import Band, CombinedView, OptionLine, Reading
from tests.conftest import Personas
from tests.helpers import as_user
from tests.web.referencepages import TOKENS
from tests.web.test_decide import detail, rating_post

HERE = Path(__file__).parent
SRC = HERE.parent.parent / "src" / "interdepend" / "web" / "decide" / "templates" / "decide"
ODD = "<script>alert('x')</script> & \"tea\" 50% {{ x }} \u05e9\u05dc\u05d5\u05dd \u202e"
KEYS = ("decision", "partner", "state", "form", "combined", "own")
WHERE = [("en", "UTC"), ("es", "Pacific/Auckland"), ("en", "Pacific/Pago_Pago")]


def _own_part(source: str) -> Template:
    """A page's template without its ``{% extends %}``: its own blocks, as the page draws them."""
    return Template(source.replace('{% extends "base.html" %}', "", 1))


OLD = _own_part((HERE / "reference" / "decide" / "detail.html").read_text())
NEW = _own_part((SRC / "detail.html").read_text())


def _combined(names: list[str]) -> CombinedView:
    lines = [
        OptionLine(name, Band.GOOD, Band.POOR, Band.MIDDLE, Band.GOOD, False, True, False)
        for name in names
    ]
    reading = Reading(Template("{{ x }}").render(Context({"x": ODD})), 1, len(names))
    return CombinedView("Together.", [], lines, reading, reading)


def _both(
    title: str, partner: str, own: list[tuple[str, int, int]], state: str, named: datetime.datetime
) -> tuple[str, str]:
    context = {
        "decision": SimpleNamespace(title=title, created_at=named),
        "partner": partner,
        "state": state,
        "combined": _combined([name for name, _, _ in own] or ["One"]),
        "own": own,
    }
    return OLD.render(Context(context)), NEW.render(Context(context))


MOMENT = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(("language", "zone"), WHERE)
@pytest.mark.parametrize("state", ["waiting", "ready"])
@pytest.mark.parametrize("count", [0, 1, 12])
def test_the_page_is_the_template_it_replaced(
    language: str, zone: str, state: str, count: int
) -> None:
    own = [(f"{ODD} {n}", 1 + n % 7, 7 - n % 7) for n in range(count)]
    with translation.override(language), timezone.override(zone):
        old, new = _both(ODD, ODD, own, state, MOMENT)
    assert new == old
    # What the page shows, so that the comparison compares something.
    assert "&lt;script&gt;alert(&#x27;x&#x27;)" in new and "<script>" not in new
    assert ("<details>" in new) is (count > 0)
    assert ("31" in new) is (zone != "Pacific/Auckland")  # the day where she is
    if count:
        assert "<td>1</td><td>7</td>" in new


@given(
    title=st.text(max_size=40),
    partner=st.text(max_size=30),
    own=st.lists(
        st.tuples(st.text(max_size=20), st.integers(1, 7), st.integers(1, 7)), max_size=12
    ),
    state=st.sampled_from(["waiting", "ready"]),
    named=st.datetimes(
        min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2100, 1, 1)
    ),
    where=st.sampled_from(WHERE),
)
def test_any_words_and_day_are_drawn_as_the_template_drew_them(
    title: str,
    partner: str,
    own: list[tuple[str, int, int]],
    state: str,
    named: datetime.datetime,
    where: tuple[str, str],
) -> None:
    language, zone = where
    with translation.override(language), timezone.override(zone):
        old, new = _both(title, partner, own, state, named.replace(tzinfo=datetime.UTC))
    assert new == old


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_page_draws_the_part_for_the_person_who_opens_it(
    personas: Personas, language: str
) -> None:
    """Through the view, for each of the couple, before rating, waiting and once both rated:
    the page holds what the old template draws from the same context."""
    url = detail(personas.decision_id)
    alice, bob = as_user(personas.alice), as_user(personas.bob)
    states = set()
    for step in ("before", "after"):
        if step == "after":
            bob.post(url, rating_post([2, 6], [6, 3]))
        for client in (alice, bob):
            with translation.override(language):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200
            context = {key: response.context[key] for key in KEYS}
            with translation.override(language):
                old, new = (
                    TOKENS.sub("TOKEN", t.render(RequestContext(response.wsgi_request, context)))
                    for t in (OLD, NEW)
                )
            assert new == old
            head = old.split("<h1>", 1)[1].split("</p>", 1)[0]
            assert head in response.content.decode() and len(head) > 20
            states.add(context["state"])
            if context["own"]:
                table = old.split("<details>", 1)[1].split("</details>", 1)[0]
                assert table in response.content.decode()
    assert states == {"your_turn", "waiting", "ready"}
