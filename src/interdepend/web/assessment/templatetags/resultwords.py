"""The sentences of one's own result page that carry a date, a count or a name, written in
Python.

The page had six ``{% blocktranslate %}`` blocks around its lists (when the take was made and
how much of it was answered, the statements left out, the axis short of answers, the answers
that weighed in beyond the first four, the take before it, the version of the statements):
each cost the template engine 50-80 µs a view, rendering its words and values again (issue
15's eleventh pass, ``docs/performance-passes.md``). Here each is the same words looked up with
``gettext`` or ``ngettext`` as it is drawn (nothing is kept between requests), every value
written as a template writes ``{{ value }}`` (``frame.formrender.shown``: where the reader is,
in her language's digits, escaped) and a date as the ``date`` filter wrote it there: the same markup
as the template it replaced, byte for byte (``tests/web/test_result_parts.py``, against
``tests/web/reference/results.html``). So is what the balance says
(``includes/balance_words.html`` the page included: an ``{% if %}`` chain and a block, about
0.1 ms a view in the thirteenth pass).
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext, override

from interdepend.web.frame import dates
from interdepend.web.frame.formrender import escaped
from interdepend.web.frame.formrender import shown as _shown
from interdepend.web.frame.numbers import floatformat

register = template.Library()


@functools.lru_cache(maxsize=16)
def fixed(language: str | None) -> dict[str, str]:
    """The fixed words of the sentences below in ``language``, escaped where they were: the
    same for everyone, nothing of anyone. Looked up once per language and made for every
    language as a worker starts (``resultparts._warm``), where each view looked up seven to
    ten (issue 15's eighteenth pass)."""
    with override(language):  # its own words, whichever language is active
        return {
            "taken": gettext("Taken %(when)s · %(answered)s of %(items)s statements answered"),
            "since": gettext("Since %(when)s"),
            "version": gettext("These were the statements of version %(version)s."),
            "stands_out": escape(
                gettext(
                    "An overall figure would blur what stands out here: a warning sign is strong "
                    "in your answers, even where other parts are in good shape. The scales show "
                    "it better than any average."
                )
            ),
            "more": escape(
                gettext(
                    "Overall, the signs of a self of your own and of closeness weigh more in your "
                    "answers than the two warning signs."
                )
            ),
            "even": escape(
                gettext(
                    "Overall, the signs of a self of your own and of closeness, and the two "
                    "warning signs, weigh about the same in your answers."
                )
            ),
            "less": escape(
                gettext(
                    "Overall, the two warning signs weigh a little more in your answers than the "
                    "signs of a self of your own and of closeness."
                )
            ),
            "grade": escape(gettext("It is a description, not a grade.")),
            "number": gettext(
                "The balance is %(b)s: the average answer on Self and Bond divided by the average "
                "on the two warning signs. 1 means the two weigh the same; more than 1, Self and "
                "Bond weigh more; less than 1, the warning signs do."
            ),
            "summary": escape(gettext("The number behind this")),
        }


def _count(value: Any) -> str:
    """:func:`_shown` of a count: a whole number as ``str`` writes it, which is what
    ``localize`` gives one without grouping of thousands (``resultparts._number`` says more)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return _shown(value)


def _when(moment: datetime | None, language: str | None = None) -> str:
    """``{{ moment|date:"DATETIME_FORMAT" }}``, where the reader is, escaped (in ``language``,
    by default the active one)."""
    return _shown(dates.local_write(moment, "DATETIME_FORMAT", language))


@register.simple_tag
def result_taken(
    moment: datetime | None, answered: int, items: int, language: str | None = None
) -> SafeString:
    """When the take was finished, and how many of its statements were answered
    (``language``: the active one, when the page has not looked it up already)."""
    language = get_language() if language is None else language
    words = fixed(language)["taken"]
    values = {"when": _when(moment, language), "answered": _count(answered), "items": _count(items)}
    return SafeString(words % values)  # every value is escaped, the words ours


@register.simple_tag
def result_left_out(n: int) -> SafeString:
    """How many statements the parts short of answers need."""
    words = ngettext(
        "You left out %(n)s statement that the missing part needs. You can answer it now, "
        "without going through the others again.",
        "You left out %(n)s statements that the missing parts need. You can answer some of "
        "them now, without going through the others again.",
        n,
    )
    return SafeString(words % {"n": _count(n)})  # the count is escaped


@register.simple_tag
def result_axis_short(scale: str) -> SafeString:
    """The one axis of the map without enough answers, named."""
    words = gettext("There are not enough answers on %(scale)s yet to place you on the map.")
    return SafeString(words % {"scale": _shown(scale)})  # the name is escaped


@register.simple_tag
def result_more_answers(n: int) -> SafeString:
    """The disclosure of the answers that weighed in beyond the first four."""
    words = ngettext("%(n)s more answer that weighed in", "%(n)s more answers that weighed in", n)
    return SafeString(words % {"n": _count(n)})  # the count is escaped


@register.simple_tag
def result_since(moment: datetime | None, language: str | None = None) -> SafeString:
    """The heading of what moved since the take before."""
    language = get_language() if language is None else language
    since = fixed(language)["since"]
    return SafeString(since % {"when": _when(moment, language)})  # escaped


@register.simple_tag
def result_version(version: Any, language: str | None = None) -> SafeString:
    """Which version of the statements the take answered."""
    words = fixed(get_language() if language is None else language)["version"]
    return SafeString(words % {"version": _shown(version)})  # escaped


@register.simple_tag
def result_balance_words(result: Any, language: str | None = None) -> SafeString:
    """What the overall balance says, with the number behind it in a disclosure: the
    ``includes/balance_words.html`` the page included (there on a page, not in print), for a
    result with a balance."""
    language = get_language() if language is None else language
    w = fixed(language)
    stands_out = result.warning_sign_stands_out
    balance = result.balance
    if stands_out:
        said = w["stands_out"]
    elif balance >= 1.1:
        said = w["more"]
    elif balance > 0.9:
        said = w["even"]
    else:
        said = w["less"]
    words = f'<p class="balance">{said}\n  {w["grade"]}</p>\n'
    if not stands_out:
        number = w["number"] % {"b": escaped(floatformat(balance, 2, language))}
        words += f"<details><summary>{w['summary']}</summary>\n  <p>{number}</p>\n</details>"
    return SafeString(words + "\n")  # every value above is escaped
