"""A template's fixed text in sections, drawn by the engine once, with markers for values.

A page whose content block is drawn in Python keeps its fixed text in a template of its own
(``practice/_mine_body.html``, ``safetycheck/_index_body.html``,
``accounts/_two_step_fixed.html``): ``{# section:name #}`` starts
each part the old template drew under an ``{% if %}`` (or the page itself), and ``{# part:name #}``
marks where a value goes. :func:`read` splits such a file once, :func:`draw` has Django's own
engine draw the text between the markers (in the language and map of addresses of now: the
caller keeps what it gives per language, made as a worker starts), and :func:`joined` puts a
view's values in place. The text before the first section (a comment saying what the file is)
is no part of the page. Nothing of a person is ever kept here: only the values a view passes
to :func:`joined` are hers, and they are escaped by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from django.template import engines

_SECTION = re.compile(r"\{# section:(\w+) #\}")
_PART = re.compile(r"\{# part:(\w+) #\}")

#: Each section's sources between its markers, and the markers' names in order.
Sources = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
#: Each section's text between its markers, drawn.
Drawn = dict[str, tuple[str, ...]]


def read(path: Path) -> Sources:
    """The file's sections: each one's sources between its markers, and the markers' names."""
    pieces = _SECTION.split(path.read_text())
    found = {}
    for name, source in zip(pieces[1::2], pieces[2::2], strict=True):
        split = _PART.split(source)
        found[name] = (tuple(split[0::2]), tuple(split[1::2]))
    return found


def draw(sources: Sources) -> Drawn:
    """Each section's text between its markers, drawn by the engine with nothing of anyone
    (in the language and map of addresses active now)."""
    engine = engines["django"]
    return {
        name: tuple(str(engine.from_string(source).render({})) for source in texts)
        for name, (texts, _) in sources.items()
    }


def joined(sources: Sources, drawn: Drawn, name: str, values: Mapping[str, str]) -> str:
    """The section ``name`` with each marker's value (already escaped) in its place."""
    texts = drawn[name]
    out = [texts[0]]
    for key, text in zip(sources[name][1], texts[1:], strict=True):
        out.append(values[key])
        out.append(text)
    return "".join(out)
