"""The couple view's sentences that name the two or date their results, written in Python.

The couple page had seven ``{% blocktranslate %}`` blocks around its lists (what each chose to
share, the dates of the two results, the map's description, the two headings of how each sees
the other, when the view opens, and when one's own result was shared): each cost the template
engine 50-80 µs a view, as it renders its words and every value again (issue 15's eleventh
pass, ``docs/performance-passes.md``). Here each is the same words looked up with ``gettext`` as it
is drawn (nothing is kept between requests); a name is escaped and isolated as ``|isolate`` did
it (in the map's description, where no element can go, stripped of bidi controls as
``|strip_bidi`` did it, then escaped), and a date is written where the reader is, as the
``date:"DATE_FORMAT"`` filter wrote it, then escaped: the same markup as the templates they
replaced, byte for byte (``tests/web/test_couple_page_words.py`` against
``tests/web/reference/couple/couple.html``, and ``tests/web/test_couple_lists.py`` against
``tests/web/reference/couple_view_body.html`` for the body, on the page and in the report).
"""

from __future__ import annotations

import functools
import html
from datetime import datetime

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from interdepend.web.couple.selectors import CoupleView
from interdepend.web.frame import dates
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.usertext import strip_bidi
from interdepend.web.frame.warmup import worker_starting

register = template.Library()


@functools.lru_cache(maxsize=16)
def _said(language: str | None) -> dict[str, str]:
    """The couple view's sentences in ``language``, each as ``gettext`` gives it, before any
    name or date is put in: the same for everyone, nothing of anyone. Kept per language and
    made for every language as a worker starts (:func:`_warm`), never on a view; each was
    looked up on every view (about 4 µs a sentence, ten-odd sentences a view: issue 15's
    eighteenth pass). The lists' sentences (``couplelists``) are here too."""
    return {
        "side_by_side": gettext(
            "What %(a)s and %(b)s each chose to share, side by side. It is here to help you "
            "talk, not to score either of you."
        ),
        "result_dates": gettext("%(a)s's result is from %(when_a)s; %(b)s's is from %(when_b)s."),
        "map_alt": gettext(
            "Map of Self and Bond with %(a)s and %(b)s. The numbers are in the table that goes "
            "with it."
        ),
        "seen_as": gettext("%(a)s, as %(a)s sees it and as %(b)s sees it"),
        "opens_when": gettext(
            "The couple view opens when you and %(b)s have both finished the inventory and both "
            "chosen to share your results. Until then, neither of you sees anything of the "
            "other's answers."
        ),
        "shared_from": gettext("You have shared your result from %(when)s."),
        "sign_near": gettext(
            "%(sign)s: %(a)s's answers sit just over the line where the app starts to name "
            "this warning sign, and %(b)s's just under it. Close to the line, a few answers "
            "either way can move it."
        ),
        "sign": gettext("%(sign)s: this warning sign shows up in %(a)s's answers, not in %(b)s's."),
        "strong_axis": gettext("%(n)s: you both score well here."),
        "strong_sign": gettext("%(n)s: this warning sign is low for both of you."),
        "grow_both_axis": gettext("%(n)s: there is room for both of you to build this up."),
        "grow_both_sign": gettext("%(n)s: this warning sign shows up for both of you."),
        "grow_one_axis": gettext("%(n)s, for %(who)s: there is room to build this up."),
        "grow_one_sign": gettext("%(n)s, for %(who)s: this warning sign shows up."),
    }


