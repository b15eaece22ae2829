"""A chart's table of numbers on Trends, drawn in Python (``{% numbers_table %}``,
``together/templatetags/charttables.py``), against the include it replaced (issue 15's tenth
pass): byte for byte, in English and Spanish, in two time zones, with no rows, one row and
years of rows, without the chart's name, and with names and words full of markup, ampersands,
quotes and right-to-left text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_django import Settings

from interdepend.core.var import Coefficient
from interdepend.web.together.templatetags import charttables
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


#: Trends' five sentences about the carry-over as ``{% blocktranslate %}`` blocks, before they
#: were written in Python: the reference, one a line after its key.
CARRY_WORDS = dict(
    line.split(": ", 1)
    for line in (Path(__file__).parent / "reference" / "together" / "carry_words.html")
    .read_text()
    .splitlines()
    if ": {%" in line
)
CARRY_TAGS = {
    "pairs": "{% carry_pairs carry.result.n_pairs %}",
    "chance": "{% carry_chance carry.null %}",
    "too_few": "{% carry_too_few min_pairs carry.pairs %}",
    "takes_time": "{% carry_takes_time min_weeks min_pairs min_months %}",
    "so_far": "{% carry_shared_so_far carry.shared_weeks %}",
}


def _carry(count: int, low: float = 0.0, high: float = 0.0) -> SimpleNamespace:
    """What the five sentences read of Trends' carry-over, with ``count`` everywhere a count
    goes (``Carryover``, its ``result`` and its ``null``, as plain stand-ins)."""
    return SimpleNamespace(
        result=SimpleNamespace(n_pairs=count),
        null=SimpleNamespace(low=low, high=high, n_fitted=count),
        shared_weeks=count,
        pairs=count,
    )


def _sentences(context: Context) -> Iterator[tuple[str, str, str]]:
    assert set(CARRY_WORDS) == set(CARRY_TAGS)
    for key, block in CARRY_WORDS.items():
        reference = Template("{% load i18n %}" + block).render(context)
        drawn = Template("{% load charttables %}" + CARRY_TAGS[key]).render(context)
        yield key, drawn, reference


@pytest.mark.parametrize("count", [0, 1, 2, 21, 1000, 123456])
@pytest.mark.parametrize(
    ("low", "high"), [(-0.215, 0.305), (-0.004, 0.004), (-1.005, 2.675), (0.0, 12345.678)]
)
def test_the_carry_over_sentences_are_the_blocks_they_replaced(
    where: str, count: int, low: float, high: float
) -> None:
    """Each sentence, singular and plural, with counts a thousands separator would group and
    figures that round half up and below zero, in English and Spanish and two zones."""
    context = Context(
        {
            "carry": _carry(count, low, high),
            "min_weeks": count + 1,
            "min_pairs": count * 2,
            "min_months": count,
        }
    )
    for key, drawn, reference in _sentences(context):
        assert drawn == reference, key
        assert f"{count}" in drawn, key
    chance = Template("{% load charttables %}" + CARRY_TAGS["chance"]).render(context)
    assert ("azar" if where == "es" else "chance") in chance


@pytest.mark.parametrize("thousands", [False, True])
def test_the_carry_over_counts_are_written_in_the_reader_s_format(
    where: str, thousands: bool, settings: Settings
) -> None:
    settings.USE_THOUSAND_SEPARATOR = thousands
    context = Context(
        {"carry": _carry(12345, -0.5, 1234.5), "min_weeks": 12345, "min_pairs": 9, "min_months": 1}
    )
    for key, drawn, reference in _sentences(context):
        assert drawn == reference, key
        assert ("12345" in drawn) is not thousands, key


_ROW_VALUES = st.one_of(
    st.none(),
    st.sampled_from(VALUES),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(min_value=0, max_value=9).map(lambda n: n / 2),
)


@settings(max_examples=60, deadline=None)
@given(
    language=st.sampled_from(["en", "es"]),
    zone=st.sampled_from(["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"]),
    columns=st.integers(min_value=1, max_value=6),
    offsets=st.lists(st.integers(min_value=-400, max_value=400), max_size=60),
    data=st.data(),
)
def test_any_rows_are_the_include_s_rows(
    language: str, zone: str, columns: int, offsets: list[int], data: st.DataObject
) -> None:
    """Whatever the rows (weeks among the kept ones and far outside them, in any order, a
    week twice; values kept, any float, halves, none), the table's rows are the include's:
    each row's pieces are joined once with the rest, not written through an f-string."""
    today = timezone.now().date()  # read once: midnight between two reads made a Sunday "monday"
    monday = today - timedelta(days=today.weekday())
    rows = [
        (
            monday + timedelta(weeks=offset),
            data.draw(st.lists(_ROW_VALUES, min_size=columns, max_size=columns)),
        )
        for offset in offsets
    ]
    names = data.draw(
        st.lists(st.sampled_from(["Maya", *HOSTILE]), min_size=columns, max_size=columns)
    )
    with translation.override(language), timezone.override(zone):
        drawn, reference = _both(Numbers(columns=names, rows=rows), "mine-numbers", None)
    assert drawn == reference
    assert drawn.count('<tr><th scope="row">') == len(rows)


