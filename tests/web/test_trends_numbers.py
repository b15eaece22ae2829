"""A chart's table of numbers, drawn in Python (``Numbers.body``), is what the template's own
loop drew: each date as ``date:"DATE_FORMAT"``, each value as ``floatformat:"-1"``, a dash for a
week without one, in English and in Spanish."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

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


#: A value as a table may hold one: none, a value a check-in or a count gives (kept), any
#: other float, and whole numbers and a flag (not floats: written as they come).
_MEANS = sorted({t / n for n in range(1, 7) for t in range(7 * n + 1)})
_VALUE = st.one_of(
    st.none(),
    st.sampled_from(_MEANS),
    st.integers(0, 250).map(float),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.just(-0.0),
    st.integers(-3, 300),
    st.booleans(),
)
#: A week: a kept Monday around now, a Monday far outside them, any day, a moment.
_WEEK = st.one_of(
    st.integers(-trends.WEEKS_WRITTEN - 3, trends.WEEKS_WRITTEN + 3).map(
        lambda n: selectors.this_week() + timedelta(weeks=n)
    ),
    st.dates(date(1990, 1, 1), date(2100, 12, 31)),
)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(_WEEK, st.lists(_VALUE, min_size=1, max_size=7)), max_size=30),
    language=st.sampled_from(["en", "es"]),
)
def test_any_rows_are_the_loop_s_rows(
    rows: list[tuple[date, list[float | None]]], language: str
) -> None:
    """Over rows of kept and other weeks, kept values, other floats, whole numbers and flags,
    in both languages: the kept row openings and cells (``written_rows``) and the values
    written as they come give the loop's markup, byte for byte."""
    numbers = Numbers(columns=["a"], rows=rows)
    with translation.override(language):
        assert str(numbers.body()) == LOOP.render(Context({"numbers": numbers}))


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_kept_row_opening_and_cell_is_the_loop_s(language: str) -> None:
    """``written_rows``: each kept week's opening and each kept value's cell, as the loop writes
    a one-column row of that week and value."""
    openings, cells = trends.written_rows(language)
    assert set(openings) == set(trends.written_weeks(language))
    assert set(cells) == set(trends.written_values(language))
    week = selectors.this_week()
    with translation.override(language):
        for value, cell in cells.items():
            drawn = LOOP.render(Context({"numbers": Numbers(["a"], [(week, [value])])}))
            assert drawn == f"{openings[week]}{cell}</tr>\n  ", value


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


HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    "Tom & Jerry",
    'O\'Brien "Bo"',
    "مريم",
    "\u202eevil\u202c",
    "",
]


