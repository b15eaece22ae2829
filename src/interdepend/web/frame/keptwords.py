"""The inventory's, the forms' and the library's own words, each kept with its escaped form.

The result page and the couple view's lists write the same fixed words (scale names,
statements, the answers' words, the practices and questions) on every view, and escaping them
was a microsecond each, some fifty a page. Each page names its words as a worker starts (a
receiver of ``frame.warmup.worker_starting``) and :func:`keep_escaped` keeps them here, in one
table for every page: the same for everyone, nothing of anyone, never added to by a view.
:func:`kept_escaped` gives a plain string's kept form, and None for anything else (a string
marked safe, a lazy one, a subclass, a word not kept), which the caller escapes as it always
did (``tests/web/test_result_escapes_kept.py``, ``tests/web/test_couple_words_escaped.py``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

#: Each kept word and its escaped form (``html.escape``, as Django's ``escape`` writes a text).
ESCAPED: dict[str, str] = {}


def keep_escaped(texts: Iterable[object]) -> None:
    """Keep each plain string of ``texts`` with its escaped form (anything else is left out)."""
    for text in texts:
        if type(text) is str and text not in ESCAPED:
            ESCAPED[text] = html.escape(text)


def kept_escaped(value: object) -> str | None:
    """The escaped form kept for ``value`` when it is a plain string kept here, else None."""
    return ESCAPED.get(value) if type(value) is str else None