_FIGURES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-3, 3),
    st.integers(-20000, 20000).map(lambda n: n / 200),  # halves of a hundredth, and near them
    st.integers(-20000, 20000).map(lambda n: n / 200 + 1e-12),
    st.integers(-(10**6), 10**6).map(lambda n: n / 1000),
    st.integers(-(10**17), 10**17).map(float),
    st.sampled_from([1e15 - 0.125, 1e15, 1e16 - 2.0, 0.0001, 0.00015, 0.000099]),
    st.integers(-50, 50),
    st.just(-0.0),
)


@settings(max_examples=600, deadline=None)
@given(_FIGURES, st.sampled_from(["en", "es"]))
def test_a_figure_is_written_as_floatformat_writes_it(value: float, language: str) -> None:
    """The carry-over's figures (``figure``): any float (tiny, huge, with an exponent, −0.0,
    none a number, halves of a hundredth and next to them) and a whole number, in English and
    Spanish, as ``floatformat(value, 2)`` writes them, escaped, the same kind of text."""
    from django.utils.html import conditional_escape

    from interdepend.web.frame.numbers import floatformat
    from interdepend.web.together.templatetags.charttables import figure

    with translation.override(language):
        want = conditional_escape(floatformat(value, 2, language))
        got = figure(value, language)
    assert got == want
    assert type(got) is type(want)


_ORDINARY = st.floats(1e-4, 1e15, exclude_max=True) | st.floats(-1e15, -1e-4, exclude_min=True)


@settings(max_examples=1000, deadline=None)
@given(
    _ORDINARY | st.integers(-(10**7), 10**7).map(lambda n: n / 1000) | _FIGURES,
    st.sampled_from(["en", "es", None]),
)
def test_a_figure_written_at_once_is_floatformat_s(value: float, language: str | None) -> None:
    """A float of an estimate's size written at once (``_two_places``, issue 15's twenty-sixth
    pass) is the text ``floatformat(value, 2)`` writes, escaped, and a ``SafeString`` as it
    is: any size from 1e-4 to 1e15, either sign, thousandths (so every third decimal, 5 and
    the rest, and hundredths carried into the whole number), in English and Spanish and with
    the language left to be looked up."""
    from django.utils.html import conditional_escape

    from interdepend.web.frame.numbers import floatformat
    from interdepend.web.together.templatetags.charttables import figure

    with translation.override("es" if language is None else language):
        want = conditional_escape(floatformat(value, 2, language))
        got = figure(value, language)
    assert got == want
    assert type(got) is type(want)


def test_a_figure_while_thousands_are_grouped_is_floatformat_s(settings: Settings) -> None:
    from django.utils.html import conditional_escape

    from interdepend.web.frame.numbers import floatformat
    from interdepend.web.together.templatetags.charttables import figure

    settings.USE_THOUSAND_SEPARATOR = True
    for language in ("en", "es"):
        with translation.override(language):
            for value in (12345.675, -0.005, 0.24133081456431182, 1e20):
                assert figure(value, language) == conditional_escape(
                    floatformat(value, 2, language)
                )


def test_a_figure_the_frame_wrote_is_taken_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """A figure ``frame.numbers`` wrote is a ``SafeString``, given back as it is without a call
    of ``conditional_escape`` (issue 15's twenty-second pass); any other text a figure could
    be given (none an estimate gives) is still escaped."""
    escaped: list[str] = []

    def counted(text: str) -> SafeString:
        escaped.append(text)
        return conditional_escape(text)

    monkeypatch.setattr(charttables, "conditional_escape", counted)
    for value, language, want in (
        (0.125, "en", "0.13"),
        (-0.005, "es", "-0,01"),
        (-1e-9, "en", "0.00"),
    ):
        with translation.override(language):
            got = charttables.figure(value, language)
        assert got == want and type(got) is SafeString
    assert escaped == []
    monkeypatch.setattr(charttables, "floatformat", lambda value, arg, language: "<1 & 2>")
    # A whole number goes through ``floatformat`` (a float of an estimate's size is written
    # by ``_two_places``, held to it above and below).
    assert charttables.figure(1, "en") == "&lt;1 &amp; 2&gt;"
    assert escaped == ["<1 & 2>"]


