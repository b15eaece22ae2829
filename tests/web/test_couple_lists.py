"""The couple view's lists and tables, drawn in Python (``couple/templatetags/couplelists.py``),
against the template they replaced (issue 15's tenth pass): the whole body of the view, byte
for byte, on the page and in the report, in her view while it takes care, in English and
Spanish and two time zones, with and without how each sees the other and what moved since last
time, no statement apart and many, and names and words full of markup, ampersands, quotes and
right-to-left text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from pytest_django import Settings

from interdepend.core.dyad import DiscussionItem, ScalePair, SignDifference
from interdepend.core.instrument import ScaleKind
from interdepend.web.assessment.demo import profile_answers, sample_attempt, sample_person
from interdepend.web.couple import selectors
from interdepend.web.couple.models import Perception
from interdepend.web.couple.templatetags import couplelists, couplepage, couplewords
from interdepend.web.frame.templatetags.usertext import isolate
from tests.helpers import ANY_SCORE

#: ``couple/_view_body.html`` as it was before its lists were drawn in Python: the reference.
REFERENCE = Template((Path(__file__).parent / "reference" / "couple_view_body.html").read_text())

HERS = {"self": 6, "bond": 6, "enmeshment": 3, "distance": 2}
HIS = {"self": 6, "bond": 4, "enmeshment": 2, "distance": 5}
HOSTILE = ('<script>alert("a")</script> & "Ana"', "مريم ‮'Ben'‬")


@pytest.fixture(params=[("en", "UTC"), ("es", "Pacific/Auckland")])
def where(request: pytest.FixtureRequest) -> Iterator[str]:
    language, zone = request.param
    with translation.override(language), timezone.override(zone):
        yield language


def _view(
    names: tuple[str, str] = ("Ana", "Ben"),
    *,
    his: dict[str, int] = HIS,
    earlier: bool = True,
    perceptions: bool = True,
) -> selectors.CoupleView:
    """A couple view held in memory, as ``couple.demo.sample_couple_view`` makes one."""
    ana, ben = sample_person(-2, names[0]), sample_person(-1, names[1])
    hers = sample_attempt(ana, HERS, {"boundaries": 5}, finished=dt.date(2026, 1, 12))
    mine = [hers]
    if earlier:
        before = {"self": 4, "bond": 6, "enmeshment": 5, "distance": 2}
        mine.append(sample_attempt(ana, before, finished=dt.date(2025, 10, 6)))
    theirs = sample_attempt(ben, his, {"hidden_inner_world": 6}, finished=dt.date(2026, 1, 14))
    form = selectors.perception_form()
    seen = (
        {
            ana.pk: Perception(answers=profile_answers(form, HIS)),
            ben.pk: Perception(answers=profile_answers(form, HERS)),
        }
        if perceptions
        else {}
    )
    return selectors.couple_view_of(ana, ben, [mine, [theirs]], seen)


def _both(view: selectors.CoupleView, **flags: bool) -> tuple[str, str]:
    context = {"view": view, **flags}
    drawn = get_template("couple/_view_body.html").render(context)
    return drawn, REFERENCE.render(Context(context))


@pytest.mark.parametrize(
    "flags", [{}, {"care": True}, {"for_print": True}], ids=["page", "care", "report"]
)
def test_the_view_is_the_template_it_replaced(where: str, flags: dict[str, bool]) -> None:
    view = _view()
    drawn, reference = _both(view, **flags)
    assert drawn == reference
    assert drawn.count('<tr><th scope="row">') == 4 + 4 + 4  # the map's and both views' rows
    assert view.discussion and drawn.count('<li><span id="differ-') == len(view.discussion)
    assert ("?statement=" in drawn) is not bool(flags)
    assert view.my_change is not None and "→" in drawn
    assert drawn.count('<div class="card"><h3>') == len(view.suggestions.practices) or flags


def test_without_perceptions_or_an_earlier_result(where: str) -> None:
    view = _view(earlier=False, perceptions=False)
    assert view.my_gaps is None and view.my_change is None
    drawn, reference = _both(view)
    assert drawn == reference
    assert "→" not in drawn


def test_no_statement_apart_and_many(where: str) -> None:
    alike = _view(his=HERS)
    drawn, reference = _both(alike)
    assert drawn == reference
    many = dataclasses.replace(
        alike,
        discussion=tuple(
            DiscussionItem(f"s{n}", f"Statement {n} & <b>{n}</b>", "bond", 1, 7, "1", "7")
            for n in range(40)
        ),
    )
    drawn, reference = _both(many)
    assert drawn == reference
    assert drawn.count('<li><span id="differ-') == 40


def test_names_and_words_are_escaped_as_the_template_escaped_them(where: str) -> None:
    view = _view(HOSTILE)
    view = dataclasses.replace(
        view,
        discussion=(
            DiscussionItem(
                'x"><script>', "<i>Tom</i> & 'Jerry' \"said\"", "bond", 1, 7, "<1>", "&7"
            ),
            *view.discussion,
        ),
    )
    for flags in ({}, {"for_print": True}):
        drawn, reference = _both(view, **flags)
        assert drawn == reference
        assert "<script>" not in drawn and "<i>Tom</i>" not in drawn
        assert "&lt;script&gt;alert(&quot;a&quot;)&lt;/script&gt; &amp; &quot;Ana&quot;" in drawn
        assert "<bdi>مريم &#x27;Ben&#x27;</bdi>" in drawn  # the stored bidi controls dropped
        assert "&lt;i&gt;Tom&lt;/i&gt; &amp; &#x27;Jerry&#x27; &quot;said&quot;" in drawn


def every_list(view: selectors.CoupleView) -> selectors.CoupleView:
    """``view`` with every sentence the three lists can say, for each partner: signs apart,
    strengths, growth for both and for one, with a name to escape."""
    name = "Merging & <Co>"
    return dataclasses.replace(
        view,
        pattern=dataclasses.replace(
            view.pattern,
            differences=tuple(
                SignDifference("enmeshment", name, in_a=in_a, near_line=near)
                for in_a in (True, False)
                for near in (True, False)
            ),
        ),
        strengths=(
            ScalePair("self", name, ScaleKind.AXIS, 80, 90),
            ScalePair("distance", name, ScaleKind.POLE, 10, 5),
        ),
        growth=tuple(
            ScalePair(scale, name, kind, a, b)
            for scale, kind, low, high in (
                ("bond", ScaleKind.AXIS, 10.0, 90.0),
                ("enmeshment", ScaleKind.POLE, 90.0, 10.0),
            )
            for a, b in ((low, low), (low, high), (high, low))
        ),
    )


def test_every_kind_of_sign_strength_and_growth(where: str) -> None:
    """Each sentence the three lists can say, for each partner, with names to escape."""
    view = every_list(_view(HOSTILE))
    drawn, reference = _both(view)
    assert drawn == reference
    assert drawn.count("Merging &amp; &lt;Co&gt;") == 4 + 2 + 6
    me, partner = "<bdi>&lt;script&gt;", "<bdi>مريم"
    assert drawn.count(me) >= 4 and drawn.count(partner) >= 4


WHOLE = Template('{{ value|floatformat:0|default:"—" }}')


def _scores(seed: int) -> list[Any]:
    """Scores as the page has them and around them: halves that round up, either side of a
    half, below zero, at the edges of what ``repr`` writes without an exponent, and values
    that go the slow way (none, an int, zero, tiny, huge, not a number)."""
    rng = random.Random(seed)
    edges: list[Any] = [
        None, 0, 7, 0.0, -0.0, 0.5, 1.5, 2.5, -0.5, -0.4, -2.5, 49.5, 50.49999999999999,
        99.99999999999999, 0.49999999999999994, 1e-4, 9.9e-5, -1e-4, 1e15 - 0.5, 1e15, 1e16,
        123456789012345.6, float("nan"), float("inf"), -float("inf"), 1234.5,
    ]  # fmt: skip
    drawn = [
        rng.choice([rng.uniform(0, 100), rng.randint(0, 200) / 2, rng.uniform(-50, 50)])
        for _ in range(400)
    ]
    return edges + drawn + [round(x, rng.randint(0, 6)) for x in drawn]


@pytest.mark.parametrize("thousands", [False, True])
def test_a_whole_score_is_what_the_filter_writes(
    where: str, thousands: bool, settings: Settings
) -> None:
    settings.USE_THOUSAND_SEPARATOR = thousands
    language = translation.get_language()
    for value in _scores(15):
        assert couplelists._whole(value, language) == WHOLE.render(Context({"value": value})), value
    assert couplelists._whole(2.5, language) == "3"
    assert couplelists._whole(-0.4, language) == "0"


@hypothesis_settings(max_examples=600, deadline=None)
@given(value=ANY_SCORE)
def test_any_float_is_written_whole_as_the_filter_writes_it(value: float) -> None:
    """The whole part and the rest compared to a half give the filter's rounding of the
    shortest decimal form for every float, in both languages (issue 15's twenty-first pass,
    second wave); none is written with a minus sign before a zero."""
    for language in ("en", "es"):
        with translation.override(language):
            expected = WHOLE.render(Context({"value": value}))
            assert couplelists._whole(value, language) == expected, value


_NAMES = (
    ("Ana", "Ben"),
    HOSTILE,
    ("{{ x }} {% y %}", "‏\u200bDana‎"),
    ("", "'\"&<>"),
)


@pytest.mark.parametrize("names", _NAMES)
def test_the_names_and_her_date_handed_down_draw_what_each_part_drew(
    where: str, names: tuple[str, str]
) -> None:
    """The couple page isolates the two names once and writes her result's date once, and
    hands them to every part (issue 15's twenty-first pass, second wave): each part draws with
    them what it draws finding them itself, on the page, in her view while it takes care and in
    the report, with every kind of sentence that names the two, and the body stays the
    template's."""
    for view in (_view(names), every_list(_view(names)), _view(names, perceptions=False)):
        handed = couplewords.names_of(view)
        assert handed == (isolate(view.me.display_name), isolate(view.partner.display_name))
        for care, for_print in ((False, False), (True, False), (False, True)):
            alone = couplepage.view_body(view, care=care, for_print=for_print)
            drawn = couplepage.view_body(view, care=care, for_print=for_print, names=handed)
            assert drawn == alone
        assert _both(view)[0] == _both(view)[1]
        language = translation.get_language()
        mine = couplewords.day(view.my_attempt.completed_at, language)
        for drawn, found in (
            (
                couplewords.couple_side_by_side(view, language, handed),
                couplewords.couple_side_by_side(view, language),
            ),
            (
                couplewords.couple_result_dates(view, language, handed, mine),
                couplewords.couple_result_dates(view, language),
            ),
            (
                couplewords.couple_shared_from(view.my_attempt.completed_at, language, mine),
                couplewords.couple_shared_from(view.my_attempt.completed_at, language),
            ),
            (
                couplelists.couple_sign_differences(view, language, handed),
                couplelists.couple_sign_differences(view, language),
            ),
            (
                couplelists.couple_growth(view, language, handed),
                couplelists.couple_growth(view, language),
            ),
            (
                couplewords.seen_as(*handed, language),
                couplewords.couple_seen_as(view.me.display_name, view.partner.display_name),
            ),
        ):
            assert drawn == found
            assert "<script>" not in drawn