def _fixed_names() -> list[str]:
    from interdepend.web.together.forms import ITEM_LABELS

    return [
        *(str(label) for label in ITEM_LABELS.values()),
        *trends.own_labels(None)[:1],
        str(translation.gettext("together")),
        str(translation.gettext("our shared goals")),
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_table_s_heads_are_each_name_isolated(language: str) -> None:
    """The fixed names kept per language (``written_heads``) are isolated as ``|isolate``
    isolates any name, and a table's heads are its columns isolated, fixed or not."""
    from interdepend.web.frame.templatetags.usertext import isolate

    with translation.override(language):
        kept = trends.written_heads(language)
        fixed = _fixed_names()
        assert set(kept) == set(fixed)
        assert all(kept[name] == isolate(name) for name in fixed)
        columns = [*fixed, *HOSTILE_NAMES, "Maya"]
        heads = Numbers(columns=columns, rows=[]).heads
        assert heads == tuple(isolate(column) for column in columns)
        assert "&lt;script&gt;" in heads[len(fixed)] and "\u202e" not in "".join(heads)
        if language == "es":
            assert kept[str(translation.gettext("on my own"))] != "<bdi>on my own</bdi>"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_table_of_fixed_names_isolates_none_of_them_afresh(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check-in questions and the goals' keys are isolated once per language as the worker
    starts, not again on each view; a partner's name is isolated for each request."""
    isolated: list[object] = []

    def isolating(value: object) -> str:
        isolated.append(value)
        return f"<bdi>{value}</bdi>"

    with translation.override(language):
        fixed = _fixed_names()
        trends.written_heads(language)  # as the worker makes it
        monkeypatch.setattr(trends, "isolate", isolating)
        heads = Numbers(columns=fixed, rows=[]).heads
        assert isolated == [] and len(heads) == len(fixed)
        heads = Numbers(columns=["Maya", fixed[0]], rows=[]).heads
        assert isolated == ["Maya"] and heads[0] == "<bdi>Maya</bdi>"


def _general_rows(series: list[selectors.Series]) -> list[tuple[date, list[float | None]]]:
    """The rows as ``series_numbers`` made them for any series, before the one-list way."""
    by_week = [dict(zip(s.weeks, s.values, strict=True)) for s in series]
    weeks = sorted({w for found in by_week for w, v in found.items() if v is not None})
    return [(week, [found.get(week) for found in by_week]) for week in weeks]


def test_one_list_of_weeks_gives_the_rows_any_list_gives() -> None:
    """Her own check-ins' six series share one list of weeks; their rows, made from each
    week's place, are the rows the general way makes, whatever the answers (none at all in a
    week, or in a whole series), and series whose weeks are not one rising list still go the
    general way."""
    import random

    rng = random.Random(62)
    monday = date(2025, 1, 6)
    answers: list[float | None] = [None, None, 1.0, 2.0, 4.0, 7.0, 13 / 3]
    for case in range(400):
        count = rng.choice([0, 1, 2, 5, 52, 104])
        weeks = sorted(rng.sample(range(200), count))
        if case % 5 == 0 and count > 1:
            weeks[1] = weeks[0]  # a week twice: not one rising list
        if case % 7 == 0:
            weeks.reverse()
        days = [monday + timedelta(weeks=w) for w in weeks]
        series = [
            selectors.Series(
                label=f"q{k}",
                weeks=days if case % 3 else list(days),  # one list, or equal lists
                values=[None if case % 11 == 0 else rng.choice(answers) for _ in days],
            )
            for k in range(rng.choice([1, 2, 6]))
        ]
        found = trends.series_numbers(series, {"q0": "first"})
        assert found.rows == _general_rows(series), case
        assert found.columns == [{"q0": "first"}.get(s.label, s.label) for s in series]
    assert trends.series_numbers([]).rows == []


def test_one_list_of_weeks_of_unequal_series_is_refused_as_before() -> None:
    days = [date(2026, 1, 5), date(2026, 1, 12)]
    series = [
        selectors.Series(label="a", weeks=days, values=[1.0, 2.0]),
        selectors.Series(label="b", weeks=days, values=[1.0]),
    ]
    with pytest.raises(ValueError):
        trends.series_numbers(series)


_ANSWER = st.one_of(st.none(), st.integers(0, 7), st.integers(-3, 12), st.booleans())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-20, 200), st.lists(_ANSWER, min_size=6, max_size=6)), max_size=60
    ),
    st.sampled_from(["in order", "as drawn", "a week twice"]),
    st.booleans(),
    st.sampled_from(["en", "es"]),
)
def test_her_table_from_her_rows_is_the_table_from_her_six_series(
    drawn: list[tuple[int, list[int | bool | None]]], order: str, named: bool, language: str
) -> None:
    """Her own table written straight from her rows (``own_numbers``) is the table the six
    series made from the same rows give (``series_numbers``): columns, weeks, values and their
    types, and its rows written as it went are the loop's markup, in the language written
    and in the other, for any answers (none, a whole row of none, answers outside 0-7,
    flags) and weeks in order (kept Mondays and weeks far from them), in any order or met
    twice."""
    monday = selectors.this_week() - timedelta(weeks=100)  # kept Mondays, and beyond them
    weeks = [monday + timedelta(weeks=n) for n, _answers in drawn]
    if order == "in order":
        weeks = sorted(set(weeks))
    elif order == "a week twice" and weeks:
        weeks.append(weeks[-1])
    answers = [a for _n, a in drawn] + [[None] * 6]
    rows = [(7, 1, week, *answers[k]) for k, week in enumerate(weeks)]
    labels = {"own_time": "first"} if named else {}
    want = trends.series_numbers(selectors.own_item_series(rows), labels)
    # Her rows not read yet (made only when anything reads them all): how many there are,
    # the last, and the sentence written from it, as the view reads them.
    fresh = trends.own_numbers(rows, labels, language)
    assert len(fresh.rows) == len(want.rows) and bool(fresh.rows) == bool(want.rows)
    if want.rows:
        assert fresh.rows[-1] == want.rows[-1]
        assert [type(v) for v in fresh.rows[-1][1]] == [type(v) for v in want.rows[-1][1]]
        assert fresh.latest_text(language) == want.latest_text(language)
    assert want.rows == fresh.rows and repr(fresh.rows) == repr(want.rows)
    found = trends.own_numbers(rows, labels, language)
    assert found == want
    assert list(found.rows) == want.rows and found.rows[:] == want.rows[:]
    assert [[type(v) for v in values] for _w, values in found.rows] == [
        [type(v) for v in values] for _w, values in want.rows
    ]
    for shown in ("en", "es"):  # the language written in, and the other
        with translation.override(shown):
            assert str(found.body()) == str(want.body()) == LOOP.render(Context({"numbers": want}))
    # Written as it went while every answer is one a check-in gives and the weeks rise.
    given = all(answer in selectors.AS_FLOAT for row in rows for answer in row[3:])
    if order == "in order" and given:
        assert found.written is not None and found.written[0] == language


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_each_answer_s_kept_cell_is_the_loop_s(language: str) -> None:
    """``written_answers`` (issue 15's twenty-seventh pass): none and each answer from 0 to 7,
    each with the cell the loop writes for its float (the dash for none), as ``own_numbers``
    made them afresh on every view."""
    answers = trends.written_answers(language)
    cells = trends.written_rows(language)[1]
    made: dict[int | None, str] = {None: trends.NO_VALUE}
    made.update({n: cells[float(n)] for n in range(8)})
    assert answers == made
    # The answers ``own_numbers`` writes a row from are the ones it makes floats of, so an
    # answer it cannot write is one it could not make a float of either.
    assert set(answers) == set(selectors.AS_FLOAT)
    week = selectors.this_week()
    with translation.override(language):
        for answer, cell in answers.items():
            value = None if answer is None else float(answer)
            drawn = LOOP.render(Context({"numbers": Numbers(["a"], [(week, [value])])}))
            assert drawn.endswith(f"{cell}</tr>\n  "), answer


