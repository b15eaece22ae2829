"""One's own result page's content block, drawn in Python.

Through the template engine the block was the largest piece of the page's own time (about
1.2 ms of a warm view at load 7, issue 15's sixteenth pass, docs/performance-passes.md): some forty
nodes, two ``{% include %}``s (the dynamic's words, the help lines under a flagged take),
twenty-odd fixed sentences and up to five addresses looked up again on every view, around the
lists and sentences already written in Python (``resultparts``, ``resultwords``). Here the
whole block is one string: the fixed words and addresses, with the markup between them, are
written once per language and URL map (:func:`_page_words`) and made for every language as a
worker starts (:func:`_warm`), never on a view; they hold nothing of anyone. Everything of a
person (her take's id, dates, scores, statements and answers, the dynamic's words, the
practices) is written on each view, escaped as the template escaped it. Nothing is kept
between views.

The same markup as the template it replaced, byte for byte: the page against
``tests/web/reference/results.html`` (``tests/web/test_result_parts.py``).
"""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.template.context import Context
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from interdepend.web.assessment.templatetags import resultparts, resultwords
from interdepend.web.frame.addresses import url_map
from interdepend.web.frame.warmup import worker_starting

register = template.Library()


@functools.lru_cache(maxsize=16)
def _page_words(language: str | None, prefix: str, urlconf: str | None) -> dict[str, str]:
    """The result page's fixed words and addresses in ``language``, as ``{% translate %}``
    (our words as they are, looked up by ``gettext`` by name so that ``makemessages`` finds
    them) and ``{% url %}`` (escaped) wrote them, with the markup around
    them: the same for everyone, nothing of anyone. Kept per language and URL map (``prefix``,
    ``urlconf``: the addresses depend on them). Made for every language as a worker starts
    (:func:`_warm`), never on a view."""

    def url(name: str) -> str:
        return str(conditional_escape(reverse(name)))

    # Each by name, where ``makemessages`` finds it (not inside an f-string).
    said = (
        gettext("Your result"),
        gettext("Your safety comes first"),
        gettext("People who can help"),
        gettext("More on staying safe, and on a device someone else may see"),
        gettext("Only you can see this."),
        gettext("What your partner sees"),
        gettext("Choose what to stop sharing"),
        gettext("Answers that may be about staying safe"),
        gettext("Your scales"),
        gettext("Scale"),
        gettext("How strongly (0–100)"),
        gettext("Answered"),
        gettext("What shaped this"),
        gettext("Things to try"),
        gettext("Questions to sit with"),
        gettext("What next"),
        gettext("Staying safe"),
        gettext("Who can see what"),
        gettext("Go to your couple view"),
        gettext("Invite a partner"),
        gettext("Go on alone: goals, check-ins and the people you lean on"),
        gettext("All your results, or take it again"),
    )
    safety = url("frame:safety")
    return {
        "h1": f'\n\n<h1>{said[0]}</h1>\n<p class="hint">',
        "safety_head": (
            '\n<section class="card safety" aria-labelledby="safety-heading">\n'
            f'  <h2 id="safety-heading">{said[1]}</h2>\n  <p>'
        ),
        "help_head": (f'<h3 id="help-lines-heading">{said[2]}</h3>\n'),
        "help_list": '\n<ul aria-labelledby="help-lines-heading" class="help-lines">',
        "help_brief": (
            '\n\n<p class="help-lines">'
            + gettext(
                "A search for your country's name with the words “domestic abuse helpline” "
                "finds the national line."
            )
            + "</p>\n\n"
        ),
        "safety_tail": (
            f'\n  <p><a href="{safety}">'
            f"{said[3]}</a></p>\n"
            f'  <p class="hint">{said[4]}</p>\n'
            f"  <h3>{said[5]}</h3>\n"
            "  <p>"
            + gettext(
                "Nothing about this check. Your partner is not told that you answered it or "
                "what you answered, and nothing they can see changes because of it. What you "
                "share stays shared until you choose otherwise, and this result is shared only "
                "if you choose to share it."
            )
            + "</p>\n  <p>"
            + gettext(
                "If you would like to share less, you can stop sharing your result, journal "
                "entries or check-ins. To your partner it looks the same as any time someone "
                "stops sharing something: no message, and no reason given."
            )
            + f'</p>\n  <p><a class="button" href="{url("couple:stop_sharing")}">'
            f"{said[6]}</a></p>\n</section>\n"
        ),
        "reworded": (
            f'\n<h2 id="dynamic-heading">{said[7]}</h2>\n'
            "<p>"
            + gettext(
                "Several of your answers are about giving way, keeping quiet or following your "
                "partner's moods. When a partner frightens or controls someone, these are often "
                "ways of getting through the day safely. If that is close to your situation, "
                "this part of the result says more about what you are facing than about who "
                "you are, and we will not describe it as your pattern."
            )
            + "</p>\n"
        ),
        "answer_left_out": gettext("Answer the statements I left out"),
        "no_axes": gettext("There are not enough answers on Self or Bond to place you on the map."),
        "caption_missing": gettext(
            "Across: a life and a voice of your own. Up: turning toward each other. Your point "
            "rests on your answers about Self and Bond; a warning sign is shown beside it once "
            "it has enough answers."
        ),
        "caption": gettext(
            "Across: a life and a voice of your own. Up: turning toward each other. The two "
            "warning signs are shown beside your point."
        ),
        "scales": (
            "</figcaption>\n  </figure>\n"
            '  <section aria-labelledby="scales-heading">\n'
            f'    <h2 id="scales-heading">{said[8]}</h2>\n    \n'
            '    <div class="table-scroll" role="group" aria-labelledby="scales-heading" '
            'tabindex="0"><table aria-labelledby="scales-heading">\n'
            f'      <thead><tr><th scope="col">{said[9]}</th>'
            f'<th scope="col">{said[10]}</th>'
            f'<th scope="col">{said[11]}</th></tr></thead>\n      <tbody>'
        ),
        "why": (
            '\n<section aria-labelledby="why-heading">\n'
            f'  <h2 id="why-heading">{said[12]}</h2>\n  <p class="hint">'
        ),
        "why_reworded": gettext("These are the answers this part of the result rests on most."),
        "why_plain": gettext("These are the answers that weighed most in the description above."),
        "across": (
            '<p class="hint">'
            + gettext(
                "That time you answered an earlier version of the statements. The scales are "
                "the same, but some statements are new or reworded, so part of a change may "
                "come from the new wording."
            )
            + "</p>"
        ),
        "grow": (
            '\n<section aria-labelledby="grow-heading">\n'
            f'  <h2 id="grow-heading">{said[13]}</h2>\n  <div class="grid">\n    '
        ),
        "prompts": f"\n  </div>\n  <h3>{said[14]}</h3>\n  <ul>",
        "next": (
            '\n\n<section class="card next-step" aria-labelledby="next-heading">\n'
            f'  <h2 id="next-heading">{said[15]}</h2>\n  '
        ),
        "next_flagged": (
            "\n  <p>"
            + gettext(
                "Take your time with this. Everything here waits for you, and nothing is shared "
                "unless you choose it."
            )
            + f'</p>\n  <p class="actions"><a class="button" href="{safety}">'
            f"{said[16]}</a>\n"
            f'     <a href="{url("safetycheck:index")}">{said[17]}</a></p>\n  '
        ),
        "next_partnered": (
            "\n  <p>"
            + gettext(
                "Your couple view puts the two of you side by side, once you have both chosen "
                "to show each other your results."
            )
            + f'</p>\n  <p><a class="button" href="{url("couple:home")}">'
            f"{said[18]}</a></p>\n  "
        ),
        "next_alone": (
            "\n  <p>"
            + gettext(
                "If you have a partner, they can take it too, and you can then choose to see "
                "the two of you side by side. Using Interdepend on your own works just as well."
            )
            + f'</p>\n  <p class="actions"><a class="button" href="{url("partners:us")}">'
            f"{said[19]}</a>\n"
            f'     <a href="{url("together:home")}">'
            f"{said[20]}</a></p>\n  "
        ),
        "notice": " "
        + gettext(
            "The inventory is not a clinical instrument, and where it draws the line between a "
            "little and a lot is still being checked."
        )
        + '</p>\n<p class="hint">',
        "pdf": gettext("Download this as a PDF"),
        "end": (f'</a>\n  <a href="{url("assessment:overview")}">{said[21]}</a></p>\n\n'),
    }


