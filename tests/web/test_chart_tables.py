"""A chart's table of numbers on Trends, drawn in Python (``{% numbers_table %}``,
``together/templatetags/charttables.py``), against the include it replaced (issue 15's tenth
pass): byte for byte, in English and Spanish, in two time zones, with no rows, one row and
years of rows, without the chart's name, and with names and words full of markup, ampersands,
quotes and right-to-left text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from interdepend.core.var import Coefficient
from interdepend.web.together.trends import Direction, Numbers

#: ``together/_numbers.html`` as it was when Trends stopped including it: the reference.
REFERENCE = (Path(__file__).parent / "reference" / "numbers.html").read_text()

HOSTILE = [
    '<script>alert("x")</script>',
    'Tom & Jerry\'s "week"',
    "مريم",
    "‮evil‬ name",
    "a < b > c",
]
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


def _both(numbers: Numbers, id_: str, chart: str | None) -> tuple[str, str]:
    """The table as the tag draws it and as the include drew it, called as Trends calls them
    (the chart's name a translated literal; none, as the goals page calls the include)."""
    named = f' _("{chart}")' if chart is not None else ""
    given = f' chart=_("{chart}")' if chart is not None else ""
    drawn = Template(
        "{% load charttables %}{% numbers_table numbers '" + id_ + "'" + named + " %}"
    ).render(Context({"numbers": numbers}))
    reference = Template(
        "{% load i18n %}{% with numbers=numbers id='"
        + id_
        + "'"
        + given
        + " %}"
        + REFERENCE
        + "{% endwith %}"
    ).render(Context({"numbers": numbers}))
    return drawn, reference


@pytest.mark.parametrize("weeks", [0, 1, 104])
@pytest.mark.parametrize("chart", ["your check-ins", "steps on shared goals", None])
def test_the_table_is_the_include_it_replaced(where: str, weeks: int, chart: str | None) -> None:
    numbers = _numbers(["Maya", "Jonah"], weeks)
    drawn, reference = _both(numbers, "ours-numbers", chart)
    assert drawn == reference
    assert drawn.count('<tr><th scope="row">') == weeks
    word = "Semana del" if where == "es" else "Week of"
    assert f'<th scope="col">{word}</th>' in drawn
    if chart == "your check-ins":
        name = "tus registros" if where == "es" else "your check-ins"
        assert f'<span class="visually-hidden">({name})' in drawn, drawn[:400]
    else:
        assert chart is None or where == "es" or chart in drawn


def test_names_and_words_are_escaped_as_the_template_escaped_them(where: str) -> None:
    numbers = _numbers(HOSTILE, 30)
    drawn, reference = _both(numbers, "mine-numbers", "your check-ins")
    assert drawn == reference
    assert "<script>" not in drawn
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in drawn
    assert "Tom &amp; Jerry&#x27;s &quot;week&quot;" in drawn
    assert "<bdi>مريم</bdi>" in drawn
    assert "\u202e" not in drawn  # a bidi control stored in a name is dropped, as isolate does


def test_an_id_from_a_variable_is_escaped_as_the_template_escaped_it() -> None:
    numbers = _numbers(["a"], 2)
    context = {"numbers": numbers, "key": 'x&"y'}
    drawn = Template("{% load charttables %}{% numbers_table numbers key %}").render(
        Context(context)
    )
    reference = Template("{% load i18n %}{% with id=key %}" + REFERENCE + "{% endwith %}").render(
        Context(context)
    )
    assert drawn == reference
    assert 'id="x&amp;&quot;y-latest"' in drawn


#: Trends' two loops over the carry-over's directions, as they were before they were drawn in
#: Python: the reference.
CARRY = (Path(__file__).parent / "reference" / "carry.html").read_text()


def _directions(names: tuple[str, str]) -> list[Direction]:
    """Every sentence: a link up, a link down, none clear; beside chance, past it, or with no
    chance range; figures that round half up and below zero."""
    cases = [
        (0.315, 0.105, 0.525, True),
        (-0.2449, -0.41, -0.015, False),
        (0.045, -0.1, 0.19, None),
        (1.005, 0.5, 2.675, True),
    ]
    return [
        Direction(
            sender=names[n % 2],
            receiver=names[(n + 1) % 2],
            coef=Coefficient(estimate=est, se=0.1, ci_low=low, ci_high=high),
            inside=inside,
        )
        for n, (est, low, high, inside) in enumerate(cases)
    ]


@pytest.mark.parametrize("names", [("Maya", "Jonah"), (HOSTILE[0], HOSTILE[2])])
def test_the_carry_over_words_are_the_loops_they_replaced(
    where: str, names: tuple[str, str]
) -> None:
    directions = _directions(names)
    drawn = Template(
        "{% load charttables %}  <ul>{% carry_sentences directions %}</ul>\n"
        '    <ul id="carry-numbers">{% carry_figures directions %}</ul>\n'
    ).render(Context({"directions": directions}))
    reference = Template(CARRY).render(Context({"directions": directions}))
    assert drawn == reference
    assert drawn.count("<li>") == 2 * len(directions)
    assert "<script>" not in drawn
    assert ("0,32" if where == "es" else "0.32") in drawn  # 0.315 rounds half up


def test_no_directions_draw_nothing() -> None:
    drawn = Template("{% load charttables %}{% carry_sentences d %}{% carry_figures d %}").render(
        Context({"d": []})
    )
    assert drawn == ""
