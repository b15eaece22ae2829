"""A chart's table of numbers, drawn in Python (``Numbers.body``), is what the template's own
loop drew: each date as ``date:"DATE_FORMAT"``, each value as ``floatformat:"-1"``, a dash for a
week without one, in English and in Spanish."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

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
