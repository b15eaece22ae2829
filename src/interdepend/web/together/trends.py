"""Trends: the person's own check-ins and balance, and (shared items only) the couple's.

Charts are SVG images from their own endpoints, each with its own narrow policy.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.signals import setting_changed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from interdepend import charts
from interdepend.core.var import Coefficient
from interdepend.web.accounts.idle import idle_gate
from interdepend.web.accounts.models import User
from interdepend.web.frame import dates
from interdepend.web.frame.auth import authed_user
from interdepend.web.frame.chartwords import chart_words
from interdepend.web.frame.memo import forget, per_request
from interdepend.web.frame.numbers import floatformat
from interdepend.web.frame.responses import svg_response
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.partners.access import ActivePartnership, access_active_partnership
from interdepend.web.together import selectors
from interdepend.web.together.forms import ITEM_LABELS
from interdepend.web.together.models import ITEMS


@dataclass(frozen=True)
class Direction:
    sender: str
    receiver: str
    coef: Coefficient
    inside: bool | None


def _directions(user_name: str, partner_name: str, found: selectors.Carryover) -> list[Direction]:
    if found.result is None:
        return []
    null = found.null
    pairs = (
        (found.result.a_to_b, user_name, partner_name),
        (found.result.b_to_a, partner_name, user_name),
    )
    return [
        Direction(
            sender=sender,
            receiver=receiver,
            coef=coef,
            inside=None
            if null is None or not null.cross
            else null.low <= coef.estimate <= null.high,
        )
        for coef, sender, receiver in pairs
    ]


@per_request
def _value_shown(language: str | None, value: float) -> str:
    """``{{ value|floatformat:"-1" }}`` in ``language`` (the active one, passed as the key)."""
    return str(conditional_escape(floatformat(value, "-1", language)))


#: The most steps in one week whose count the fixed table of written values holds; a larger
#: count is written as it comes, as any value not in the table is.
COUNTS_WRITTEN = 200


@functools.lru_cache(maxsize=16)
def written_values(language: str | None) -> dict[float, str]:
    """Every value a table on Trends shows that a check-in or a count of steps can give, the
    same for everyone, written as :func:`_value_shown` writes it in ``language``: each count
    from 0 to :data:`COUNTS_WRITTEN` (an answer, 1 to 7, is one of them) and each mean of one
    to six answers from 0 to 7. The couple's table has a hundred-odd different means, and
    writing each (rounded through ``Decimal``) was about a quarter of a millisecond a view.
    It holds numbers any check-in can give, never anyone's; a value not in it (none a check-in
    gives) is written as it comes. Made for every language as a worker starts
    (``charttables._warm``), never on a first view (``tests/web/test_warmup.py``)."""
    counts = {float(n) for n in range(COUNTS_WRITTEN + 1)}
    means = {total / n for n in range(1, len(ITEMS) + 1) for total in range(7 * n + 1)}
    with override(language):
        return {
            value: str(conditional_escape(floatformat(value, "-1", language)))
            for value in sorted(counts | means)
        }


def _written(language: str | None, value: float) -> str:
    """``value`` as :func:`_value_shown` writes it: from :func:`written_values` when there."""
    found = written_values(language).get(value) if type(value) is float else None
    return _value_shown(language, value) if found is None else found


#: The Mondays the fixed table of written weeks holds: from this many weeks before the week the
#: worker starts in (two years of check-ins and a year more), and as many after.
WEEKS_WRITTEN = 160


@functools.lru_cache(maxsize=16)
def written_weeks(language: str | None) -> dict[date, str]:
    """Each Monday of :data:`WEEKS_WRITTEN` weeks either side of the week the worker starts in,
    written as :func:`_week_shown` writes it in ``language``: the dates are the same for
    everyone, and a year of weeks was written again on every view (about 0.3 ms, each week
    looked up in the request's memory once for each of the four tables). A week outside it
    (a worker running for years) is written as it comes, for each request. Made for every
    language as a worker starts (``charttables._warm``), never on a first view."""
    monday = selectors.week_start(timezone.now().date())
    weeks = [monday + timedelta(weeks=n) for n in range(-WEEKS_WRITTEN, WEEKS_WRITTEN + 1)]
    with override(language):
        write = dates.writer("DATE_FORMAT")
        return {week: str(conditional_escape(write(week))) for week in weeks}


def _week_written(language: str | None, week: date) -> str:
    """``week`` as :func:`_week_shown` writes it: from :func:`written_weeks` when there."""
    found = written_weeks(language).get(week) if type(week) is date else None
    return _week_shown(language, week) if found is None else found


@per_request
def _week_shown(language: str | None, week: date) -> str:
    """``{{ week|date:"DATE_FORMAT" }}`` in ``language`` (the active one, passed as the key),
    written by :func:`_day_writer`: the filter looked the language and its format up again
    for each of a year's weeks."""
    return str(conditional_escape(_day_writer(language)(week)))


@per_request
def _day_writer(language: str | None) -> Callable[[date], str]:
    """What the ``date:"DATE_FORMAT"`` filter writes a day with (``frame.dates.writer``), its
    language and format looked up once a request."""
    return dates.writer("DATE_FORMAT")


def dated_chart_words() -> charts.Words:
    """The charts' words for a chart with weeks under it: the months as this language's short
    dates write them ("30 Nov 2026" in English, "30 nov 2026" in Spanish), the way the page's
    ``SHORT_DATE_FORMAT`` does, not title-cased everywhere."""
    return _dated_words(get_language() or "en")


@functools.lru_cache(maxsize=16)
def _dated_words(language: str) -> charts.Words:
    letter = dates.month_letter()  # "b": "nov", "M": "Nov"
    months = tuple(dateformat.format(date(2000, month, 1), letter) for month in range(1, 13))
    return dataclasses.replace(chart_words(), months=months)


#: A table's cell for a week with no value in its column, and the end of each row.
NO_VALUE = "<td>—</td>"
ROW_END = "</tr>\n  "


@functools.lru_cache(maxsize=16)
def written_rows(language: str | None) -> tuple[dict[date, str], dict[float, str]]:
    """Each kept week's row opening (its head cell, as :meth:`Numbers.body` writes it) and each
    kept value's cell, in ``language``, from :func:`written_weeks` and :func:`written_values`:
    the same for everyone, nothing of anyone. Made for every language as a worker starts
    (``charttables._warm``), never on a first view (``tests/web/test_warmup.py``)."""
    openings = {week: _opening(day) for week, day in written_weeks(language).items()}
    cells = {value: f"<td>{text}</td>" for value, text in written_values(language).items()}
    return openings, cells


@functools.lru_cache(maxsize=16)
def written_answers(language: str | None) -> dict[int | None, str]:
    """Each answer a check-in can hold (none, or 0 to 7) with its kept cell in ``language``
    (:func:`written_rows`; none has the dash's), by the answer itself, as
    :func:`own_numbers` writes her rows: made afresh on every view, it was about 2 µs (issue
    15's twenty-seventh pass). The same for everyone. Made for every language as a worker
    starts (``charttables._warm``), never on a first view (``tests/web/test_warmup.py``)."""
    cells = written_rows(language)[1]
    return {None: NO_VALUE, **{n: cells[float(n)] for n in range(8)}}


@functools.lru_cache(maxsize=16)
def written_cells(language: str | None) -> dict[float | None, str]:
    """Each kept value's cell in ``language`` (:func:`written_rows`), and the dash's under
    none, by the value: what :meth:`Numbers.body_text` writes a plain table's cell from with
    one look (:attr:`Numbers.plain`). The same for everyone. Made for every language as a
    worker starts (``charttables._warm``), never on a first view (``tests/web/test_warmup.py``)."""
    cells: dict[float | None, str] = {None: NO_VALUE}
    cells.update(written_rows(language)[1].items())
    return cells


def _opening(day: str) -> str:
    """A row's opening: its head cell holding ``day``, already written and escaped."""
    return f'\n    <tr><th scope="row">{day}</th>'


def _row_opening(language: str | None, week: date) -> str:
    """The opening of the row of a week not kept, written as it comes."""
    return _opening(_week_shown(language, week))


@functools.lru_cache(maxsize=16)
def written_heads(language: str | None) -> dict[str, SafeString]:
    """The fixed names of the tables' columns on Trends (the six check-in questions, "on my
    own", "together", "our shared goals") in ``language``, each isolated as :meth:`Numbers.heads`
    isolates any column's name: the same words for everyone, and isolating them again was
    about a tenth of the tables' own time a view. A column not in it (a partner's name) is
    isolated as it comes, for each request. Made for every language as a worker starts
    (``charttables._warm``), never on a first view (``tests/web/test_warmup.py``)."""
    with override(language):
        names = [str(label) for label in ITEM_LABELS.values()]
        names += [_("on my own"), _("together"), _("our shared goals")]
        return {name: isolate(name) for name in names}


@functools.lru_cache(maxsize=16)
def latest_words(language: str | None) -> str:
    """The sentence that describes a chart's latest week (:meth:`Numbers.latest`), translated
    into ``language`` and escaped: the same for everyone. Made for every language as a worker
    starts (``charttables._warm``), never on a first view."""
    with override(language):
        return str(
            conditional_escape(
                _("Latest week, %(day)s: %(values)s. Every week is in the table below.")
            )
        )


@dataclass(frozen=True)
class ViewWords:
    """The fixed words the Trends view hands its tables, in one language: each check-in
    question's name by its key, and the names of the goals' bars."""

    items: Mapping[str, str]
    own: str
    together: str
    shared_goals: str


@functools.lru_cache(maxsize=16)
def view_words(language: str | None) -> ViewWords:
    """:class:`ViewWords` in ``language``: the same for everyone. The six question names are
    lazy texts, and making each a string again was about 20 µs a view under load (issue 15's
    eighteenth pass); the three bar names were translated on every view too. Made for every
    language as a worker starts (``charttables._warm``), never on a first view
    (``tests/web/test_warmup.py``)."""
    with override(language):
        return ViewWords(
            items=MappingProxyType({key: str(label) for key, label in ITEM_LABELS.items()}),
            own=_("on my own"),
            together=_("together"),
            shared_goals=_("our shared goals"),
        )


def _forget(**_: object) -> None:
    forget()
    _dated_words.cache_clear()
    view_words.cache_clear()
    written_values.cache_clear()
    written_weeks.cache_clear()
    written_rows.cache_clear()
    written_answers.cache_clear()
    written_cells.cache_clear()
    written_heads.cache_clear()
    latest_words.cache_clear()


setting_changed.connect(_forget, weak=False, dispatch_uid="interdepend-trends-values")


@dataclass(frozen=True)
class Numbers:
    """A chart's numbers as a table, its text alternative: a column per line or bar, a row
    per week that has any (``None`` where a line has no value that week)."""

    columns: list[str]
    rows: Sequence[tuple[date, list[float | None]]]
    #: The rows already written as :meth:`body` writes them, and the language they are written
    #: in, when whoever made the rows wrote them as it went (:func:`own_numbers`); not part of
    #: what the table is, so not compared.
    written: tuple[str | None, str] | None = dataclasses.field(
        default=None, compare=False, repr=False
    )
    #: Whether every week is a ``date`` and every value a float or none, as the view's tables
    #: of the couple's check-ins and of the goals' steps are made (:func:`balance_numbers`,
    #: :func:`selectors.trend_reads`): :meth:`body_text` then writes each row from the kept
    #: cells with one look a value. Not part of what the table is, so not compared.
    plain: bool = dataclasses.field(default=False, compare=False, repr=False)

    @functools.cached_property
    def heads(self) -> tuple[SafeString, ...]:
        """Each column's name isolated (a partner's name among them), as ``|isolate`` writes
        it: once for the table's head and the sentence, not once for each."""
        return self.heads_in(get_language())

    def heads_in(self, language: str | None) -> tuple[SafeString, ...]:
        """:attr:`heads` in ``language`` (the active one), for a caller that has it already:
        looking the language up again was about 1.5 µs for each of Trends' four tables."""
        known = written_heads(language)
        return tuple(known.get(column) or isolate(column) for column in self.columns)

    def body(self, language: str | None = None) -> SafeString:
        """The table's rows as ``together/_numbers.html`` would loop over them, drawn here: a
        year of weekly check-ins is a thousand cells, which cost the template engine tens of
        milliseconds. Each week's date is written as the ``date:"DATE_FORMAT"`` filter writes
        it (by the remembering filter of ``frame.templatetags.fasttags``) and each value as
        ``floatformat:"-1"`` does, in the reader's language: the values and weeks a check-in
        gives from the tables made as the worker starts (:func:`written_values`,
        :func:`written_weeks`), any other as it comes (``tests/web/test_trends_numbers.py``).
        ``language`` is the active one, when the caller has it already (``None``: looked up)."""
        return SafeString(self.body_text(language))  # every piece escaped

    def body_text(self, language: str | None = None) -> str:
        """:meth:`body` as a plain text, for a caller that writes it into a text of its own
        (``charttables``): the rows her own table wrote as it was made are handed over as they
        are kept, where each was copied into a ``SafeString`` (about 7 KB for a year of her
        check-ins), and copied again where they were written into the table (issue 15's
        twenty-fifth pass)."""
        language = get_language() if language is None else language
        if self.written is not None and self.written[0] == language:
            return self.written[1]  # written as below, every piece escaped
        # Each kept week's row opening and each kept value's cell, written as the worker
        # started (:func:`written_rows`): a year of rows looked its date up and built its
        # opening, and each table made its own cells, on every view.
        openings, cells = written_rows(language)
        if self.plain and len(self.columns) <= 2:
            found = _plain_body(self.rows, openings, written_cells(language), len(self.columns))
            if found is not None:
                return found
        cell = cells.get
        # Every piece of every row goes into one list, joined once. What is written is made a
        # ``SafeString`` as it stands, here and in the rest of the page's drawing: a text, never
        # a lazy one, which is all ``mark_safe`` does with it, after its lazy wrapper asked of
        # each argument whether it is lazy (about 0.6 µs a call, seventeen a view; issue 15's
        # twenty-first pass, second wave).
        out: list[str] = []
        add = out.append
        for week, row in self.rows:
            opening = openings.get(week) if type(week) is date else None
            add(_row_opening(language, week) if opening is None else opening)
            for value in row:
                if value is None:
                    add(NO_VALUE)
                    continue
                # A float is looked up (each value a check-in gives is there); any other kind,
                # and a float not kept, is written as it comes, as :func:`_written` writes it.
                found = cell(value) if type(value) is float else None
                add(f"<td>{_written(language, value)}</td>" if found is None else found)
            add(ROW_END)
        return "".join(out)  # every piece escaped above

    def latest(
        self, language: str | None = None, heads: tuple[SafeString, ...] | None = None
    ) -> SafeString:
        """One sentence a chart's image is described by, there whether or not the table is
        open (a description in a closed disclosure is read as none: the keyboard audit): the
        latest week's values, and where every week is. Each column's name (a partner's name
        among them) is isolated, as every name a person chose is. ``language`` as for
        :meth:`body`; ``heads`` are :meth:`heads_in` that language, when the caller has them."""
        return SafeString(self.latest_text(language, heads))  # every piece escaped

    def latest_text(
        self, language: str | None = None, heads: tuple[SafeString, ...] | None = None
    ) -> str:
        """:meth:`latest` as a plain text, for a caller that writes it into a text of its own
        (``charttables``), as :meth:`body_text` is."""
        if not self.rows:
            return ""  # empty
        language = get_language() if language is None else language
        if heads is None:
            heads = self.heads_in(language)
        week, row = self.rows[-1]
        # Each value as :func:`_written` writes it, the kept ones looked up here in the table
        # of kept values, once for the sentence (each through :func:`_written` looked the
        # table up again); the same for the week (:func:`_week_written`).
        kept = written_values(language)
        parts = []
        for head, value in zip(heads, row, strict=True):
            if value is None:
                parts.append(f"{head} —")
                continue
            found = kept.get(value) if type(value) is float else None
            parts.append(f"{head} {_written(language, value) if found is None else found}")
        day = written_weeks(language).get(week) if type(week) is date else None
        if day is None:
            day = _week_written(language, week)
        return latest_words(language) % {"day": day, "values": "; ".join(parts)}  # all escaped


def _plain_body(
    rows: Sequence[tuple[date, list[float | None]]],
    openings: Mapping[date, str],
    cells: Mapping[float | None, str],
    columns: int,
) -> str | None:
    """:meth:`Numbers.body_text` of a plain table of one or two columns (every week a ``date``,
    every value a float or none: :attr:`Numbers.plain`), each row one text of its kept opening
    and cells (:func:`written_rows`, :func:`written_cells`), where the general loop asked of each
    week and value its kind and looked each up on its own (about 15 µs a view for the couple's
    table and the two tables of steps; issue 15's twenty-eighth pass). None when a week or a
    value is not kept, or a row is not as long as the columns: the table is then written the
    general way (``tests/web/test_trends_numbers.py`` holds the two equal)."""
    try:
        if columns == 2:
            return "".join(
                [f"{openings[week]}{cells[x]}{cells[y]}{ROW_END}" for week, (x, y) in rows]
            )
        if columns == 1:
            return "".join([f"{openings[week]}{cells[x]}{ROW_END}" for week, (x,) in rows])
    except (KeyError, ValueError):  # not kept, or a row of another length
        return None
    return None


@dataclass(frozen=True)
class EmptyChart:
    """What a chart says while it has nothing to draw: its title and one sentence. The page
    shows them as its own text, at the size of the words around it, in place of the image
    (drawn in it, they were a small placeholder in a big frame: the phone look audit); the
    image, if opened on its own, draws the same words."""

    title: str
    words: str


def mine_empty(title: str | None = None) -> EmptyChart:
    return EmptyChart(
        str(title or _("My weekly check-ins")),
        _(
            "Nothing to draw yet. After the first weekly check-in, each question gets its own "
            "small chart here, and a line joins the weeks from the second one on."
        ),
    )


def own_balance_empty() -> EmptyChart:
    return EmptyChart(
        _("My goals: on my own and together"),
        _(
            "No steps noted in the last half-year yet. Each step you note on a goal adds to "
            "that week’s bar here."
        ),
    )


def us_empty() -> EmptyChart:
    return EmptyChart(
        _("How our weeks went (shared check-ins, average of the items)"),
        _(
            "Nothing to draw yet. Once each of you shares a weekly check-in, your two small "
            "charts appear here side by side."
        ),
    )


def us_balance_empty() -> EmptyChart:
    return EmptyChart(
        _("Steps on our shared goals"),
        _(
            "No steps on shared goals in the last half-year yet. Each step either of you notes "
            "on a shared goal adds to that week’s bar here."
        ),
    )


def series_numbers(
    series: list[selectors.Series], labels: Mapping[str, str] | None = None
) -> Numbers:
    labels = labels or {}
    weeks = series[0].weeks if series else None
    if weeks is not None and all(s.weeks is weeks for s in series) and selectors.rising(weeks):
        # One list of weeks, each once and in order (her own check-ins, one a week): each
        # week's row is the values at its place, as the general way below finds them, without
        # a dictionary for each question (``tests/web/test_trends_numbers.py``).
        # A week is a row when any of its values is there: counted in C (``count``), not
        # asked of each value in a generator (about 15 µs a view for a year of weeks). A
        # value is a float or none, and no float equals none.
        return Numbers(
            columns=[labels.get(s.label, s.label) for s in series],
            rows=[
                (week, values)
                for week, *values in zip(weeks, *(s.values for s in series), strict=True)
                if values.count(None) != len(values)
            ],
        )
    by_week = [dict(zip(s.weeks, s.values, strict=True)) for s in series]
    weeks = sorted({w for found in by_week for w, v in found.items() if v is not None})
    return Numbers(
        columns=[labels.get(s.label, s.label) for s in series],
        rows=[(week, [found.get(week) for found in by_week]) for week in weeks],
    )


def own_numbers(
    rows: list[tuple[Any, ...]], labels: Mapping[str, str], language: str | None = None
) -> Numbers:
    """``series_numbers(selectors.own_item_series(rows), labels)``, straight from her rows as
    :func:`selectors.trend_reads` gives them (the week third, then the six answers): each
    row's answers become the table's row, floats from :data:`selectors.AS_FLOAT`, a row while
    any is given. Her rows were made six columns of floats, and the table's rows made from the
    columns again (``tests/web/test_trends_numbers.py`` holds the two equal). Weeks not in
    order, or an answer not in the table, go the way they went.

    Each row is written as it is made, in ``language`` (``None``: the active one), as
    :meth:`Numbers.body` would write it: every answer the table holds has its kept cell
    (:func:`written_rows`; none has the dash's), found by the answer itself, where the body's
    loop looked each float up again and asked of its kind (about 15 µs a view for a year of
    weeks, issue 15's twentieth pass, second wave)."""
    weeks = [row[2] for row in rows]
    if selectors.rising(weeks):
        language = get_language() if language is None else language
        openings = written_rows(language)[0]
        # Each answer's cell by the answer (an answer the table holds is a kept value, and
        # equals its float; none has the dash's: :func:`written_answers`), and each answer's
        # float, both taken by subscript: a call of ``get`` for each of a row's twelve was
        # about 12 µs a view for a year of weeks (issue 15's twenty-first pass). An answer not
        # in the table is a ``KeyError`` in the floats first, and goes the general way below.
        cell = written_answers(language)
        to_float = selectors.AS_FLOAT
        with contextlib.suppress(KeyError):
            kept: list[tuple[Any, ...]] = []
            keep = kept.append
            out: list[str] = []
            write = out.append
            for row in rows:
                _owner, _ours, week, a, b, c, d, e, f = row
                # An answer the table does not hold is a ``KeyError`` here, before anything
                # is written (none is a kept cell too, the dash's).
                cells = f"{cell[a]}{cell[b]}{cell[c]}{cell[d]}{cell[e]}{cell[f]}"
                if a is None and b is None and c is None and d is None and e is None and f is None:
                    continue  # no answer given: no row
                keep(row)
                opening = openings.get(week) if type(week) is date else None
                if opening is None:
                    opening = _row_opening(language, week)
                # One text a row (a tuple of its eight pieces was about 8 µs more).
                write(f"{opening}{cells}{ROW_END}")
            return Numbers(
                columns=[labels.get(item, item) for item in ITEMS],
                rows=_AnswerRows(kept, to_float),
                written=(language, "".join(out)),
            )
    return series_numbers(selectors.own_item_series(rows), labels)


class _AnswerRows(Sequence[tuple[date, list[float | None]]]):
    """Her table's rows (each week with its six answers as floats), made from her rows only
    when anything reads them all: the view reads only whether there are any and the last
    (:meth:`Numbers.latest_text`), her rows having been written as they were kept
    (:attr:`Numbers.written`). Making the six floats of each of a year of weeks was about
    14 µs a view (issue 15's twenty-eighth pass). Equal to the list of the same rows, and
    compared as one (``tests/web/test_trends_numbers.py``)."""

    __slots__ = ("_floats", "_made", "_rows")

    def __init__(self, rows: list[tuple[Any, ...]], floats: Mapping[Any, float | None]) -> None:
        self._rows = rows  # her rows with an answer given, each answer one ``floats`` holds
        self._floats = floats
        self._made: list[tuple[date, list[float | None]]] | None = None

    def _row(self, row: tuple[Any, ...]) -> tuple[date, list[float | None]]:
        to_float = self._floats
        _owner, _ours, week, a, b, c, d, e, f = row
        return week, [to_float[a], to_float[b], to_float[c], to_float[d], to_float[e], to_float[f]]

    def _all(self) -> list[tuple[date, list[float | None]]]:
        if self._made is None:
            self._made = [self._row(row) for row in self._rows]
        return self._made

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index: Any) -> Any:
        if index == -1 and self._made is None and self._rows:
            return self._row(self._rows[-1])  # the latest week: the one the view reads
        return self._all()[index]

    def __iter__(self) -> Iterator[tuple[date, list[float | None]]]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _AnswerRows):
            other = other._all()
        return self._all() == other

    __hash__ = None  # type: ignore[assignment]  # as a list's

    def __repr__(self) -> str:
        return repr(self._all())


