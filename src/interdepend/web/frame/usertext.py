"""One cleaner for the short texts people type, and one way to show any user text.

Unicode's bidirectional controls (embeddings, overrides, isolates and the direction marks) are
invisible, and a single one in a name can reverse the rest of a sentence on someone else's
page ("Trojan Source", CVE-2021-42574). So:

- on the way in, :class:`ShortTextField` (every name, title, option and short note) drops them
  with :func:`strip_bidi`; nothing visible is lost;
- on the way out, the ``isolate`` template filter shows a person's text inside ``<bdi>``, with
  any control already stored dropped too, so existing data cannot reorder a page either.
"""

from __future__ import annotations

from typing import Any

from django import forms

#: LRE, RLE, PDF, LRO, RLO (embeddings and overrides); LRI, RLI, FSI, PDI (isolates); LRM, RLM
#: and ALM (marks).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_DROP = {ord(c): None for c in BIDI_CONTROLS}


def strip_bidi(text: str) -> str:
    """The text without bidirectional control characters."""
    return text.translate(_DROP)


class ShortTextField(forms.CharField):
    """A one-line text a person types (a name, a title, an option): bidi controls dropped."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        cleaned = strip_bidi(text or "")
        return cleaned.strip() if self.strip else cleaned