@pytest.mark.parametrize("weeks", [0, 1, 104])
def test_each_drawn_part_is_a_safe_string_of_its_text(where: str, weeks: int) -> None:
    """Trends' parts are made ``SafeString`` as they stand, not through ``mark_safe`` (issue 15's
    twenty-first pass, second wave): each is a safe text, which a template writes unescaped,
    and none is lazy (a lazy text would be written in the language of the moment it is read)."""
    numbers = _numbers(["Maya", HOSTILE[0]], weeks)
    directions = _directions(("Maya", HOSTILE[2]))
    names = charttables._isolated(directions)
    parts = [
        numbers.body(where),
        numbers.latest(where),
        charttables._table(numbers, "key", "", where),
        charttables._sentences(directions, where, names),
        charttables._figures(directions, where, names),
        charttables.carry_pairs(Context(), weeks),
    ]
    for part in parts:
        assert type(part) is SafeString
        assert Template("{{ part }}").render(Context({"part": part})) == str(part)
    assert ("<bdi>" in parts[1]) is (weeks > 0)
    assert "&lt;script&gt;" in parts[2] or weeks == 0


@settings(max_examples=80, deadline=None)
@given(
    language=st.sampled_from(["en", "es"]),
    weeks=st.integers(min_value=0, max_value=60),
    names=st.lists(st.sampled_from(["Maya", "together", *HOSTILE]), min_size=1, max_size=6),
    key=st.sampled_from(["mine-numbers", 'a"b&<c>']),
    which=st.sampled_from(["", '<span class="visually-hidden">(x &amp; y)</span>']),
    written=st.booleans(),
)
def test_a_table_as_a_plain_text_is_the_safe_table_s_text(
    language: str, weeks: int, names: list[str], key: str, which: str, written: bool
) -> None:
    """Trends' block writes each table as a plain text (``_table_text``, from the rows and the
    sentence as plain texts: ``Numbers.body_text``, ``Numbers.latest_text``), where it wrote
    the ``SafeString`` of each: the same text, character for character, whatever the names,
    the id, the chart's name and the rows, her own rows written as they were made or not; the
    safe forms are still ``SafeString`` (issue 15's twenty-fifth pass)."""
    numbers = _numbers(names, weeks)
    with translation.override(language):
        if written:  # her own table: its rows written as they were made
            numbers = Numbers(
                numbers.columns, numbers.rows, written=(language, numbers.body_text())
            )
        key = str(conditional_escape(key))
        text = charttables._table_text(numbers, key, which, language)
        table = charttables._table(numbers, key, which, language)
        assert type(text) is str and type(table) is SafeString and text == str(table)
        assert type(numbers.body_text(language)) is str
        assert numbers.body_text(language) == numbers.body(language) == numbers.body()
        heads = numbers.heads_in(language)
        assert numbers.latest_text(language, heads) == numbers.latest(language) == numbers.latest()
        assert type(numbers.latest_text(language, heads)) is str
        assert type(numbers.body(language)) is SafeString
        assert type(numbers.latest(language)) is SafeString
        drawn, reference = _both(numbers, "mine-numbers", None)
        assert drawn == reference


def _old_pairs(context: Context, n: object) -> SafeString:
    """``charttables.carry_pairs`` as it was: ``ngettext`` on every call."""
    words = translation.ngettext(*charttables.PAIRS, charttables._count(n))
    return charttables._said(context, words, {"n": n})


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_pairs_words_kept_are_ngettext_s_for_every_count_kept(language: str) -> None:
    """The sentence of how many pairs the figures rest on, in each language (and one the site
    does not speak), for every count kept (issue 15's twenty-seventh pass)."""
    with translation.override(language):
        kept = charttables._pairs_words(translation.get_language())
        assert len(kept) == charttables.KEPT_PAIRS
        for n in range(charttables.KEPT_PAIRS):
            assert kept[n] == translation.ngettext(*charttables.PAIRS, n)
    assert charttables._pairs_words("es") != charttables._pairs_words("en")


@settings(max_examples=400, deadline=None)
@given(
    language=st.sampled_from(["en", "es", "fr"]),
    n=st.one_of(
        st.integers(-3, charttables.KEPT_PAIRS + 5),
        st.integers(0, 10**9),
        st.booleans(),
    ),
    thousands=st.booleans(),
    localized=st.sampled_from([None, True, False]),
)
def test_any_count_of_pairs_is_written_as_carry_pairs_wrote_it(
    language: str, n: object, thousands: bool, localized: bool | None
) -> None:
    """Any count of pairs, kept or beyond, of any kind a template hands the tag, in any
    language, thousands grouped or not: the sentence ``ngettext`` gave on each call, written
    through the tag and through the card's own call alike."""
    from django.test import override_settings

    context = Context(use_l10n=localized)
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=thousands):
        old = _old_pairs(context, n)
        for drawn in (
            charttables.carry_pairs(context, n),
            charttables._pairs(context, n, translation.get_language()),
        ):
            assert drawn == old and type(drawn) is type(old)


def test_a_count_that_is_no_number_is_the_template_s_error() -> None:
    with pytest.raises(TemplateSyntaxError):
        charttables.carry_pairs(Context(), "12")