def _words() -> dict[str, str]:
    return _page_words(get_language(), get_script_prefix(), url_map())


def _e(value: Any) -> str:
    """``{{ value }}``, escaped (``conditional_escape`` without its checks for lazy texts), the
    inventory's own words taken escaped from those kept (``resultparts.shown``)."""
    return resultparts.shown(value)


def _help_lines(w: dict[str, str], lines: Any) -> str:
    """``{% include "includes/help_lines.html" with brief=True %}`` as the page drew it."""
    if lines:
        items = "".join(f"<li>{_e(line)}</li>" for line in lines)
        return f"{w['help_head']}{w['help_list']}{items}</ul>\n\n"
    return w["help_head"] + w["help_brief"]


@register.simple_tag(takes_context=True)
def result_page(context: Context) -> SafeString:
    """The content block of ``assessment/results.html`` as it was
    (``tests/web/reference/results.html``)."""
    language = get_language()  # once, for every part below
    w = _page_words(language, get_script_prefix(), url_map())
    view = context["view"]
    r, a = view.result, view.attempt
    flagged = a.screen_flagged
    out = [
        w["h1"],
        resultwords.result_taken(a.completed_at, r.answered, r.items, language),
        "</p>\n\n",
    ]
    if flagged:
        flag = getattr(context.get("screen"), "flag", None)
        resources = getattr(flag, "resources", None) or ()
        out += [
            w["safety_head"],
            _e(getattr(flag, "message", "")),
            "</p>\n  <ul>",
            "".join(f"<li>{_e(line)}</li>" for line in resources),
            "</ul>\n",
            _help_lines(w, context.get("help_lines")),
            w["safety_tail"],
        ]
    out.append('\n\n<section aria-labelledby="dynamic-heading">\n  ')
    if view.reword_dynamic:
        out.append(w["reworded"])
    else:
        out += [
            '\n<h2 id="dynamic-heading">',
            _e(r.explanation.dynamic_name),
            "</h2>\n<p>",
            _e(r.explanation.description),
            "</p>\n",
        ]
    out.append("\n\n  ")  # the include's last line, then the template's
    if view.left_out:
        left_out = resultparts.take_url("assessment:left_out", a.public_id)
        out += [
            "\n  <p>",
            resultwords.result_left_out(view.left_out),
            f'</p>\n  <p><a class="button" href="{_e(left_out)}">',
            w["answer_left_out"],
            "</a></p>\n  ",
        ]
    out.append('\n</section>\n\n<div class="result-grid">\n  <figure class="map">\n    ')
    scales = r.scales
    if len(scales) > 1 and scales[0].score is not None and scales[1].score is not None:
        address = resultparts.take_url("assessment:map", a.public_id)
        out.append(
            f'\n    <img src="{_e(address)}" alt="{_e(view.map_alt)}" width="400" height="410">'
            "\n    "
        )
    else:
        short = view.axes_short
        if len(short) > 1:
            said = w["no_axes"]
        else:
            said = resultwords.result_axis_short(short[0] if short else "")
        out += ["\n    <p>", said, "</p>\n    "]
    out += [
        '\n    <figcaption class="hint">',
        w["caption_missing"] if view.signs_missing else w["caption"],
        w["scales"],
        resultparts.result_scale_rows(view, language),
        "</tbody>\n    </table></div>\n    ",
    ]
    if r.balance is not None:
        out += ["\n    ", resultwords.result_balance_words(r, language), "\n    "]
    out += [
        "\n  </section>\n</div>\n\n",
        resultparts.scale_meanings(context.get("instrument"), language),
        "\n\n",
    ]
    drivers = r.explanation.drivers
    if drivers:
        note = view.quoted_note
        out += [
            w["why"],
            w["why_reworded"] if view.reword_dynamic else w["why_plain"],
            f" {_e(note)}" if note else "",
            '</p>\n  <ul class="drivers">',
            resultparts.result_drivers(drivers[:4], view.quoted_language, 4, language),
            "</ul>\n  ",
        ]
        if len(drivers) > 4:
            more = drivers[4:]
            out += [
                "\n  <details>\n    <summary>",
                resultwords.result_more_answers(len(more)),
                '</summary>\n    <ul class="drivers">',
                resultparts.result_drivers(more, view.quoted_language, 6, language),
                "</ul>\n  </details>\n  ",
            ]
        out.append("\n</section>\n")
    out.append("\n\n")
    change = view.change
    if change:
        out += [
            '\n<section aria-labelledby="change-heading">\n  <h2 id="change-heading">',
            resultwords.result_since(view.previous.completed_at, language),
            "</h2>\n  ",
            w["across"] if change.across_versions else "",
            "\n  <ul>",
            resultparts.result_changes(change, language),
            "</ul>\n</section>\n",
        ]
    out.append("\n\n")
    suggestions = view.suggestions
    if suggestions:
        out += [
            w["grow"],
            resultparts.result_practices(suggestions, language),
            w["prompts"],
            resultparts.result_prompts(suggestions),
            "</ul>\n</section>\n",
        ]
    out.append(w["next"])
    if flagged:
        out.append(w["next_flagged"])
    elif context.get("partnered"):
        out.append(w["next_partnered"])
    else:
        out.append(w["next_alone"])
    report = resultparts.take_url("assessment:report", a.public_id)
    out += [
        '\n</section>\n\n<p class="notice">',
        _e(getattr(context.get("instrument"), "not_a_diagnosis", "")),
        w["notice"],
        resultwords.result_version(a.instrument_version, language),
        f'</p>\n<p class="actions"><a class="button" href="{_e(report)}">',
        w["pdf"],
        w["end"],
    ]
    return SafeString("".join(out))  # every value is escaped where it is written


def _warm(**_: object) -> None:
    """Sent in each language as a worker starts (``frame.warmup.worker_starting``)."""
    _words()


worker_starting.connect(_warm, dispatch_uid="interdepend-warm-result-page")
