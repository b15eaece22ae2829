"""The couple view asks for its language once a view and passes it to every part it draws in
Python, and keeps its pattern's name and description per language (issue 15's nineteenth
pass): each part given a language writes what it wrote when it asked for the active one, the
dates given a language write what the ``date`` filter writes in it whatever language is
active, the kept pattern words are the catalog's, and the whole block, in every state, asks
once. ``tests/web/test_couple_page_drawn.py`` and ``test_couple_lists.py`` hold the same
drawing to the templates it replaced, byte for byte."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation
from django.utils.translation import trans_real
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from interdepend.core.dyad import BOTH_FORMING_NOTHING_LOW, PATTERN_TEXT
from interdepend.web.assessment.demo import sample_person
from interdepend.web.couple import selectors
from interdepend.web.couple.templatetags import couplelists, couplepage, couplewords
from interdepend.web.frame import dates
from interdepend.web.partners.models import Partnership
from tests.web.test_couple_lists import HOSTILE, _view, every_list
from tests.web.test_couple_page_drawn import BLOCK, TOKEN, _me, _talks

LANGUAGES = ("en", "es")
OTHER = {"en": "es", "es": "en"}


@pytest.fixture
def asks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many times the language is asked for (``translation.get_language``)."""
    counted = [0]

    def get_language() -> str:
        counted[0] += 1
        return trans_real.get_language()

    monkeypatch.setattr("django.utils.translation._trans.get_language", get_language)
    yield counted


def _full_view(names: tuple[str, str]) -> selectors.CoupleView:
    """A view with every list the body draws: signs apart, strengths, growth for both and for
    one, what moved since last time, and how each sees the other."""
    return every_list(_view(names))


def _context(state: str, open_view: bool, care: bool, talks: int) -> dict[str, Any]:
    user, partner = sample_person(-2, HOSTILE[0]), sample_person(-1, HOSTILE[1])
    return {
        "active": SimpleNamespace(partner=partner, partnership=Partnership(pk=7)),
        "me": _me(state, perception=True),
        "view": _full_view(HOSTILE) if open_view else None,
        "talks": _talks(talks),
        "care": care,
        "user": user,
        "csrf_token": TOKEN,
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("state", "open_view", "care", "talks"),
    [
        ("newer", True, False, 12),
        ("shared", True, True, 1),
        ("first", False, False, 3),
        ("none", False, False, 0),
        ("shared", True, False, 0),
    ],
)
def test_the_block_asks_for_its_language_once(
    asks: list[int], language: str, state: str, open_view: bool, care: bool, talks: int
) -> None:
    """However many dates, scores, sentences and lists it writes, and the same as the block the
    old template drew."""
    drawn_template = Template("{% load couplepage %}{% couple_page %}")
    with translation.override(language), timezone.override("Pacific/Kiritimati"):
        # The first drawing in a language makes what a worker makes as it starts (the kept
        # words; the tests start no worker); the second is a view's.
        drawn_template.render(Context(_context(state, open_view, care, talks)))
        context = _context(state, open_view, care, talks)
        asks[0] = 0
        drawn = drawn_template.render(Context(context))
        assert asks[0] == 1
        assert drawn == Template(BLOCK).render(Context(context))
    assert drawn.count('<li><p class="talk-question">') == talks


