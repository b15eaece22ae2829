"""The couple view's lists and tables, drawn in Python.

The couple view (and its report) shows four scales side by side, the statements the two
answered furthest apart, how each sees the other scale by scale, what moved since last time
and the suggested practices and questions. Drawn through Django's template engine, these rows
were most of the page's own time (a nested loop to find the partner's score for each scale,
a filter chain for every number, a translated quotation mark four times a statement: issue
15's tenth pass, docs/performance-passes.md). Here each list is written as a string, every value
escaped as the template escaped it, names isolated by the ``|isolate`` filter's own function,
fixed words translated as they are drawn: the same markup as the template they replaced, byte
for byte (``tests/web/test_couple_lists.py``, against
``tests/web/reference/couple_view_body.html``). Nothing is kept between views.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, pgettext

from interdepend.core.instrument import Instrument, load_builtin
from interdepend.web.assessment.selectors import INVENTORY_IDS, inventory
from interdepend.web.couple import selectors
from interdepend.web.couple.templatetags.couplewords import said
from interdepend.web.frame.keptwords import keep_escaped, kept_escaped
from interdepend.web.frame.numbers import whole
from interdepend.web.frame.templatetags.usertext import isolate

register = template.Library()

#: The change a line under "Since last time" is written for.
MOVED = ("up", "down")


def _escaped(text: Any) -> str:
    """``conditional_escape(text)``: the kept form of a plain string among the inventory's, the
    form's and the library's words (``frame.keptwords``, filled by :func:`keep_escaped_words`
    as a worker starts), else escaped here. A safe string (``__html__``) or a lazy one equal to
    a kept word is written as ``conditional_escape`` writes it, not as the word. A view escaped
    some forty of them, about a microsecond each (issue 15's twenty-first pass)."""
    kept = kept_escaped(text)
    return conditional_escape(text) if kept is None else kept


def _words_of(instrument: Instrument) -> list[str]:
    """What of an instrument the lists write: its scales' names, its statements and their ids,
    and its answers' words."""
    words = [scale.name for scale in instrument.scales]
    words += [word for item in instrument.items for word in (item.id, item.text)]
    return words + [anchor.label for anchor in instrument.response_scale.anchors]


def keep_escaped_words(language: str | None) -> None:
    """Keep escaped (``frame.keptwords``) the words of every version of the inventory and of the
    form on how each sees the other in ``language``, and of the library's practices and
    questions for two kept for it (``selectors.keep_suggestions_for_two``, filled first)."""
    if language is None:
        return
    words = _words_of(load_builtin(selectors.PERCEPTION_ID, language))
    for instrument_id in INVENTORY_IDS:
        words += _words_of(inventory(instrument_id, language))
    for suggestions in selectors.keep_suggestions_for_two(language):
        words += [word for p in suggestions.practices for word in (p.title, p.text)]
        words += [prompt.text for prompt in suggestions.prompts]
    keep_escaped(words)


def _whole(value: float | None, language: str | None) -> str:
    """``{{ value|floatformat:0|default:"—" }}``: :func:`~interdepend.web.frame.numbers.whole`,
    a dash for nothing written (``tests/web/test_couple_lists.py`` holds it to the filter)."""
    return whole(value, language) or "—"


@register.simple_tag
def couple_scale_rows(view: Any, language: str | None = None) -> SafeString:
    """The rows of the table of both partners' scales (the map's numbers), in ``language`` (by
    default the request's)."""
    if language is None:
        language = get_language()
    theirs = view.theirs.scales
    rows = []
    for s in view.mine.scales:
        other = "".join(_whole(o.score, language) for o in theirs if o.scale_id == s.scale_id)
        rows.append(
            f'\n    <tr><th scope="row">{_escaped(s.name)}</th>'
            f"<td>{_whole(s.score, language)}</td><td>{other}</td></tr>\n  "
        )
    return SafeString("".join(rows))  # every value is escaped above


@register.simple_tag
def couple_differences(view: Any, for_print: Any = False, care: Any = False) -> SafeString:
    """The statements the two answered furthest apart, as list items, each with a way to talk
    it through on the page (not in the report, nor in her view while it takes care)."""
    talk = not for_print and not care
    return SafeString(  # every value is escaped where it is written
        differences(
            view,
            address=escape(reverse("daily:talk_it_through")) if talk else "",
            talk=escape(gettext("Talk it through together")) if talk else "",
            opening=escape(pgettext("opening quotation mark", "“")),
            closing=escape(pgettext("closing quotation mark", "”")),
            names=(isolate(view.me.display_name), isolate(view.partner.display_name)),
        )
    )


def differences(
    view: Any, *, address: str, talk: str, opening: str, closing: str, names: tuple[str, str]
) -> str:
    """:func:`couple_differences` with its fixed words, address and the two isolated names
    given: the couple page takes the words from those it keeps per language
    (``couplepage._page_words``) and isolates the names once a view. No link without ``talk``."""
    me, partner = names
    items = []
    for d in view.discussion:
        item_id, text = _escaped(d.item_id), _escaped(d.text)
        quoted = f"{opening}{text}{closing}"
        link = (
            f'<br><a class="tap" href="{address}?statement={item_id}">{talk}'
            f'<span class="visually-hidden">: {quoted}</span></a>'
            if talk
            else ""
        )
        items.append(
            f'\n  <li><span id="differ-{item_id}">{quoted}</span><br><span class="hint">'
            f"{me}: {_escaped(d.label_a)} · {partner}: "
            f"{_escaped(d.label_b)}</span>{link}</li>\n"
        )
    return "".join(items)


@register.simple_tag
def couple_gap_rows(gaps: Iterable[Any], language: str | None = None) -> SafeString:
    """The rows of one partner's table of how each sees them, in ``language`` (by default the
    request's)."""
    if language is None:
        language = get_language()
    return SafeString(  # every value is escaped
        "".join(
            f'<tr><th scope="row">{_escaped(g.name)}</th>'
            f"<td>{_whole(g.self_view, language)}</td>"
            f"<td>{_whole(g.partner_view, language)}</td></tr>"
            for g in gaps
        )
    )


@register.simple_tag
def couple_changes(name: str, change: Any, language: str | None = None) -> SafeString:
    """The scales of one partner that moved up or down since their shared result before, as
    list items; nothing without a change. In ``language``, by default the request's."""
    if not change:
        return SafeString("")  # (empty)
    if language is None:
        language = get_language()
    who = isolate(name)
    return SafeString(  # every value is escaped
        "".join(
            f"<li>{who}, {_escaped(c.name)}: "
            f"{whole(c.before, language)} → {whole(c.after, language)}</li>"
            for c in change.scales
            if c.trend in MOVED
        )
    )


@register.simple_tag
def couple_practices(suggestions: Any) -> SafeString:
    """The practices suggested for the two, each a card."""
    return SafeString(  # every value is escaped
        "".join(
            f'<div class="card"><h3>{_escaped(p.title)}</h3><p>{_escaped(p.text)}</p></div>'
            for p in suggestions.practices
        )
    )


@register.simple_tag
def couple_prompts(suggestions: Any) -> SafeString:
    """The questions to share, as list items (the ``<ul>`` is the template's)."""
    return SafeString(  # every value is escaped
        "".join(f"<li>{_escaped(q.text)}</li>" for q in suggestions.prompts)
    )


def _names(view: Any, names: tuple[str, str] | None) -> tuple[str, str]:
    """``names`` (the two isolated, the reader's first, as the couple page hands them down), or
    the two isolated here."""
    if names is not None:
        return names
    return isolate(view.me.display_name), isolate(view.partner.display_name)


@register.simple_tag
def couple_sign_differences(
    view: Any, language: str | None = None, names: tuple[str, str] | None = None
) -> SafeString:
    """The warning signs that tell the two apart, as list items: whose answers show each (as
    ``couple/_sign_difference.html`` said it, with the names the other way round for a sign in
    the partner's answers). ``names``: the two isolated, when the caller has them."""
    me, partner = _names(view, names)
    items = []
    for d in view.pattern.differences:
        a, b = (me, partner) if d.in_a else (partner, me)
        words = {"sign": _escaped(d.name), "a": a, "b": b}
        sentence = said("sign_near" if d.near_line else "sign", language)
        items.append(f"\n    <li>{sentence % words}\n</li>\n  ")
    return SafeString("".join(items))  # every value is escaped above


@register.simple_tag
def couple_strengths(view: Any, language: str | None = None) -> SafeString:
    """What both bring, as list items."""
    items = []
    for p in view.strengths:
        sentence = said("strong_axis" if p.kind == "axis" else "strong_sign", language)
        items.append(f"\n  <li>{sentence % {'n': _escaped(p.name)}}</li>\n")
    return SafeString("".join(items))  # every value is escaped above


@register.simple_tag
def couple_growth(
    view: Any, language: str | None = None, names: tuple[str, str] | None = None
) -> SafeString:
    """Where the two can grow, as list items: for both, or for the one it shows in (as
    ``couple/_growth_one.html`` said it). ``names``: the two isolated, when the caller has
    them."""
    items = []
    for p in view.growth:
        name = _escaped(p.name)
        axis = p.kind == "axis"
        if p.grow_a and p.grow_b:
            shown = said("grow_both_axis" if axis else "grow_both_sign", language) % {"n": name}
        else:
            who: str
            if names is None:
                who = isolate(view.me.display_name if p.grow_a else view.partner.display_name)
            else:
                who = names[0] if p.grow_a else names[1]
            sentence = said("grow_one_axis" if axis else "grow_one_sign", language)
            shown = sentence % {"n": name, "who": who}
        items.append(f"\n  <li>{shown}</li>\n")
    return SafeString("".join(items))  # every value is escaped above
