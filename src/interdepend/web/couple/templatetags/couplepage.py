"""The couple view's content block, its body (shared with the couple report) and the card for
sharing one's latest result, drawn in Python.

Through the template engine the block was about a millisecond of the page's own time, the
include of its body (``couple/_view_body.html``) most of it: sixty-odd nodes, twenty-odd fixed
sentences and nine addresses looked up again on every view, around the lists and sentences
already written in Python (``couplelists``, ``couplewords``; issue 15's fifteenth pass,
docs/performance-passes.md). Here the whole of it is one string: the fixed words and addresses, with
the markup between them, are written once per language and URL map (:func:`_page_words`) and
made for every language as a worker starts (:func:`_warm`), never on a view; they hold nothing
of anyone. Everything of a person (names, dates, scores, statements, her talk items, the
token and the partnership's mark of a form) is written on each view, escaped as the templates
escaped it, names isolated by the ``|isolate`` filter's own function. Nothing is kept between
views.

The same markup as the templates they replaced, byte for byte: the page against
``tests/web/reference/couple/couple.html`` (``tests/web/test_couple_page_words.py``,
``tests/web/test_couple_page_drawn.py``), the body on the page, in her view while it takes care
and in the report against ``tests/web/reference/couple_view_body.html``
(``tests/web/test_couple_lists.py``), the card against
``tests/web/reference/couple/share_latest.html``.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from typing import Any

from django import template
from django.template.context import Context
from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, pgettext

from interdepend.core.dyad import BOTH_FORMING_NOTHING_LOW, PATTERN_TEXT
from interdepend.web.couple.templatetags import couplelists, couplewords
from interdepend.web.frame import dates
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.templatetags.formfields import csrf_input
from interdepend.web.frame.warmup import worker_starting
from interdepend.web.partners.ended import mark_field
from interdepend.web.partners.models import Partnership

register = template.Library()


def _translated(value: object) -> str:
    """``{% translate value %}`` of a variable (the pattern's name and description): looked up
    as Django's tag looks a variable's text up (a percent sign doubled for the lookup and
    single again once written), then escaped."""
    text = str(value)
    return str(conditional_escape(gettext(text.replace("%", "%%")))).replace("%%", "%")


#: The names and descriptions a couple's pattern can have (``core.dyad``), each kept per
#: language in :func:`_page_words` as :func:`_translated` writes it, under this mark.
PATTERN_TEXTS = (
    *(text for pair in PATTERN_TEXT.values() for text in pair),
    BOTH_FORMING_NOTHING_LOW,
)
PATTERN = "pattern "


def _pattern_said(w: dict[str, str], text: object) -> str:
    """:func:`_translated` of a pattern's name or description, from the page's kept words
    (``w``) when it is one of :data:`PATTERN_TEXTS`, else looked up on the view."""
    kept = w.get(PATTERN + str(text))
    return _translated(text) if kept is None else kept


@functools.lru_cache(maxsize=16)
def _page_words(language: str | None, prefix: str, urlconf: str | None) -> dict[str, str]:
    """The couple view's fixed words and addresses in ``language``, as ``{% translate %}``
    (our words as they are) and ``{% url %}`` (escaped) wrote them, with the markup around
    them: the same for everyone, nothing of anyone. Kept per language and URL map
    (``prefix``, ``urlconf``: the addresses depend on them). Made for every language as a
    worker starts (:func:`_warm`), never on a view."""

    def url(name: str) -> str:
        return str(conditional_escape(reverse(name)))

    def head(words: str) -> str:
        return f"<h2>{words}</h2>\n"

    partners_view = gettext("Partner's view")
    gap_table = (
        f'<table><thead><tr><th scope="col">{gettext("Scale")}</th>'
        f'<th scope="col">{gettext("Own view")}</th>'
        f'<th scope="col">{partners_view}</th>'
        "</tr></thead>\n<tbody>"
    )
    return {
        "close_apart": "<p>"
        + gettext(
            "No warning sign tells you apart: one of you is just over the line the app draws "
            "for “Interdependent”, and the other is a few points short of it."
        )
        + "</p>",
        "figure": (
            f'<figure class="map"><img src="{url("couple:map")}" width="400" height="410" '
            'aria-describedby="couple-scales-head couple-scales-body"\n  alt="'
        ),
        "figure_end": (
            '">\n  <figcaption class="hint">'
            + gettext("Across: a life and a voice of your own. Up: turning toward each other.")
            + "</figcaption></figure>"
        ),
        "table": (
            '\n\n<table id="couple-scales">\n  <caption class="visually-hidden">'
            + gettext("The numbers of the map of Self and Bond")
            + '</caption>\n  <thead id="couple-scales-head"><tr><th scope="col">'
            + gettext("Scale")
            + '</th><th scope="col">'
        ),
        "strengths": "\n" + head(gettext("What you both bring")),
        "no_strength_growth": "<p>"
        + gettext(
            "No scale is strong for both of you yet. That makes the growth areas below a good "
            "shared place to start."
        )
        + "</p>\n",
        "no_strength": "<p>" + gettext("No scale is strong for both of you yet.") + "</p>",
        "growth": "\n\n" + head(gettext("Where you can grow together")),
        "no_growth": "<p>" + gettext("Nothing stands out. Keep doing what works.") + "</p>",
        "talk": "\n\n" + head(gettext("Things to talk about")),
        "talk_hint": '\n<p class="hint">'
        + gettext(
            "The statements where your answers were furthest apart. A difference is a door to a "
            "conversation, not a score."
        )
        + "</p>\n<ul>",
        "talk_versions": "<p>"
        + gettext(
            "One of you answered an earlier version of the statements, so they cannot be set "
            "side by side one by one. The scales above compare as usual; a fresh take by the one "
            "on the earlier version brings this part back."
        )
        + "</p>\n",
        "talk_within": "<p>"
        + gettext("You answered every statement within a step of each other.")
        + "</p>",
        "seen": "\n\n" + head(gettext("How you see each other")),
        "gap_table": gap_table,
        "no_gaps": "<p>"
        + gettext(
            "When each of you fills in the short form about how you see the other, the two views "
            "appear here side by side."
        )
        + "</p>\n",
        "dash": '<p class="hint">'
        + gettext(
            "A dash (—) means there are not enough answers yet to give a number there, for "
            "example before the other has filled in the short form."
        )
        + "</p>",
        "curious": '\n<p class="hint">'
        + gettext(
            "A gap between how you see yourself and how your partner sees you is something to be "
            "curious about together. Neither view is the right one."
        )
        + "</p>\n\n",
        "since": "\n" + head(gettext("Since last time")) + "<ul>\n",
        "care": (
            '\n<section class="card safety" aria-labelledby="care-heading">\n'
            f'  <h2 id="care-heading">{gettext("Your safety comes first")}</h2>\n  <p>'
            + gettext(
                "Your latest answers about feeling safe with your partner raised a concern, so "
                "your own view leaves out exercises and conversations for the two of you. Your "
                "partner's view has not changed, and nobody is told."
            )
            + "</p>\n  "
        ),
        "care_link": (
            f'<p><a href="{url("frame:safety")}">'
            + gettext("More on staying safe, and on a device someone else may see")
            + "</a></p>"
        ),
        "practices": "\n" + head(gettext("Practices for the two of you")),
        "prompts": f"\n<h3>{gettext('Questions to share')}</h3>\n<ul>",
        # The page around the body.
        "h1": f"\n<h1>{gettext('Our couple view')}</h1>\n",
        "notice": '\n<p class="notice">'
        + gettext(
            "This describes how each of you answered. It is not a diagnosis and not a clinical "
            "instrument, and where it draws the line between a little and a lot is still being "
            "checked."
        )
        + '</p>\n<div class="actions">\n  <a class="button" href="'
        + url("couple:report")
        + '">'
        + gettext("Download the couple report (PDF)")
        + '</a>\n  <a href="'
        + url("couple:perception")
        + '">',
        "update_seen": gettext("Update how you see your partner"),
        "say_seen": gettext("Say how you see your partner"),
        "say_seen_12": gettext("Say how you see your partner (12 short statements)"),
        "perception": url("couple:perception"),
        "talks": (
            '\n<section aria-labelledby="talks-heading">\n'
            f'  <h2 id="talks-heading">{gettext("Questions you chose to talk about")}</h2>\n'
            '  <ul class="talk-list">'
        ),
        "talk_through": url("daily:talk_it_through"),
        "talk_it_through": gettext("Talk it through"),
        "mine": (
            '\n<section class="card" aria-labelledby="mine-heading">\n'
            f'  <h2 id="mine-heading">{gettext("Your part")}</h2>\n  '
        ),
        "no_result": (
            "\n    <p>"
            + gettext(
                "Finish the inventory first; then you can choose whether to share your result."
            )
            + f'</p>\n    <p><a href="{url("assessment:overview")}">'
            + gettext("Go to the inventory")
            + "</a></p>\n  "
        ),
        "withdraw": f'</p>\n    <form method="post" action="{url("couple:withdraw")}">',
        "withdraw_button": (
            f'<button type="submit" class="secondary">{gettext("Stop sharing it")}</button>'
            "</form>\n  "
        ),
        "stop": (
            f'\n  <p><a href="{url("couple:stop_sharing")}">'
            + gettext("Choose what to stop sharing")
            + "</a></p>\n</section>\n"
        ),
        # The card for sharing one's latest result (``couple/_share_latest.html``).
        "share_sees": (
            "\n<p>"
            + gettext(
                "Your partner will then see your scales, with any warning sign that is strong in "
                "your answers named as yours, your place on the map, and, word for word, your "
                "answers to the few statements where the two of you answered furthest apart (at "
                "most five)."
            )
            + f'</p>\n<form method="post" action="{url("couple:reveal")}">'
        ),
        "share_button": (
            f'<button type="submit">{gettext("Share my latest result")}</button></form>\n'
        ),
        "talk_together": escape(gettext("Talk it through together")),
        "opening": escape(pgettext("opening quotation mark", "“")),
        "closing": escape(pgettext("closing quotation mark", "”")),
        # The pattern's name and description, as the view body wrote each (issue 15's
        # nineteenth pass: about 12 µs a view looked up and escaped).
        **{PATTERN + text: _translated(text) for text in PATTERN_TEXTS},
    }


def _words(language: str | None = None) -> dict[str, str]:
    """The page's kept words in ``language`` (by default the request's)."""
    if language is None:
        language = get_language()
    return _page_words(language, get_script_prefix(), url_map())


def view_body(
    view: Any,
    *,
    for_print: bool = False,
    care: bool = False,
    map: Any = None,  # noqa: A002
    language: str | None = None,
    words: dict[str, str] | None = None,
    names: tuple[str, str] | None = None,
) -> str:
    """``couple/_view_body.html`` as it was (``tests/web/reference/couple_view_body.html``):
    the pattern, the map (its image on the page, the chart itself in the report), the scales,
    what both bring, where to grow, what to talk about, how each sees the other, what moved
    since last time, and the practices and questions (or, in her view while it takes care, the
    card saying why they are left out). In ``language``, by default the request's: the couple
    page asks for it once and passes it in, and so does every part drawn here, with its kept
    ``words`` (:func:`_words` in that language), and the two names isolated
    (``couplewords.names_of``), which every part that names the two takes from it."""
    if language is None:
        language = get_language()
    w = _words(language) if words is None else words
    pattern = view.pattern
    out = [
        '\n<section aria-labelledby="pattern-heading">\n  <h2 id="pattern-heading">',
        _pattern_said(w, pattern.name),
        "</h2>\n  <p>",
        _pattern_said(w, pattern.description),
        "</p>\n  ",
    ]
    me, partner = couplewords.names_of(view) if names is None else names
    if pattern.differences:
        sentences = couplelists.couple_sign_differences(view, language, (me, partner))
        out += ["<ul>", sentences, "</ul>\n  "]
    elif pattern.pattern == "close_apart" and "interdependent" in pattern.dynamics:
        out.append(w["close_apart"])
    out.append("\n</section>\n\n")
    alt = couplewords.couple_map_alt(view, language)
    if for_print:
        if map:
            out.append(get_template("reports/_map.html").render({"map": map, "alt": alt}))
        out.append("\n")
    else:
        out += [w["figure"], alt, w["figure_end"]]
    out += [
        w["table"],
        me,
        '</th><th scope="col">',
        partner,
        '</th></tr></thead>\n  <tbody id="couple-scales-body">',
        couplelists.couple_scale_rows(view, language),
        "</tbody>\n</table>\n",
        w["strengths"],
    ]
    if view.strengths:
        out += ["<ul>", couplelists.couple_strengths(view, language), "</ul>\n"]
    elif view.growth:
        out.append(w["no_strength_growth"])
    else:
        out.append(w["no_strength"])
    out.append(w["growth"])
    if view.growth:
        out += ["<ul>", couplelists.couple_growth(view, language, (me, partner)), "</ul>\n"]
    else:
        out.append(w["no_growth"])
    out.append(w["talk"])
    if view.discussion:
        out += [
            w["talk_hint"],
            couplelists.differences(
                view,
                address="" if for_print or care else w["talk_through"],
                talk="" if for_print or care else w["talk_together"],
                opening=w["opening"],
                closing=w["closing"],
                names=(me, partner),
            ),
            "</ul>\n",
        ]
    elif view.my_attempt.instrument_id != view.their_attempt.instrument_id:
        out.append(w["talk_versions"])
    else:
        out.append(w["talk_within"])
    out.append(w["seen"])
    for gaps, seen, seer in ((view.my_gaps, me, partner), (view.their_gaps, partner, me)):
        if gaps:
            out += [
                "\n<h3>",
                couplewords.seen_as(seen, seer, language),
                "</h3>\n",
                w["gap_table"],
                couplelists.couple_gap_rows(gaps, language),
                "</tbody></table>\n",
            ]
        out.append("\n")
    if not view.my_gaps and not view.their_gaps:
        out.append(w["no_gaps"])
    elif view.gaps_with_a_dash:
        out.append(w["dash"])
    out.append(w["curious"])
    if view.my_change or view.their_change:
        out += [
            w["since"],
            couplelists.couple_changes(view.me.display_name, view.my_change, language),
            "\n",
            couplelists.couple_changes(view.partner.display_name, view.their_change, language),
            "\n</ul>\n",
        ]
    out.append("\n\n")
    if care:
        out.append(w["care"])
        if not for_print:
            out.append(w["care_link"])
        out.append("\n</section>\n")
    else:
        out += [
            w["practices"],
            couplelists.couple_practices(view.suggestions),
            w["prompts"],
            couplelists.couple_prompts(view.suggestions),
            "</ul>\n",
        ]
    out.append("\n")
    return "".join(out)


@register.simple_tag(takes_context=True)
def couple_view_body(context: Context) -> SafeString:
    """``{% include "couple/_view_body.html" %}`` as it was, for the report (``view``,
    ``for_print``, ``care`` and ``map`` from its context)."""
    return SafeString(  # every value is escaped where it is written
        view_body(
            context["view"],
            for_print=bool(context.get("for_print")),
            care=bool(context.get("care")),
            map=context.get("map"),
        )
    )


def share_latest(
    context: Context,
    latest: Any,
    shared: Any,
    active: Any,
    language: str | None = None,
    words: dict[str, str] | None = None,
    names: tuple[str, str] | None = None,
) -> str:
    """``couple/_share_latest.html`` as it was (``tests/web/reference/couple/share_latest.html``):
    when her latest result was finished (and the older one she shared, if any), what her partner
    will then see, and the form that shares it, with its token and the partnership's mark. In
    ``language``, by default the request's, with its kept ``words`` as :func:`view_body`."""
    if language is None:
        language = get_language()
    w = _words(language) if words is None else words
    when = couplewords.day(latest.completed_at, language)
    if shared:
        said = gettext(
            "The couple view uses the result you shared from %(before)s. Your latest result is "
            "from %(when)s; sharing it puts it in the couple view instead of the older one. You "
            "can take it back at any time."
        ) % {"when": when, "before": couplewords.day(shared.completed_at, language)}
        first = f"<p>{said}</p>\n"
    else:
        said = gettext(
            "Your latest result is from %(when)s. Sharing it lets the couple view open once your "
            "partner shares too. You can take it back at any time."
        ) % {"when": when}
        first = f"<p>{said}</p>"
    # ``{% within_mark active %}``: the partnership of an ``ActivePartnership``, or one given.
    found = getattr(active, "partnership", active)
    partnership_id = found.pk if isinstance(found, Partnership) else found
    mark = mark_field(context.get("user"), partnership_id)
    return f"\n{first}{w['share_sees']}{csrf_input(context)}{mark}{w['share_button']}"


