"""Trends' words kept per language, its counts written at once, its couple's overall counted in
one pass (issue 15's eighteenth pass), each held to what it replaced.

- ``trends.view_words``: the question names and the goals' bar names the view translated on
  every view, now made once per language as a worker starts;
- ``charttables.in_context``: ``render_value_in_context`` with a safe text and a whole number
  written at once, over any value, language, grouping and escaping;
- ``selectors.trend_series``: each partner's shared weeks and overall, counted in one pass,
  against :func:`overall_of` over the rows it read, for any rows (no database: the rows are
  made here).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast
from unittest.mock import patch

import pytest
from django.conf import settings as django_settings
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_django import Settings

from interdepend.web.accounts.models import User
from interdepend.web.partners.access import ActivePartnership
from interdepend.web.together import selectors, trends
from interdepend.web.together.forms import ITEM_LABELS
from interdepend.web.together.models import ITEMS, overall_of
from interdepend.web.together.templatetags.charttables import in_context

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
HOSTILE = ['<script>alert("x")</script>', 'Tom & Jerry\'s "week"', "{{ x }}", "\u202eevil\u202c"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_view_s_words_are_the_words_it_translated_on_every_view(language: str) -> None:
    trends.view_words.cache_clear()
    kept = trends.view_words(language)
    with translation.override(language):
        assert dict(kept.items) == {key: str(label) for key, label in ITEM_LABELS.items()}
        assert list(kept.items) == list(ITEMS)  # the questions' order, the tables' columns
        assert (kept.own, kept.together, kept.shared_goals) == (
            gettext("on my own"),
            gettext("together"),
            gettext("our shared goals"),
        )
        assert trends.own_labels(None) == (gettext("on my own"), "")
    assert trends.view_words(language) is kept  # made once, then looked up
    with pytest.raises(TypeError):
        kept.items["own_time"] = "x"  # type: ignore[index]  # nobody's request can change it


def test_spanish_words_are_spanish() -> None:
    assert trends.view_words("es").own != trends.view_words("en").own


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1000, max_value=1000),
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.sampled_from(HOSTILE).map(mark_safe),
    st.text(max_size=12).map(mark_safe),
)


@settings(max_examples=300, deadline=None)
@given(
    value=_VALUES,
    language=st.sampled_from(LANGUAGES),
    thousands=st.booleans(),
    use_l10n=st.sampled_from([None, True, False]),
    autoescape=st.booleans(),
)
def test_a_value_is_written_as_render_value_in_context_writes_it(
    value: Any, language: str, thousands: bool, use_l10n: bool | None, autoescape: bool
) -> None:
    with translation.override(language), _thousands(thousands):
        context = Context({}, autoescape=autoescape, use_l10n=use_l10n)
        drawn = in_context(value, context)
        expected = render_value_in_context(value, context)
    assert drawn == expected
    assert type(drawn) in (str, SafeString)
    if isinstance(value, str) and not isinstance(value, SafeString) and autoescape:
        assert "<script>" not in drawn


class _thousands:
    """``USE_THOUSAND_SEPARATOR`` for one example (Hypothesis runs many in one test)."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def __enter__(self) -> None:
        from django.test import override_settings

        self.override = override_settings(USE_THOUSAND_SEPARATOR=self.on)
        self.override.enable()

    def __exit__(self, *exc: object) -> None:
        self.override.disable()


def test_grouped_thousands_still_go_to_django(settings: Settings) -> None:
    settings.USE_THOUSAND_SEPARATOR = True
    with translation.override("en"):
        assert in_context(12345, Context({})) == "12,345"
        assert in_context(Decimal("1.5"), Context({})) == "1.5"
    settings.USE_THOUSAND_SEPARATOR = False
    with translation.override("es"):
        assert in_context(12345, Context({})) == "12345"
        assert in_context(True, Context({})) == "True"


#: How the rows the read is counted from hold their weeks: as dates (read off SQLite), or as
#: the ISO texts SQLite stores (the read makes them dates).
HELD = ["dates", "texts"]