def own_labels(active: ActivePartnership | None) -> tuple[str, str]:
    """The keys of her own goals' chart: "together" only with a partner (someone alone saw a
    key for shared goals she cannot have: the second phone walk of 2026-12-04)."""
    return _own_labels(view_words(get_language()), active)


def _own_labels(words: ViewWords, active: ActivePartnership | None) -> tuple[str, str]:
    return words.own, words.together if active is not None else ""


#: The one kind of week a plain table holds.
_DATE_ONLY = frozenset({date})


def balance_numbers(balance: selectors.Balance, own: str | None, shared: str) -> Numbers:
    """Steps noted a week, on one's own goals (when ``own`` names them) and on shared ones
    (when ``shared`` does)."""
    rows = zip(balance.weeks, balance.me, balance.we, strict=True)
    # Every value is made a float: a plain table when every week is a date (each kind
    # found in C).
    plain = not balance.weeks or set(map(type, balance.weeks)) == _DATE_ONLY
    if own is not None and not shared:
        return Numbers([own], [(week, [float(me)]) for week, me, _we in rows if me], plain=plain)
    if own is None:
        return Numbers([shared], [(week, [float(we)]) for week, _me, we in rows if we], plain=plain)
    kept: list[tuple[date, list[float | None]]] = [
        (week, [float(me), float(we)]) for week, me, we in rows if me or we
    ]
    return Numbers([own, shared], kept, plain=plain)