@register.simple_tag(takes_context=True)
def couple_share_latest(context: Context) -> SafeString:
    """``{% include "couple/_share_latest.html" %}`` as it was (``latest``, ``shared`` and
    ``active`` from its context): the partnership page's next step draws it."""
    return SafeString(  # every value is escaped where it is written
        share_latest(context, context["latest"], context.get("shared"), context.get("active"))
    )


def _talks(w: dict[str, str], talks: Sequence[Any], language: str | None) -> str:
    """Her questions to talk about that are not talked about yet, each with its day (in
    ``language``) and a way into talking it through."""
    through, words = w["talk_through"], w["talk_it_through"]
    today = timezone.localdate()  # once for the list, as each day was written against it
    items = [w["talks"]]
    for item in talks:
        day = item.day
        # Django's ``escape`` written out, as ``couplewords.day`` writes it (the texts are
        # joined into markup marked safe as a whole).
        shown = "" if day in (None, "") else html.escape(str(dates.month_day(day, today, language)))
        public_id = html.escape(str(item.public_id))
        items.append(
            f'\n    <li><p class="talk-question">{html.escape(str(item.question_text))}</p>\n'
            f'      <p class="talk-actions"><span class="hint">{shown}'
            "</span>\n"
            f'      <a href="{through}?item={public_id}">{words}</a></p></li>\n  '
        )
    items.append("</ul>\n</section>\n")
    return "".join(items)