def fetching(read: list[tuple[Any, ...]], held: str) -> Any:
    """A stand-in for ``selectors._trend_fetch`` that gives ``read`` (its weeks dates) with
    each week held as ``held`` says, and what makes it a date."""
    if held == "dates":
        return lambda *_args: (read, None)
    texts = [(*row[:2], row[2].isoformat(), *row[3:]) for row in read]
    return lambda *_args: (texts, date.fromisoformat)


#: An answer: none, one a check-in gives (0-7, kept as floats), or any other whole number.
_ANSWER = st.one_of(st.none(), st.integers(min_value=0, max_value=7), st.integers(-3, 40))


def _check_in_rows(
    weeks: int, most: int
) -> st.SearchStrategy[list[tuple[int, int | None, bool, int, list[int | None]]]]:
    """Up to ``most`` check-in rows: the owner, the partnership, the shared flag, the week (a
    number up to ``weeks``) and the six answers."""
    return st.lists(
        st.tuples(
            st.sampled_from([1, 2, 3]),  # her, her partner, someone else
            st.sampled_from([None, 10, 11]),  # no partnership, theirs, another
            st.booleans(),
            st.integers(min_value=0, max_value=weeks),
            st.lists(_ANSWER, min_size=len(ITEMS), max_size=len(ITEMS)),
        ),
        max_size=most,
    )


@settings(max_examples=200, deadline=None)
@given(rows=_check_in_rows(weeks=200, most=40), held=st.sampled_from(HELD))
def test_each_partner_s_overall_is_the_mean_of_the_answers_given(
    rows: list[tuple[int, int | None, bool, int, list[int | None]]], held: str
) -> None:
    """:func:`selectors.trend_series` against the way it was counted: her own rows' answers,
    each item's a column of floats (from the kept table of answers or, for any other number,
    as ``float`` makes it), and the couple's shared rows, each partner's in order,
    :func:`overall_of` each."""
    monday = date(2025, 1, 6)
    # As the statement gives them: whether a row is the couple's (shared in theirs, 10) as
    # one column.
    read = [
        (owner, int(flag and shared_in == 10), monday + timedelta(weeks=week), *answers)
        for owner, shared_in, flag, week, answers in rows
    ]
    her = SimpleNamespace(pk=1, display_name="Maya")
    him = SimpleNamespace(pk=2, display_name=HOSTILE[0])
    active = SimpleNamespace(partnership=SimpleNamespace(pk=10), partner=him)
    with patch.object(selectors, "_trend_fetch", fetching(read, held)):
        mine, ours = selectors.trend_series(cast(User, her), cast(ActivePartnership, active))
    own = [row for row in read if row[0] == 1]
    for k, series in enumerate(mine):
        assert series.label == ITEMS[k]
        assert series.weeks == [row[2] for row in own]
        answers = [cast(int | None, row[3 + k]) for row in own]
        expected_own = [None if value is None else float(value) for value in answers]
        assert series.values == expected_own
        assert [type(v) for v in series.values] == [type(v) for v in expected_own]
    for series, person in zip(ours, (her, him), strict=True):
        theirs = [row for row in read if row[1] and row[0] == person.pk]
        assert series.label == person.display_name
        assert series.weeks == [row[2] for row in theirs]
        expected = [overall_of(cast(tuple[int | None, ...], row[3:])) for row in theirs]
        assert series.values == expected
        assert [type(v) for v in series.values] == [type(v) for v in expected]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_ANSWER, st.booleans(), st.integers(-(10**20), 10**20)), max_size=30))
def test_answers_are_the_floats_float_makes(column: list[int | None]) -> None:
    """``_floats``: each answer as ``float`` makes it, none as none, the same types, whether
    every answer is one a check-in gives or not."""
    expected = [None if value is None else float(value) for value in column]
    got = selectors._floats(column)
    assert got == expected
    assert [type(v) for v in got] == [type(v) for v in expected]


