"""One's own result page's lists and tables, drawn in Python.

The result page shows each scale with its score, a meter and how many statements it rests on,
what each scale means, the answers that shaped the result, what moved since the take before
and the practices to try. Drawn through Django's template engine, these rows were most of the
page's own time (a translated phrase with numbers for every scale, two translated quotation
marks for every answer quoted, a filter chain for every score: issue 15's tenth pass,
docs/performance-passes.md). Here each is written as a string, every value escaped as the template
escaped it (``frame.formrender.escaped``: ``conditional_escape`` without its checks for lazy
texts), numbers written the language's way as the template wrote them (``localize``, and
``floatformat`` through ``frame.numbers``), every fixed word looked up once per language (the
same for everyone, made as a worker starts: :func:`_fixed`): the same markup as the template
they replaced, byte for byte (``tests/web/test_result_parts.py``, against
``tests/web/reference/results.html``). Nothing of anyone is kept between views.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext, override, pgettext

from interdepend.web.frame import addresses
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.formrender import escaped
from interdepend.web.frame.keptwords import keep_escaped, kept_escaped
from interdepend.web.frame.numbers import whole
from interdepend.web.frame.publicid import PUBLIC_ID_PATTERN
from interdepend.web.frame.warmup import worker_starting

register = template.Library()

#: The result page's addresses that hold its take's id: the map, the page of statements left
#: out and the PDF. Their parts around the id are kept per map of addresses.
TAKE_ADDRESSES = ("assessment:map", "assessment:left_out", "assessment:report")
_SHAPE = re.compile(PUBLIC_ID_PATTERN)


@functools.cache
def _around(name: str, prefix: str, urlconf: object) -> tuple[str, str]:
    """The parts of the address ``name`` before and after a take's id, for a map of addresses
    (its prefix and URL map): the same for everyone, made as a worker starts (:func:`_warm`).
    A take's id has a fixed shape that its address holds as it is (``<pid:…>``)."""
    parts = addresses.around(name)
    if parts is None:  # each holds one take's id: a changed map says so as a worker starts
        raise ValueError(f"{name} does not hold one take's id")
    return parts