@register.simple_tag(takes_context=True)
def couple_page(context: Context) -> SafeString:
    """The content block of ``couple/couple.html`` as it was
    (``tests/web/reference/couple/couple.html``): the view and its sentences while it is open
    (what opens it while not), her questions to talk about, and her part. The language is
    asked for once and passed to every part (each asked for it again, some twenty times a
    view: issue 15's nineteenth pass)."""
    language = get_language()
    w = _words(language)
    view, me = context["view"], context["me"]
    out = [w["h1"]]
    mine = ""  # her shown result's date, written once for the view and for her part
    if view:
        names = couplewords.names_of(view)
        mine = couplewords.day(view.my_attempt.completed_at, language)
        out += [
            '\n<p class="hint">',
            couplewords.couple_side_by_side(view, language, names),
            '</p>\n<p class="hint">',
            couplewords.couple_result_dates(view, language, names, mine),
            "</p>\n",
            view_body(
                view, care=bool(context.get("care")), language=language, words=w, names=names
            ),
            w["notice"],
            w["update_seen"] if me.perception else w["say_seen"],
            "</a>\n</div>\n",
        ]
    else:
        partner = context["active"].partner.display_name
        out += ["\n<p>", couplewords.couple_opens_when(partner, language), "</p>\n"]
    out.append("\n")
    talks = context.get("talks")
    if talks:
        out.append(_talks(w, talks, language))
    out.append(w["mine"])
    if not me.latest:
        out.append(w["no_result"])
    elif me.can_reveal:
        shared = share_latest(context, me.latest, me.revealed, context["active"], language, w)
        out += ["\n    ", shared, "\n  "]
    else:
        out += [
            "\n    <p>",
            couplewords.couple_shared_from(
                me.revealed.completed_at,
                language,
                mine if view and me.revealed is view.my_attempt else None,
            ),
            w["withdraw"],
            csrf_input(context),
            w["withdraw_button"],
        ]
    out.append("\n  ")
    if not view:
        seen = w["update_seen"] if me.perception else w["say_seen_12"]
        out.append(f'\n  <p><a href="{w["perception"]}">{seen}</a></p>\n  ')
    out.append(w["stop"])
    return SafeString("".join(out))  # every value is escaped where it is written


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``): the page's
    words, and the inventory's and the library's words the lists write, escaped, with the
    library's suggestions for two for every set of growth areas they are taken from
    (``couplelists.keep_escaped_words``), so that no first view makes them."""
    _words()
    couplelists.keep_escaped_words(get_language())


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-couple-page")