@login_required
@require_safe
@idle_gate
def trends(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    active = access_active_partnership(user)
    language = get_language()
    words = view_words(language)
    series: list[selectors.Series] = []
    if active is None:
        mine = series_numbers(selectors.own_series(user), words.items)
        own_balance = selectors.own_balance(user, None)
    else:
        # Her zone and this week there, found once for both reads.
        zone = timezone.get_current_timezone()
        monday = selectors.this_week_where(zone)
        own, series, ours_rows = selectors.trend_reads(user, active, monday=monday)
        mine = own_numbers(own, words.items, language)
        own_balance, ours_balance = selectors.trend_balances(user, active, monday=monday, zone=zone)
    context: dict[str, object] = {
        # The language, looked up once for the view and the block (``charttables.trends_page``).
        "trends_language": language,
        "active": active,
        "mine": mine,
        "mine_balance": balance_numbers(own_balance, *_own_labels(words, active)),
        # Each empty chart's words as the function that writes them: the template calls it
        # only for a chart with nothing to draw (they were translated on every view, shown or
        # not).
        "mine_empty": mine_empty,
        "mine_balance_empty": own_balance_empty,
    }
    if active is not None:
        found = selectors.couple_carryover(user, active, series)
        context.update(
            ours=series_numbers(series)
            if ours_rows is None
            # Each week a date and each value a float or none (``selectors.trend_reads``).
            else Numbers(columns=[s.label for s in series], rows=ours_rows, plain=True),
            ours_balance=balance_numbers(ours_balance, None, words.shared_goals),
            carry=found,
            directions=_directions(user.display_name, active.partner.display_name, found),
            min_weeks=selectors.MIN_VAR_WEEKS + 1,
            min_pairs=selectors.MIN_PAIRS_TO_TELL,
            # The pairs need one week more than their count: about how many months that is.
            min_months=round((selectors.MIN_PAIRS_TO_TELL + 1) * 7 / 30.44),
            ours_empty=us_empty,
            ours_balance_empty=us_balance_empty,
        )
    return render(request, "together/trends.html", context)


def _lines(
    series: list[selectors.Series], labels: Mapping[str, str] | None = None
) -> list[charts.WeeklyLine]:
    labels = labels or {}
    return [
        charts.WeeklyLine(label=labels.get(s.label, s.label), weeks=s.weeks, values=s.values)
        for s in series
    ]


@login_required
@require_safe
@idle_gate
def mine_svg(request: HttpRequest) -> HttpResponse:
    return svg_response(own_checkins_svg(authed_user(request), mine_empty().title))


def own_checkins_numbers(user: User) -> Numbers:
    """The numbers :func:`own_checkins_svg` draws: its text alternative."""
    return series_numbers(selectors.own_series(user), view_words(get_language()).items)


def own_checkins_svg(user: User, title: str) -> str:
    """The person's own weekly check-in answers, one line per item."""
    return charts.weekly_lines_svg(
        _lines(selectors.own_series(user), view_words(get_language()).items),
        title=title,
        empty=mine_empty(title).words,
        sparse=_("One week so far: a line joins the weeks from the next check-in on."),
        words=dated_chart_words(),
        this_year=timezone.localdate().year,
    )


def _balance_svg(
    balance: selectors.Balance, empty: EmptyChart, labels: tuple[str, str] | None = None
) -> HttpResponse:
    svg = charts.balance_svg(
        balance.weeks,
        balance.me,
        balance.we,
        labels=labels or (_("on my own"), _("together")),
        title=empty.title,
        ylabel=_("steps noted"),
        empty=empty.words,
        words=dated_chart_words(),
        this_year=timezone.localdate().year,
    )
    return svg_response(svg)


@login_required
@require_safe
@idle_gate
def balance_svg(request: HttpRequest) -> HttpResponse:
    user = authed_user(request)
    active = access_active_partnership(user)
    return _balance_svg(
        selectors.own_balance(user, active), own_balance_empty(), own_labels(active)
    )


def _active_or_404(request: HttpRequest) -> tuple[User, ActivePartnership]:
    user = authed_user(request)
    active = access_active_partnership(user)
    if active is None:
        raise Http404
    return user, active


@login_required
@require_safe
def us_svg(request: HttpRequest) -> HttpResponse:
    user, active = _active_or_404(request)
    series = selectors.couple_series(user, active)
    empty = us_empty()
    svg = charts.weekly_lines_svg(
        _lines(series),
        title=empty.title,
        empty=empty.words,
        sparse=_("One shared week so far: a line joins the weeks from the next one on."),
        words=dated_chart_words(),
        this_year=timezone.localdate().year,
    )
    return svg_response(svg)


@login_required
@require_safe
def us_balance_svg(request: HttpRequest) -> HttpResponse:
    _user, active = _active_or_404(request)
    found = selectors.couple_balance(active)
    return _balance_svg(found, us_balance_empty(), ("", _("our shared goals")))


@login_required
@require_safe
def carryover_svg(request: HttpRequest) -> HttpResponse:
    user, active = _active_or_404(request)
    name = user.display_name
    found = selectors.couple_carryover(user, active)
    directions = _directions(name, active.partner.display_name, found)
    if not directions or found.null is None:
        raise Http404
    estimates = [
        charts.Estimate(
            f"{d.sender} → {d.receiver}", d.coef.estimate, d.coef.ci_low, d.coef.ci_high
        )
        for d in directions
    ]
    band = (found.null.low, found.null.high) if found.null.cross else None
    svg = charts.carryover_svg(
        estimates,
        band,
        title=_("Carry-over from one week to the next"),
        xlabel=_("how far one week carries into the other’s next (0: no link)"),
        band_label=_("what chance gives (weeks with no carry-over)"),
    )
    return svg_response(svg)
