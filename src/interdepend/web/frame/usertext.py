"""One cleaner for the short texts people type, and one way to show any user text.

Unicode's bidirectional controls (embeddings, overrides, isolates and the direction marks) are
invisible, and a single one in a name can reverse the rest of a sentence on someone else's
page ("Trojan Source", CVE-2021-42574). So:

- on the way in, :class:`ShortTextField` (every name, title, option and short note) drops them
  with :func:`strip_bidi`; nothing visible is lost; a long text (:class:`LongTextField`: an
  entry, a boundary, a note) is kept as typed, but one that shows nothing at all counts as
  empty, as one of spaces only does;
- on the way out, the ``isolate`` template filter shows a person's text inside ``<bdi>``, with
  any control already stored dropped too, so existing data cannot reorder a page either.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms

from interdepend.core import codes

#: LRE, RLE, PDF, LRO, RLO (embeddings and overrides); LRI, RLI, FSI, PDI (isolates); LRM, RLM
#: and ALM (marks).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_DROP = {ord(c): None for c in BIDI_CONTROLS}
#: Characters that show nothing and join nothing a person needs: the zero-width space, the word
#: joiner and the invisible operators, the byte order mark, the soft hyphen, the Mongolian vowel
#: separator, the Hangul fillers, the combining grapheme joiner, the Khmer inherent vowels, the
#: braille blank and the deprecated format characters. "Jonah" with one of them looks like
#: "Jonah" on a password page that names who will see something (the carry audit). The
#: zero-width joiner and non-joiner, and the variation selectors and tags, stay: emoji and
#: several scripts need them.
INVISIBLE = frozenset(
    "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u115f\u1160\u3164\uffa0"
    "\u034f\u17b4\u17b5\u2800\u206a\u206b\u206c\u206d\u206e\u206f"
)
_DROP_INVISIBLE = _DROP | {ord(c): None for c in INVISIBLE}
#: Neither set holds an ASCII character, so a text of ASCII alone loses nothing to either.
assert all(c > 0x7F for c in _DROP_INVISIBLE)
#: A run of control characters (Unicode's Cc: C0, DEL and C1), with the spaces around it.
_CONTROLS = re.compile(r" *[\x00-\x1f\x7f-\x9f]+ *")


#: A run of letters and digits, in any script.
_WORD = re.compile(r"[^\W_]+")
#: At most this many characters between two groups of three still read as one separator
#: ("JR6 - HKY" with thin spaces is three).
_SEPARATOR_MOST = 4
#: Characters drawn like a digit or a capital of a number's alphabet, read as that: the capital
#: O and the small l of Latin, and look-alikes from Cyrillic and Greek (the partner audit
#: of 2026-12-03 wrote "JRб-HKY" with a Cyrillic б, and "KOQ-MZT" for "K0Q-M2T").
_LOOKS_LIKE = str.maketrans(
    {
        "O": "0", "l": "1", "О": "0", "о": "0", "Ο": "0", "ο": "0",
        "І": "I", "і": "I", "Ι": "I", "Ӏ": "I",
        "б": "6", "З": "3", "з": "3", "Ч": "4", "Ѕ": "S", "ѕ": "S", "Б": "6",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "Р": "P", "С": "C",
        "Т": "T", "Х": "X", "У": "Y", "а": "A", "е": "E", "к": "K", "м": "M", "н": "H",
        "р": "P", "с": "C", "т": "T", "х": "X", "у": "Y", "Α": "A", "Β": "B", "Ε": "E",
        "Ζ": "Z", "Η": "H", "Κ": "K", "Μ": "M", "Ν": "N", "Ρ": "P", "Τ": "T", "Υ": "Y",
        "Χ": "X",
    }
)  # fmt: skip


def reads_as_a_number(text: str) -> bool:
    """Whether a name holds something that reads like a practitioner number (``K7Q-M2T``):
    three letters or digits, a separator of a few characters of any kind or none, three more.

    Two groups like that read as a number when one holds a digit of any script, or when, with
    look-alikes read as what they look like (a Latin O as a zero, a Cyrillic б as a six), they
    are all capitals and digits of a number's alphabet with a digit among them. Every number
    has a digit. A name that copied another practitioner's number beside it looked like them
    (the re-audit of 2026-12-03), and spacing, separators and look-alike letters got past the
    first check (the partner audit of 2026-12-03)."""
    plain = unicodedata.normalize("NFKC", text)
    words = list(_WORD.finditer(plain))
    groups = [(word.group()[:3], word.group()[3:]) for word in words if len(word.group()) == 6]
    groups += [
        (first.group(), second.group())
        for first, second in zip(words, words[1:], strict=False)
        if len(first.group()) == len(second.group()) == 3
        and second.start() - first.end() <= _SEPARATOR_MOST
    ]
    return any(_number_like(first + second) for first, second in groups)


def _number_like(six: str) -> bool:
    if any(c.isdigit() for c in six):
        return True
    seen = six.translate(_LOOKS_LIKE)
    return all(c in codes.ALPHABET for c in seen) and any(c.isdigit() for c in seen)


def strip_bidi(text: str) -> str:
    """The text without bidirectional control characters (a plain text of ASCII alone, which
    holds none, as it is: :func:`strip_invisible`)."""
    if type(text) is str and text.isascii():
        return text
    return text.translate(_DROP)


def strip_invisible(text: str) -> str:
    """The text without bidirectional controls and without the characters in :data:`INVISIBLE`.

    A plain text of ASCII alone is given back as it is: none of those characters is ASCII, and
    asking a text whether it is ASCII is one look at a flag it carries, where ``translate``
    walks every character (about 0.8 µs of each name, bid and title a page isolates, issue 15's
    twenty-first pass). Anything else, a text marked safe included, goes through ``translate``,
    which gives a plain text back, as before (``tests/web/test_isolate.py``)."""
    if type(text) is str and text.isascii():
        return text
    return text.translate(_DROP_INVISIBLE)


def one_line(text: str) -> str:
    """The text on one line: each run of control characters (a line break, a tab, a NUL)
    becomes one space. A name or a title is shown in many places (a PDF's footer, a CSV cell,
    a list) where a line break has no business."""
    if text.isprintable() or not any(unicodedata.category(c) == "Cc" for c in text):
        return text
    return _CONTROLS.sub(" ", text)


def shows_nothing(text: str) -> bool:
    """Whether the text would show nothing at all: only spaces and line breaks, invisible and
    format characters (zero-width ones, bidi marks, :data:`INVISIBLE`), control characters and
    variation selectors."""
    return all(
        c.isspace()
        or c in INVISIBLE
        or unicodedata.category(c) in ("Cf", "Cc")
        or "\ufe00" <= c <= "\ufe0f"
        or "\U000e0100" <= c <= "\U000e01ef"
        for c in text
    )


class LongTextField(forms.CharField):
    """A long text a person writes (an entry, a boundary, a note): kept as typed, but one that
    would show nothing (:func:`shows_nothing`) is empty, as spaces alone are: a required one
    is refused with its "required" words, the words kept in the box; an optional one is
    left blank. An entry of three zero-width characters was saved and looked empty (the forms
    audit of 2026-12-03, L3)."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return "" if shows_nothing(text) else text


class ShortTextField(forms.CharField):
    """A one-line text a person types (a name, a title, an option): bidi controls and invisible
    characters dropped; one that would show nothing even so (a lone zero-width joiner, which
    emoji need and so stays) is empty."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        cleaned = one_line(strip_invisible(text or ""))
        if cleaned and shows_nothing(cleaned):
            return ""
        return cleaned.strip() if self.strip else cleaned