@register.simple_tag
def take_url(name: str, public_id: str) -> str:
    """``{% url name public_id %}`` for one of :data:`TAKE_ADDRESSES` (escaped by the template
    as ``{% url %}`` escaped it): the kept parts around the id, where ``reverse`` walked the
    URL map on each view (30-40 µs an address inside the page; issue 15's fourteenth pass). An
    id of another shape, or another name, is reversed as before (and refused as before)."""
    if name not in TAKE_ADDRESSES or not _SHAPE.fullmatch(public_id):
        return reverse(name, args=[public_id])
    before, after = _around(name, get_script_prefix(), url_map())
    return f"{before}{public_id}{after}"


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): makes the
    parts of the take's addresses and the fixed words of the page's parts (these here, the
    sentences of ``resultwords`` and the map's description), the scales' meanings
    (:data:`_MEANINGS`), escapes the inventory's and
    the library's own words (:func:`_keep_escaped`) and picks the library's suggestions for every
    set of growth areas (``selectors.keep_suggestions``), so that no first view does."""
    from interdepend.web.assessment.selectors import keep_suggestions, map_words
    from interdepend.web.assessment.templatetags import resultwords

    prefix, urlconf = get_script_prefix(), url_map()
    for name in TAKE_ADDRESSES:
        _around(name, prefix, urlconf)
    language = get_language()
    _fixed(language), resultwords.fixed(language), map_words(language)
    _keep_escaped(language)
    _keep_meanings(language)
    keep_suggestions(language)


def _keep_escaped(language: str | None) -> None:
    """Keep the inventory's and the library's own words in ``language`` escaped
    (``frame.keptwords``): the statements, their answers' labels, the scales' names and
    meanings, the dynamics' names and descriptions, the practices and the questions. The page
    escaped some fifty of them on every view (about 0.5 µs each in a loop; issue 15's
    nineteenth pass)."""
    if language is None:  # translation switched off: nothing kept, each word escaped as drawn
        return
    from interdepend.core.content import load_practices, load_prompts
    from interdepend.web.assessment.selectors import INVENTORY_IDS, inventory

    texts: list[str] = []
    for version in INVENTORY_IDS:
        instrument = inventory(version, language)
        texts += (item.text for item in instrument.items)
        texts += (anchor.label for anchor in instrument.response_scale.anchors)
        for scale in instrument.scales:
            texts += (scale.name, scale.description)
        for rule in instrument.dynamics:
            texts += (rule.name, rule.description)
        texts += (instrument.not_a_diagnosis, instrument.scoring.unscored_description)
    texts += (prompt.text for prompt in load_prompts(language=language))
    for practice in load_practices(language=language):
        texts += (practice.title, practice.text)
    keep_escaped(texts)


def shown(value: Any) -> str:
    """``{{ value }}``: :func:`~interdepend.web.frame.formrender.escaped`, with the
    inventory's and the library's own words taken escaped from ``frame.keptwords`` (any other
    value, or a text marked safe, escaped as it is drawn)."""
    kept = kept_escaped(value)
    return str(escaped(value)) if kept is None else kept


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-result-addresses")


def _number(value: Any) -> str:
    """A value put into a translated phrase, as ``{% blocktranslate %}`` puts it. A whole
    number is written as ``str`` writes it: ``localize`` gives one nothing else without
    grouping of thousands (``numberformat.format``'s own fast path, reached after it has looked
    the language's formats up: about 5 µs a number; issue 15's eighteenth pass)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return str(escaped(localize(value)))


@functools.lru_cache(maxsize=16)
def _fixed(language: str | None) -> dict[str, str]:
    """The fixed words of the parts below in ``language``, escaped where the template escaped
    them: the same for everyone, nothing of anyone. Looked up once per language and made for
    every language as a worker starts (:func:`_warm`), where each view looked up about twenty
    (issue 15's eighteenth pass)."""
    with override(language):  # its own words, whichever language is active
        return {
            "not_scored": escape(gettext("not scored")),
            "protective": '<br><span class="hint protective">'
            + escape(gettext("Some of these answers may be ways of keeping yourself safe."))
            + "</span>",
            "counted": gettext("%(a)s of %(n)s"),
            "meanings": escape(gettext("What each scale means")),
            "opening": escape(pgettext("opening quotation mark", "“")),
            "closing": escape(pgettext("closing quotation mark", "”")),
            "cannot": escape(gettext("cannot compare (not enough answers one time)")),
            "steady": gettext("about the same (%(v)s)"),
            "moved": gettext("from %(b)s to %(v)s"),
            "two": f" · {escape(gettext('for the two of you'))}",
            "minutes": gettext("About %(m)s minutes"),
        }


@register.simple_tag
def result_scale_rows(view: Any, language: str | None = None) -> SafeString:
    """The rows of the table of the result's scales (``language``: the active one, when the
    page has not looked it up already)."""
    language = get_language() if language is None else language
    w = _fixed(language)
    not_scored, protective, counting = w["not_scored"], w["protective"], w["counted"]
    rows = []
    for s in view.result.scales:
        score: str
        if s.score is None:
            score = not_scored
        else:
            written = whole(s.score, language)
            sign = ' class="sign" optimum="0"' if s.kind == "pole" else ""
            score = (
                f'<meter{sign} min="0" max="100" value="{written}" aria-hidden="true"></meter> '
                f"{written}"
            )
        counted = counting % {"a": _number(s.answered), "n": _number(s.items)}
        short = ""
        if s.missing_reason:
            needs = ngettext(
                "A score needs at least %(needed)s answered statement.",
                "A score needs at least %(needed)s answered statements.",
                s.needed,
            ) % {"needed": _number(s.needed)}
            short = f'<br><span class="hint">{needs}</span>'
        own = protective if view.self_protection and s.scale_id == "enmeshment" else ""
        rows.append(
            f'\n      <tr><th scope="row">{shown(s.name)}</th>\n'
            f'        <td class="score">{score}</td>\n'
            f"        <td>{counted}{short}{own}</td></tr>\n      "
        )
    return SafeString("".join(rows))  # every value is escaped above


#: :func:`scale_meanings` of each version of the inventory in each language, by the
#: instrument's identity (each entry keeps its instrument, so no other can take its id): its
#: own words only, the same for everyone, nothing of anyone. Made for every language as a
#: worker starts (:func:`_warm`), never on a view; the block escaped each scale's name and
#: meaning on every view (sixteen texts; issue 15's twenty-seventh pass).
_MEANINGS: dict[tuple[int, str], tuple[Any, SafeString]] = {}


@register.simple_tag
def scale_meanings(instrument: Any, language: str | None = None) -> SafeString:
    """What each of the instrument's scales means, in a disclosure (nothing without scales):
    kept for the inventory's versions (:data:`_MEANINGS`), written for any other instrument."""
    language = get_language() if language is None else language
    kept = _MEANINGS.get((id(instrument), language)) if language is not None else None
    if kept is not None and kept[0] is instrument:
        return kept[1]
    return _scale_meanings(instrument, language)


def _keep_meanings(language: str | None) -> None:
    """Fill :data:`_MEANINGS` for ``language`` (nothing with translation switched off)."""
    if language is None:
        return
    from interdepend.web.assessment.selectors import INVENTORY_IDS, inventory

    for version in INVENTORY_IDS:
        instrument = inventory(version, language)
        _MEANINGS[id(instrument), language] = (instrument, _scale_meanings(instrument, language))


def _scale_meanings(instrument: Any, language: str | None) -> SafeString:
    """:func:`scale_meanings` written afresh."""
    scales = list(instrument.scales)
    if not scales:
        return SafeString("")  # (empty)
    items = "".join(
        f"\n  <dt>{shown(s.name)}</dt><dd>{shown(s.description)}</dd>\n" for s in scales
    )
    summary = _fixed(language)["meanings"]
    return SafeString(  # every value is escaped
        f"<details><summary>{summary}</summary><dl>{items}</dl></details>"
    )


@register.simple_tag
def result_drivers(
    drivers: Iterable[Any], quoted_language: str, indent: int, language: str | None = None
) -> SafeString:
    """The answers that shaped the result, as list items, each quoted as it was answered (in
    its own language when that is not the page's), indented ``indent`` spaces as the template
    indented them."""
    w = _fixed(get_language() if language is None else language)
    opening, closing = w["opening"], w["closing"]
    lang = f' lang="{escaped(quoted_language)}"' if quoted_language else ""
    before, after = "\n" + " " * indent, "\n" + " " * (indent - 2)
    return SafeString(  # every value is escaped
        "".join(
            f"{before}<li>{opening}<span{lang}>{shown(d.text)}</span>{closing} — "
            f"<strong>{shown(d.answer_label)}</strong></li>{after}"
            for d in drivers
        )
    )


@register.simple_tag
def result_changes(change: Any, language: str | None = None) -> SafeString:
    """Each scale's move since the take before, as list items."""
    language = get_language() if language is None else language
    w = _fixed(language)
    cannot, steady, moving = w["cannot"], w["steady"], w["moved"]
    items = []
    for c in change.scales:
        moved: str
        if c.trend == "unknown":
            moved = cannot
        else:
            after = whole(c.after, language)
            if c.trend == "steady":
                moved = steady % {"v": after}
            else:
                before = whole(c.before, language)
                moved = moving % {"b": before, "v": after}
        items.append(f"\n    <li>{shown(c.name)}: {moved}</li>\n  ")
    return SafeString("".join(items))  # every value is escaped above


@register.simple_tag
def result_practices(suggestions: Any, language: str | None = None) -> SafeString:
    """The practices to try, each a card with how long it takes and whether it is for two."""
    w = _fixed(get_language() if language is None else language)
    two, minutes = w["two"], w["minutes"]
    return SafeString(  # every value is escaped
        "".join(
            f'\n    <article class="card"><h3>{shown(p.title)}</h3>'
            f"<p>{shown(p.text)}</p>\n"
            f'      <p class="hint">'
            f"{minutes % {'m': _number(p.minutes)}}"
            f"{two if p.together else ''}</p></article>\n    "
            for p in suggestions.practices
        )
    )


@register.simple_tag
def result_prompts(suggestions: Any) -> SafeString:
    """The questions to sit with, as list items."""
    return SafeString(  # every value is escaped
        "".join(f"<li>{shown(q.text)}</li>" for q in suggestions.prompts)
    )
