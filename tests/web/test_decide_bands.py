"""The rows of a decision's tables and the list of decisions, drawn in Python
(``decide/templatetags/bands.py``, issue 15's tenth pass), against the loops they replaced
(``tests/web/reference/decide_rows.html``): byte for byte, in English and Spanish and two time
zones, for no option, two, the most a decision takes, every band in every cell, decisions in
every state named either side of midnight, and option names and titles full of markup,
ampersands, quotes and right-to-left text."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from interdepend.web.decide.models import MAX_OPTIONS, Decision
from interdepend.web.decide.selectors import Band, CombinedView, OptionLine, Reading, State
from interdepend.web.decide.templatetags.bands import band_rows, decision_items, own_rows

REFERENCE = (Path(__file__).parent / "reference" / "decide_rows.html").read_text()
NAMES = [
    "A solo hike",
    "<script>alert('x')</script>",
    'Tom & "Jerry"',
    "טיול לים",
    "رحلة & sea\u202e",
]
#: Every band in each of the four cells, in turn.
BANDS = list(itertools.product(list(Band), repeat=4))


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def lines(count: int, start: int = 0) -> list[OptionLine]:
    found = []
    for n in range(start, start + count):
        you, partner, guess, their_guess = BANDS[n % len(BANDS)]
        found.append(
            OptionLine(
                name=f"{NAMES[n % len(NAMES)]} {n}",
                for_you=you,
                for_partner=partner,
                your_guess=guess,
                partner_guess=their_guess,
                serves_both=False,
                asks_more_of_you=False,
                asks_more_of_partner=False,
            )
        )
    return found


def decisions(count: int) -> list[tuple[Decision, State]]:
    """``count`` decisions, in every state in turn, named at times either side of midnight."""
    start = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    states = list(State)
    return [
        (
            Decision(
                title=f"{NAMES[n % len(NAMES)]} {n}", created_at=start + timedelta(hours=7 * n)
            ),
            states[n % len(states)],
        )
        for n in range(count)
    ]


def both(options: list[OptionLine]) -> tuple[str, str]:
    own = [(o.name, n % 7 + 1, 7 - n % 7) for n, o in enumerate(options)]
    rows = decisions(len(options) * 3)
    context = Context({"combined": {"options": options}, "own": own, "rows": rows})
    reference = Template("{% load i18n %}" + REFERENCE).render(context)
    drawn = (
        "  \n"
        f"<own>{band_rows(options, 'own')}</own>\n"
        f"<guesses>{band_rows(options, 'guesses')}</guesses>\n"
        f"<mine>{own_rows(own)}</mine>\n"
        f"<list>{decision_items(rows)}</list>\n"
    )
    return drawn, reference


@pytest.mark.parametrize("count", [0, 2, MAX_OPTIONS])
def test_the_rows_are_the_template_they_replaced(where: str, count: int) -> None:
    drawn, reference = both(lines(count))
    assert drawn == reference
    assert drawn.count("<tr>") == 3 * count
    assert drawn.count('<li><a class="tap"') == 3 * count


def test_every_band_in_every_cell_is_worded_as_the_template_worded_it(where: str) -> None:
    for start in range(0, len(BANDS), MAX_OPTIONS):
        drawn, reference = both(lines(MAX_OPTIONS, start))
        assert drawn == reference
    for band in Band:
        assert f'data-band="{band}"' in drawn


def test_names_are_escaped_as_the_template_escaped_them(where: str) -> None:
    drawn, reference = both(lines(len(NAMES)))
    assert drawn == reference
    assert "<script>" not in drawn and "&lt;script&gt;alert(&#x27;x&#x27;)" in drawn
    assert "Tom &amp; &quot;Jerry&quot;" in drawn
    assert "\u202e" not in drawn


COMBINED = (Path(__file__).parent / "reference" / "decide" / "combined.html").read_text()


@pytest.mark.parametrize("count", [0, 2, MAX_OPTIONS])
@pytest.mark.parametrize("partner", ["Jonah", 'Jo<b>"nah"</b> & \u0645\u0631\u062d\u0628\u0627'])
def test_the_combined_view_is_the_template_it_replaced(
    where: str, count: int, partner: str
) -> None:
    """``{% combined_part %}`` (issue 15's fifteenth pass) against the template it replaced,
    with no notes, one and several, sentences of ours (safe) and plain words with markup."""
    for notes in ([], [mark_safe("One <bdi>note</bdi>.")], [mark_safe("A."), mark_safe("B &amp;")]):
        combined = CombinedView(
            alignment='Your interests <overlap> & "meet"',
            notes=notes,
            options=lines(count),
            yours=Reading(mark_safe("Yours <bdi>x</bdi>."), 1, count),
            theirs=Reading(mark_safe("Theirs."), 0, count),
        )
        context = {"combined": combined, "partner": partner}
        reference = Template(COMBINED).render(Context(context))
        drawn = Template("{% load bands %}{% combined_part combined partner %}").render(
            Context(context)
        )
        assert drawn == reference
        assert "&lt;overlap&gt; &amp; &quot;meet&quot;" in drawn
        assert count < 2 or "&lt;script&gt;alert" in drawn
        assert "<b>" not in drawn and "<bdi>" in drawn