def said(key: str, language: str | None = None) -> str:
    """One of the couple view's sentences (:func:`_said`) in ``language``, by default the
    request's (the couple page asks for it once and passes it to every part it draws)."""
    return _said(get_language() if language is None else language)[key]


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``)."""
    _said(get_language())


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-couple-sentences")


def day(moment: datetime | None, language: str | None = None) -> str:
    """``{{ moment|date:"DATE_FORMAT" }}``: where the reader is, escaped (Django's ``escape``
    written out: ``html.escape`` of the text, marked safe, without the look for a lazy text of
    its wrapper and of ``mark_safe``'s, about 2 µs a call; issue 15's twenty-seventh pass)."""
    return SafeString(html.escape(str(dates.local_write(moment, "DATE_FORMAT", language))))


def names_of(view: CoupleView) -> tuple[str, str]:
    """The two names, the reader's first, each isolated as ``|isolate`` writes it: the couple
    page isolates them once a view and hands them to every part that names the two (each part
    isolated them again, a dozen times a view: issue 15's twenty-first pass, second wave)."""
    return isolate(view.me.display_name), isolate(view.partner.display_name)


@register.simple_tag
def couple_side_by_side(
    view: CoupleView, language: str | None = None, names: tuple[str, str] | None = None
) -> SafeString:
    """What the view is, naming the two (the reader first; ``names`` as :func:`names_of`
    writes them, when the caller has them)."""
    words = said("side_by_side", language)
    a, b = names_of(view) if names is None else names
    return SafeString(words % {"a": a, "b": b})  # the names are escaped, the words ours


@register.simple_tag
def couple_result_dates(
    view: CoupleView,
    language: str | None = None,
    names: tuple[str, str] | None = None,
    mine: str | None = None,
) -> SafeString:
    """When each of the two results shown was finished (``names`` as :func:`names_of` writes
    them and ``mine``, the reader's result's date as :func:`day` writes it, when the caller
    has them)."""
    if language is None:
        language = get_language()
    words = said("result_dates", language)
    a, b = names_of(view) if names is None else names
    values = {
        "a": a,
        "b": b,
        "when_a": day(view.my_attempt.completed_at, language) if mine is None else mine,
        "when_b": day(view.their_attempt.completed_at, language),
    }
    return SafeString(words % values)  # names and dates are escaped


@register.simple_tag
def couple_map_alt(view: CoupleView, language: str | None = None) -> SafeString:
    """The map's description, for its ``alt``: names without bidi controls, escaped."""
    words = said("map_alt", language)
    names = {
        "a": html.escape(strip_bidi(str(view.me.display_name))),
        "b": html.escape(strip_bidi(str(view.partner.display_name))),
    }
    return SafeString(words % names)  # the names are escaped, the words ours


@register.simple_tag
def couple_seen_as(seen: str, seer: str, language: str | None = None) -> SafeString:
    """The heading of how ``seen`` sees themself and how ``seer`` sees them."""
    return seen_as(isolate(seen), isolate(seer), language)


def seen_as(seen: str, seer: str, language: str | None = None) -> SafeString:
    """:func:`couple_seen_as` of two names already isolated (as :func:`names_of` writes them)."""
    words = said("seen_as", language)
    return SafeString(words % {"a": seen, "b": seer})  # the names are escaped


@register.simple_tag
def couple_opens_when(partner: str, language: str | None = None) -> SafeString:
    """What opens the view, naming the partner."""
    words = said("opens_when", language)
    return SafeString(words % {"b": isolate(partner)})  # the name is escaped


@register.simple_tag
def couple_shared_from(
    moment: datetime | None, language: str | None = None, written: str | None = None
) -> SafeString:
    """Which of one's own results is shared, by the day it was finished (``written``: that
    day as :func:`day` writes it, when the caller has it)."""
    if language is None:
        language = get_language()
    words = said("shared_from", language)
    when = day(moment, language) if written is None else written
    return SafeString(words % {"when": when})  # the date is escaped


@register.simple_tag
def couple_perception_seen(partner: str) -> SafeString:
    """Where the partner sees her answers on how she sees them (the perception page; issue 15's
    twelfth pass, held to ``tests/web/reference/couple/perception.html``)."""
    words = gettext(
        "%(b)s sees these answers only inside the couple view, once you have both shared your "
        "results."
    )
    return SafeString(words % {"b": isolate(partner)})  # the name is escaped