#: A plain table's value as a check-in or a count gives it (kept): none, a mean, a count.
_KEPT_VALUE = st.one_of(st.none(), st.sampled_from(_MEANS), st.integers(0, 250).map(float))
#: A kept Monday around now.
_KEPT_WEEK = st.integers(-trends.WEEKS_WRITTEN, trends.WEEKS_WRITTEN).map(
    lambda n: selectors.this_week() + timedelta(weeks=n)
)
#: One thing not kept put among a plain table's rows: a week, a float, -0.0, a row too short
#: or too long.
_ODD = st.sampled_from(["", "week", "value", "minus zero", "short", "long"])


@settings(max_examples=400, deadline=None)
@given(
    data=st.data(),
    columns=st.integers(1, 3),
    odd=_ODD,
    language=st.sampled_from(["en", "es"]),
)
def test_a_plain_table_is_the_loop_s_rows(
    data: st.DataObject, columns: int, odd: str, language: str
) -> None:
    """A plain table (``Numbers.plain``: every week a date, every value a float or none, as
    the couple's table and the tables of steps are), written each row at once from the kept
    cells (``written_cells``), is the loop's markup and the general way's, byte for byte: kept
    weeks and values, or one week, value or row not kept among them (the table is then
    written the general way), one to three columns (three go the general way)."""
    rows = data.draw(
        st.lists(
            st.tuples(_KEPT_WEEK, st.lists(_KEPT_VALUE, min_size=columns, max_size=columns)),
            max_size=30,
        )
    )
    if odd and rows:
        at = data.draw(st.integers(0, len(rows) - 1))
        week, values = rows[at]
        if odd == "week":
            week = data.draw(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
        elif odd == "value":
            values = [data.draw(st.floats(-1e6, 1e6, allow_nan=False)), *values[1:]]
        elif odd == "minus zero":
            values = [-0.0, *values[1:]]
        elif odd == "short":
            values = values[1:]
        else:
            values = [*values, 1.0]
        rows[at] = (week, values)
    plain = Numbers(columns=["a"] * columns, rows=rows, plain=True)
    general = Numbers(columns=["a"] * columns, rows=rows)
    with translation.override(language):
        drawn = LOOP.render(Context({"numbers": general}))
        assert plain.body_text(language) == general.body_text(language) == drawn


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_each_plain_cell_is_the_kept_cell(language: str) -> None:
    """``written_cells``: the dash's under none, and each kept value's cell (``written_rows``)."""
    cells = trends.written_cells(language)
    made: dict[float | None, str] = {None: trends.NO_VALUE}
    made.update(trends.written_rows(language)[1].items())
    assert cells == made


def test_the_tables_of_steps_are_plain_while_every_week_is_a_date() -> None:
    """``balance_numbers`` makes every value a float: its table is plain exactly when every week
    is a date (none a moment), and then written as the general way writes it."""
    monday = selectors.this_week()
    weeks = [monday - timedelta(weeks=n) for n in range(26, 0, -1)]
    balance = selectors.Balance(weeks=weeks, me=[n % 3 for n in range(26)], we=[1] * 26)
    for own, shared in (("mine", "ours"), ("mine", ""), (None, "ours")):
        table = trends.balance_numbers(balance, own, shared)
        assert table.plain
        general = dataclasses.replace(table, plain=False)
        assert table.body_text("en") == general.body_text("en")
        assert {type(v) for _w, values in table.rows for v in values} == {float}
    moments = selectors.Balance(
        weeks=[datetime.combine(w, time.min) for w in weeks], me=[1] * 26, we=[0] * 26
    )
    assert not trends.balance_numbers(moments, "mine", "").plain
    assert trends.balance_numbers(selectors.Balance(weeks=[], me=[], we=[]), "mine", "").plain


def _latest_as_it_was(numbers: Numbers, language: str) -> str:
    """``Numbers.latest_text`` as it was before issue 15's twenty-eighth pass: each value and
    the week through ``_written`` and ``_week_written``."""
    if not numbers.rows:
        return ""
    heads = numbers.heads_in(language)
    week, row = numbers.rows[-1]
    values = "; ".join(
        f"{head} {'—' if value is None else trends._written(language, value)}"
        for head, value in zip(heads, row, strict=True)
    )
    day = trends._week_written(language, week)
    return trends.latest_words(language) % {"day": day, "values": values}


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.tuples(_WEEK, st.lists(_VALUE, min_size=3, max_size=3)), max_size=4),
    language=st.sampled_from(["en", "es"]),
)
def test_the_latest_sentence_is_the_one_it_was(
    rows: list[tuple[date, list[float | None]]], language: str
) -> None:
    """The sentence of the latest week, its kept values and week looked up in the kept tables
    once for the sentence, is the one written through ``_written`` and ``_week_written``: for
    kept and other weeks, kept values, other floats, whole numbers, flags and none."""
    numbers = Numbers(columns=["a", "b", HOSTILE_NAMES[0]], rows=rows)
    with translation.override(language):
        assert numbers.latest_text(language) == _latest_as_it_was(numbers, language)
        assert numbers.latest_text() == _latest_as_it_was(numbers, language)
