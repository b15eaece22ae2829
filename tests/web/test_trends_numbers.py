"""A chart's table of numbers, drawn in Python (``Numbers.body``), is what the template's own
loop drew: each date as ``date:"DATE_FORMAT"``, each value as ``floatformat:"-1"``, a dash for a
week without one, in English and in Spanish."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from interdepend.web.together import selectors, trends
from interdepend.web.together.trends import Numbers

LOOP = Template(
    '{% for week, values in numbers.rows %}\n    <tr><th scope="row">{{ week|date:"DATE_FORMAT" }}'
    '</th>{% for v in values %}<td>{% if v is None %}—{% else %}{{ v|floatformat:"-1" }}'
    "{% endif %}</td>{% endfor %}</tr>\n  {% endfor %}"
)

VALUES = [None, 0.0, 1.0, 2.25, 2.35, 3.05, 4.45, 6.999, 7.0, -1.5, 1234.56, 5.5]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_rows_are_the_loop_s_rows(language: str) -> None:
    monday = date(2026, 1, 5)
    rows = [
        (monday + timedelta(weeks=n), [VALUES[(n + k) % len(VALUES)] for k in range(6)])
        for n in range(60)
    ]
    rows.append(rows[3])  # a week met again
    numbers = Numbers(columns=["a", "b"], rows=rows)
    with translation.override(language):
        expected = LOOP.render(Context({"numbers": numbers}))
        assert str(numbers.body()) == expected
    assert "—" in expected and ("2,3" in expected if language == "es" else "2.3" in expected)


def test_no_rows_draw_nothing() -> None:
    assert str(Numbers(columns=["a"], rows=[]).body()) == ""


TEMPLATE_VALUE = Template('{{ v|floatformat:"-1" }}')
TEMPLATE_WEEK = Template('{{ week|date:"DATE_FORMAT" }}')


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_value_and_week_kept_is_what_the_template_writes(language: str) -> None:
    """The values a check-in or a count gives and the Mondays around now, written once per
    language (``written_values``, ``written_weeks``): each as the filter writes it."""
    values, weeks = trends.written_values(language), trends.written_weeks(language)
    assert {1.0, 7.0, 200.0, 13 / 3, 29 / 6, 0.0} <= set(values)
    assert len(weeks) == 2 * trends.WEEKS_WRITTEN + 1
    assert all(week.weekday() == 0 for week in weeks)
    with translation.override(language):
        for value, shown in values.items():
            assert shown == TEMPLATE_VALUE.render(Context({"v": value})), value
        for week, shown in weeks.items():
            assert shown == TEMPLATE_WEEK.render(Context({"week": week})), week
    assert values[13 / 3] == ("4,3" if language == "es" else "4.3")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_table_of_check_in_values_writes_nothing_afresh(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year of a couple's means and answers around now is drawn from the kept values and
    weeks: no value or week is written again on the view (each was, about 0.5 ms a view)."""
    written: list[object] = []

    def writing(_language: str | None, value: object) -> str:
        written.append(value)
        return str(value)

    for name in ("_value_shown", "_week_shown"):
        monkeypatch.setattr(trends, name, writing)
    monday = selectors.this_week()
    means = [total / n for n in range(1, 7) for total in range(n, 7 * n + 1)]
    rows: list[tuple[date, list[float | None]]] = [
        (monday - timedelta(weeks=n), [means[n % len(means)], means[(3 * n) % len(means)], None])
        for n in range(104)
    ]
    numbers = Numbers(columns=["Maya", "Jonah", "x"], rows=rows)
    with translation.override(language):
        numbers.body(), numbers.latest()
    assert written == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_week_or_value_outside_the_kept_ones_is_written_as_it_comes(language: str) -> None:
    rows: list[tuple[date, list[float | None]]] = [
        (date(2001, 1, 1), [1234.567]),
        (date(2001, 1, 8), [2.0]),
        (selectors.this_week() + timedelta(weeks=trends.WEEKS_WRITTEN + 1), [7.0001]),
    ]
    numbers = Numbers(columns=["a"], rows=rows)
    with translation.override(language):
        assert str(numbers.body()) == LOOP.render(Context({"numbers": numbers}))
    assert date(2001, 1, 1) not in trends.written_weeks(language)
