"""Trends' content block, drawn in Python (``{% trends_page %}``,
``together/templatetags/charttables.py``), against the block it replaced
(``tests/web/reference/together/trends.html``): byte for byte, in English and Spanish, in two
time zones, alone and with a partner, with every chart empty, with one week and with years of
weeks, in each state of the carry-over card, and with names and words full of markup,
ampersands, quotes and right-to-left text."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from pytest_django import Settings

from interdepend.core.var import Coefficient
from interdepend.web.together import selectors, trends
from interdepend.web.together.trends import Direction, EmptyChart, Numbers

#: ``together/trends.html``'s content block as it was: the reference.
REFERENCE = (Path(__file__).parent / "reference" / "together" / "trends.html").read_text()

HOSTILE = ['<script>alert("x")</script>', 'Tom & Jerry\'s "week"', "مريم", "‮evil‬ name"]
VALUES = [None, 0.0, 1.0, 2.25, 4.45, 6.999, 7.0, 5.5, 1234.56]


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def _numbers(columns: list[str], weeks: int) -> Numbers:
    monday = date(2025, 1, 6)
    rows = [
        (monday + timedelta(weeks=n), [VALUES[(n + k) % len(VALUES)] for k in range(len(columns))])
        for n in range(weeks)
    ]
    return Numbers(columns=columns, rows=rows)


def _directions(names: tuple[str, str]) -> list[Direction]:
    return [
        Direction(names[0], names[1], Coefficient(0.315, 0.1, 0.105, 0.525), True),
        Direction(names[1], names[0], Coefficient(-0.2449, 0.1, -0.41, -0.015), None),
    ]


def _carry(state: str, shared_weeks: int = 0) -> SimpleNamespace:
    """Trends' carry-over in ``state``: an estimate beside chance, one with no chance range,
    one with a chance range that does not cross, too few pairs, too little variation, or
    too few weeks (with or without shared weeks so far)."""
    null = {
        "cross": SimpleNamespace(cross=True, low=-0.215, high=0.305, n_fitted=21),
        "no-cross": SimpleNamespace(cross=False, low=-0.215, high=0.305, n_fitted=21),
        "no-null": None,
    }
    if state in null:
        return SimpleNamespace(
            result=SimpleNamespace(n_pairs=34),
            null=null[state],
            shared_weeks=35,
            reason="",
            pairs=34,
        )
    return SimpleNamespace(
        result=None, null=None, shared_weeks=shared_weeks, reason=state, pairs=shared_weeks
    )


def _empty(words: str | None) -> Callable[[], EmptyChart]:
    """A chart's empty words: the page's own, or ``words`` in both places."""
    return trends.mine_empty if words is None else (lambda: EmptyChart(words, words))


def _context(
    weeks: int, names: tuple[str, str], carry: SimpleNamespace | None, empty: str | None
) -> dict[str, object]:
    context: dict[str, object] = {
        "active": carry is not None,
        "mine": _numbers(["own_time", HOSTILE[1], "close"], weeks),
        "mine_balance": _numbers(["on my own", "together"], weeks // 2),
        "mine_empty": _empty(empty),
        "mine_balance_empty": trends.own_balance_empty if empty is None else _empty(empty),
    }
    if carry is not None:
        context.update(
            ours=_numbers(list(names), weeks),
            ours_balance=_numbers([HOSTILE[1]], (weeks + 1) // 3),
            carry=carry,
            directions=_directions(names),
            min_weeks=9,
            min_pairs=32,
            min_months=8,
            ours_empty=trends.us_empty if empty is None else _empty(empty),
            ours_balance_empty=trends.us_balance_empty if empty is None else _empty(empty),
        )
    return context


def _both(context: dict[str, object]) -> tuple[str, str]:
    drawn = Template("{% load charttables %}{% trends_page %}").render(Context(context))
    reference = Template(REFERENCE).render(Context(context))
    return drawn, reference


CARRIES = ["cross", "no-cross", "no-null", "power", "pattern", "weeks"]


@pytest.mark.parametrize("carry", [None, "cross", "weeks"])
def test_the_page_in_the_language_the_view_hands_over_is_the_block(
    where: str, carry: str | None
) -> None:
    """The view hands the block the language it looked up (``trends_language``, issue 15's
    twenty-seventh pass): the same block as the one that looks it up itself."""
    context = _context(104, ("Maya", "Jonah"), _carry(carry) if carry else None, None)
    drawn, reference = _both({**context, "trends_language": translation.get_language()})
    assert drawn == reference == _both(context)[0]


@pytest.mark.parametrize("weeks", [0, 1, 2, 104])
@pytest.mark.parametrize("carry", [None, *CARRIES])
def test_the_page_is_the_block_it_replaced(where: str, weeks: int, carry: str | None) -> None:
    context = _context(weeks, ("Maya", "Jonah"), _carry(carry) if carry else None, None)
    drawn, reference = _both(context)
    assert drawn == reference
    assert ("<table" in drawn) is bool(weeks)
    # Her balance has weeks // 2 rows, the couple's (weeks + 1) // 3.
    assert ("chart-empty" in drawn) is (weeks < 2)


@pytest.mark.parametrize("shared_weeks", [0, 1, 5])
def test_too_few_weeks_say_what_is_shared_so_far_as_the_block_did(
    where: str, shared_weeks: int
) -> None:
    for state in ("weeks", "power"):
        drawn, reference = _both(_context(3, ("Maya", "Jonah"), _carry(state, shared_weeks), None))
        assert drawn == reference, state


@pytest.mark.parametrize("names", list(itertools.permutations(HOSTILE, 2)))
def test_names_and_words_are_escaped_as_the_block_escaped_them(
    where: str, names: tuple[str, str]
) -> None:
    for weeks, empty in ((5, None), (0, names[0]), (0, names[1])):
        drawn, reference = _both(_context(weeks, names, _carry("cross"), empty))
        assert drawn == reference
        assert "<script>" not in drawn
        assert ("&lt;script&gt;" in drawn) is (HOSTILE[0] in names)


@pytest.mark.parametrize(
    "names", [("Sam", "Sam"), ("Sam", "Sa\u200bm"), ("Sam", "\u202eSam\u202c"), ("", "Maya")]
)
def test_partners_named_alike_are_each_named_as_the_block_named_them(
    where: str, names: tuple[str, str]
) -> None:
    """The card isolates each name once for its sentences and figures: two partners named
    alike, or alike but for a character the isolating drops, or one with no name, are each
    written where the block wrote them."""
    for carry in ("cross", "no-cross", "no-null"):
        drawn, reference = _both(_context(5, names, _carry(carry), None))
        assert drawn == reference


@pytest.mark.parametrize("thousands", [False, True])
def test_counts_are_written_in_the_reader_s_format(
    where: str, thousands: bool, settings: Settings
) -> None:
    settings.USE_THOUSAND_SEPARATOR = thousands
    carry = _carry("weeks", 12345)
    drawn, reference = _both(_context(1, ("Maya", "Jonah"), carry, None))
    assert drawn == reference
    assert ("12345" in drawn) is not thousands


def test_the_page_s_fixed_words_are_made_as_a_worker_starts_in_every_language() -> None:
    from django.conf import settings as django_settings

    from interdepend.web.frame.warmup import worker_starting
    from interdepend.web.together.templatetags import charttables

    charttables._page_words.cache_clear()
    for language, _name in django_settings.LANGUAGES:
        with translation.override(language):
            worker_starting.send(sender=None)
    assert charttables._page_words.cache_info().currsize == len(django_settings.LANGUAGES)


#: Values a check-in or a count gives (each kept: ``trends.written_cells``), and none.
PLAIN_VALUES = [None, 0.0, 1.0, 2.25, 4.5, 13 / 3, 29 / 6, 7.0, 5.5, 12.0]


@pytest.mark.parametrize("weeks", [1, 2, 104])
@pytest.mark.parametrize("carry", ["cross", "weeks"])
def test_the_page_with_plain_tables_is_the_block_it_replaced(
    where: str, weeks: int, carry: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The view's couple's table and its two tables of steps are plain (``Numbers.plain``),
    each row written at once from the kept cells and openings (issue 15's twenty-eighth pass):
    over weeks around now and values a check-in or a count gives, the page is the block it
    replaced, and each of the three tables was written that way."""
    written: list[str] = []
    plain_body = trends._plain_body

    def spied(*args: Any) -> str | None:
        found = plain_body(*args)
        if found is not None:
            written.append(found)
        return found

    monkeypatch.setattr(trends, "_plain_body", spied)
    context = _context(weeks, ("Maya", "Jonah"), _carry(carry), None)
    plain, general = dict(context), dict(context)
    monday = selectors.this_week() - timedelta(weeks=weeks)
    for key in ("mine_balance", "ours", "ours_balance"):
        numbers = context[key]
        assert isinstance(numbers, Numbers)
        width = len(numbers.columns)
        rows: list[tuple[date, list[float | None]]] = [
            (
                monday + timedelta(weeks=n),
                [PLAIN_VALUES[(3 * n + k) % len(PLAIN_VALUES)] for k in range(width)],
            )
            for n in range(len(numbers.rows))
        ]
        plain[key] = Numbers(numbers.columns, rows, plain=True)
        general[key] = Numbers(numbers.columns, rows)
    drawn = Template("{% load charttables %}{% trends_page %}").render(Context(plain))
    assert len(written) == (3 if weeks > 1 else 1)  # each table with rows
    assert drawn == _both(general)[0] == _both(general)[1]