@settings(max_examples=300, deadline=None)
@given(
    rows=_check_in_rows(weeks=60, most=60),
    order=st.sampled_from(["as the statement orders them", "as drawn"]),
    her_id=st.sampled_from([1, 2]),
    held=st.sampled_from(HELD),
)
def test_the_couple_s_table_made_in_the_read_s_pass_is_the_general_table(
    rows: list[tuple[int, int | None, bool, int, list[int | None]]],
    order: str,
    her_id: int,
    held: str,
) -> None:
    """The couple's table rows :func:`selectors.trend_reads` makes as it goes are the rows
    ``series_numbers`` makes from the two series, for rows in the statement's order (week, then
    person: her id above or below her partner's), weeks with no answer, whole rows of none and
    anyone else's rows; for rows in any other order (or a person twice in a week) they are none,
    and the page makes the table the general way."""
    monday = date(2025, 1, 6)
    # As the statement gives them: whether a row is the couple's (shared in theirs, 10) as
    # one column.
    read = [
        (owner, int(flag and shared_in == 10), monday + timedelta(weeks=week), *answers)
        for owner, shared_in, flag, week, answers in rows
    ]
    if order == "as the statement orders them":
        read = list({(row[2], row[0]): row for row in read}.values())  # a person once a week
        read.sort(key=lambda row: (row[2], row[0]))
    her = SimpleNamespace(pk=her_id, display_name="Maya")
    him = SimpleNamespace(pk=3 - her_id, display_name=HOSTILE[0])
    active = SimpleNamespace(partnership=SimpleNamespace(pk=10), partner=him)
    person, couple = cast(User, her), cast(ActivePartnership, active)
    with patch.object(selectors, "_trend_fetch", fetching(read, held)):
        own, ours, table = selectors.trend_reads(person, couple)
        mine, series = selectors.trend_series(person, couple)
    assert own == [row for row in read if row[0] == her_id]
    assert ours == series and mine == selectors.own_item_series(own)
    shared = [(row[2], row[0]) for row in read if row[1] and row[0] in (1, 2)]
    if shared == sorted(set(shared)):
        assert table is not None
        want = trends.series_numbers(ours)
        assert trends.Numbers(columns=[s.label for s in ours], rows=table) == want
        assert [[type(v) for v in values] for _w, values in table] == [
            [type(v) for v in values] for _w, values in want.rows
        ]
    else:
        assert table is None


#: A check-in's six answers, most often all given (as nearly every check-in's are), else any
#: of them missing.
_SIX = st.one_of(
    st.lists(st.integers(0, 7), min_size=len(ITEMS), max_size=len(ITEMS)),
    st.lists(st.one_of(st.none(), st.integers(0, 7)), min_size=len(ITEMS), max_size=len(ITEMS)),
)


@settings(max_examples=300, deadline=None)
@given(
    answers=st.lists(st.tuples(st.sampled_from([1, 2]), _SIX), max_size=30),
    held=st.sampled_from(HELD),
)
def test_a_row_with_every_answer_is_the_mean_of_its_answers(
    answers: list[tuple[int, list[int | None]]], held: str
) -> None:
    """:func:`selectors.trend_reads` adds a row's six answers up as they stand when all are
    given and counts the others the general way: each partner's overall is
    :func:`overall_of` of the row's answers, a float or none, for rows all given, some
    given and none given, both partners' shared rows in the statement's order."""
    monday = date(2025, 1, 6)
    read = [
        (owner, 1, monday + timedelta(weeks=week), *six)
        for week, (owner, six) in enumerate(answers)
    ]
    her = SimpleNamespace(pk=1, display_name="Maya")
    him = SimpleNamespace(pk=2, display_name="Sam")
    active = SimpleNamespace(partnership=SimpleNamespace(pk=10), partner=him)
    with patch.object(selectors, "_trend_fetch", fetching(read, held)):
        _own, ours, _table = selectors.trend_reads(cast(User, her), cast(ActivePartnership, active))
    for series, person in zip(ours, (her, him), strict=True):
        expected = [overall_of(six) for owner, six in answers if owner == person.pk]
        assert series.values == expected
        assert [type(v) for v in series.values] == [type(v) for v in expected]