def _parts(view: selectors.CoupleView, context: Context) -> dict[str, Callable[..., Any]]:
    """Every part of the page that takes a language, each as a call with it (or without)."""
    me, partner = view.me.display_name, view.partner.display_name
    return {
        "side by side": lambda *lang: couplewords.couple_side_by_side(view, *lang),
        "result dates": lambda *lang: couplewords.couple_result_dates(view, *lang),
        "map alt": lambda *lang: couplewords.couple_map_alt(view, *lang),
        "seen as": lambda *lang: couplewords.couple_seen_as(me, partner, *lang),
        "opens when": lambda *lang: couplewords.couple_opens_when(partner, *lang),
        "shared from": lambda *lang: couplewords.couple_shared_from(
            view.my_attempt.completed_at, *lang
        ),
        "scale rows": lambda *lang: couplelists.couple_scale_rows(view, *lang),
        "gap rows": lambda *lang: couplelists.couple_gap_rows(view.my_gaps or (), *lang),
        "changes": lambda *lang: couplelists.couple_changes(me, view.my_change, *lang),
        "signs": lambda *lang: couplelists.couple_sign_differences(view, *lang),
        "strengths": lambda *lang: couplelists.couple_strengths(view, *lang),
        "growth": lambda *lang: couplelists.couple_growth(view, *lang),
        "body": lambda *lang: couplepage.view_body(view, language=lang[0] if lang else None),
        "share": lambda *lang: couplepage.share_latest(
            context, view.my_attempt, view.my_attempt, Partnership(pk=3), *lang
        ),
        "talks": lambda *lang: couplepage._talks(
            couplepage._words(*lang), _talks(5), lang[0] if lang else None
        ),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_part_given_a_language_writes_it_whatever_language_is_active(
    language: str,
) -> None:
    """Given the language, each part writes what it wrote asking for it under that language,
    while another is active: so none of them asks for the active one on the way. (The card
    for sharing still translates its two sentences in the active language, which on the page
    is the one it is given: it is held to that.)"""
    with timezone.override("Pacific/Auckland"):
        view = _full_view(HOSTILE)
        context = Context({"user": sample_person(-2, "Ana"), "csrf_token": TOKEN})
        with translation.override(language):
            asked = {name: str(call()) for name, call in _parts(view, context).items()}
            same = {name: str(call(language)) for name, call in _parts(view, context).items()}
        with translation.override(OTHER[language]):
            parts = _parts(view, context)
            del parts["share"]
            given_it = {name: str(call(language)) for name, call in parts.items()}
            other = {name: str(call()) for name, call in parts.items()}
    assert same == asked
    assert given_it == {name: asked[name] for name in parts}
    # The two languages write these parts differently, so the test tells them apart.
    for name in ("side by side", "result dates", "seen as", "signs", "body", "talks"):
        assert other[name] != asked[name], name


MOMENTS = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)),
    st.datetimes(
        dt.datetime(1900, 1, 1),
        dt.datetime(2200, 12, 31),
        timezones=st.sampled_from([dt.UTC, zoneinfo.ZoneInfo("Pacific/Kiritimati")]),
    ),
)
FORMS = st.sampled_from([None, *dates.NAMED, "b Y", "M Y", "j F", "D, j M Y"])


@hypothesis_settings(max_examples=150, deadline=None)
@given(moment=MOMENTS, form=FORMS, language=st.sampled_from(LANGUAGES), this_year=st.booleans())
def test_a_date_given_its_language_is_the_filter_s_in_it(
    moment: dt.date, form: str | None, language: str, this_year: bool
) -> None:
    """``write``, ``local_write`` and ``month_day`` given a language write what Django's
    ``date`` filter writes in it, with the other language active; without one, in the active
    language as before."""
    zone = zoneinfo.ZoneInfo("Pacific/Pago_Pago")
    timed = form in ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT")
    with timezone.override(zone):
        with translation.override(language):
            expected = "" if timed and type(moment) is dt.date else str(django_date(moment, form))
            local = moment
            if isinstance(moment, dt.datetime):
                local = timezone.localtime(moment)
            expected_local = str(django_date(local, form)) if expected else ""
            today = dt.date(moment.year if this_year else 2026, 6, 1)
            same_year = moment.year == today.year
            day_form = "MONTH_DAY_FORMAT" if same_year else "DATE_FORMAT"
            expected_day = str(django_date(moment, day_form))
        with translation.override(OTHER[language]):
            if expected:
                assert dates.write(moment, form, language) == expected
                assert dates.local_write(moment, form, language) == expected_local
            assert dates.month_day(moment, today, language) == expected_day
            assert dates.local_write(None, form, language) == ""
            if expected:
                assert dates.write(moment, form) == str(django_date(moment, form))


PATTERN_TEXTS = [text for pair in PATTERN_TEXT.values() for text in pair]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pattern_s_words_are_kept_as_they_were_looked_up(language: str) -> None:
    """Each name and description a pattern can have is kept per language as it was looked up
    and escaped on each view; a text not among them is still looked up."""
    with translation.override(language):
        w = couplepage._words(language)
        for text in [*PATTERN_TEXTS, BOTH_FORMING_NOTHING_LOW]:
            assert w[couplepage.PATTERN + text] == couplepage._translated(text), text
            assert couplepage._pattern_said(w, text) == couplepage._translated(text)
            if language == "es":
                assert couplepage._translated(text) != text, text
        odd = 'Not a pattern <b>"100%"</b>'
        assert couplepage.PATTERN + odd not in w
        written = "Not a pattern &lt;b&gt;&quot;100%&quot;&lt;/b&gt;"
        assert couplepage._pattern_said(w, odd) == written
    assert len(PATTERN_TEXTS) == 2 * len(PATTERN_TEXT)
