"""Numbers written as Django's ``floatformat`` filter writes them, without its slow part.

``floatformat`` rounds a number half up through ``Decimal`` and then writes it the language's
way (``formats.number_format``), which looks the language up and reads three formats through
lazy settings: about 29 µs a number, where the rounding is 2. The couple view writes about
forty scores, the results page a dozen, Trends each distinct value of its tables (issue 15's
tenth pass, docs/performance-passes.md). :func:`floatformat` does the same rounding, step for step
as Django's code does it, and writes the digits with the language's decimal separator, read once
per language (a format of the language, never anyone's value). Anything else (grouping of
thousands asked for or switched on, a suffix such as ``g`` or ``u``, a value other than an
``int`` or a finite ``float`` of ordinary size) goes to Django's own filter, so what is written
never differs (``tests/web/test_numbers.py`` holds it to Django's filter over generated
values, every precision the templates use and both languages).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Context, Decimal, getcontext
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.template.defaultfilters import floatformat as django_floatformat
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

_ONE = Decimal(1)


def floatformat(value: Any, arg: int | str = -1, language: str | None = None) -> Any:
    """``{{ value|floatformat:arg }}``, in ``language`` (by default the active one)."""
    precision = _precision(arg)
    kind = type(value)
    if precision is None or not (kind is float or kind is int) or grouped() or not _ordinary(value):
        return django_floatformat(value, arg)
    return _write(value, precision, _separator(get_language() if language is None else language))


def whole(value: Any, language: str | None = None) -> str:
    """``conditional_escape(floatformat(value, 0, language))`` as a text: a score written
    rounded to a whole number.

    A score is a float of ordinary size, and ``floatformat:0`` writes it rounded half up from
    its shortest decimal form (``repr``), without a separator or grouping (none is asked for):
    that is done here on the number itself. Its size less its whole part is exact (both lie
    within a factor of two of each other, or the whole part is 0), and it is at least a half
    exactly when the shortest decimal form's first decimal is 5 or more: a half more than a
    whole number below 10**15 is itself a float, so no form that reads back as the size can
    lie on the other side of it. The digits and a sign need no escaping. The couple view found
    this (issue 15's twenty-first pass, second wave); the result page writes a dozen scores a
    view through :func:`floatformat` and escaping, about 1.5 µs each where this is 0.25 (the
    twenty-second pass). Anything else (an int, no value, a number ``repr`` writes with an
    exponent, zero, grouping switched on) goes through :func:`floatformat` and is escaped as
    before (``tests/web/test_numbers.py`` holds both to the filter)."""
    if type(value) is float and 1e-4 <= (size := abs(value)) < 1e15 and not grouped():
        whole = int(size)
        rounded = whole + (size - whole >= 0.5)
        return f"-{rounded}" if value < 0 and rounded else str(rounded)
    return str(conditional_escape(floatformat(value, 0, language)))


def _ordinary(value: float | int) -> bool:
    """A number ``str`` writes without an exponent, as Django's code expects it."""
    if type(value) is int:
        return abs(value) < 10**15
    return math.isfinite(value) and (value == 0 or 1e-4 <= abs(value) < 1e15)


def _precision(arg: int | str) -> int | None:
    """The precision ``arg`` asks for, or None for what is left to Django (a suffix such as
    ``g`` or ``u``, a word, anything but a whole number)."""
    if type(arg) is int:
        return arg
    if not isinstance(arg, str) or not arg or arg[-1] in "gu":
        return None
    try:
        return int(arg)
    except ValueError:
        return None


def _write(value: float | int, p: int, separator: str) -> SafeString:
    """Django's steps for a finite number: a whole number without decimals when asked for
    none (or for as many as it needs, ``p`` below 1), else rounded half up to ``abs(p)``
    places, then written as ``numberformat.format`` writes it without grouping.

    What is written (here, in :func:`_whole` and :func:`_fixed`) is a plain text of digits, a
    sign and the separator, made a ``SafeString`` as it stands: all ``mark_safe`` does with such
    a text, after its lazy wrapper has asked of each argument whether it is lazy (about 0.6 µs
    a number; the carry-over's card on Trends writes eight, the couple view forty-odd: issue
    15's twenty-second pass)."""
    if p == 0:
        return _whole(value)
    if p > 0:
        return _fixed(value, p, separator)
    d = Decimal(str(value))
    m = int(d) - d
    if not m and p <= 0:
        return SafeString(str(int(d)))  # digits and a sign, as "%d" writes them
    shape = d.as_tuple()
    exponent = int(shape.exponent)
    units = len(shape.digits) + (-exponent if m else exponent)
    places = abs(p)
    prec = abs(p) + units + 1
    context = getcontext()
    if prec <= context.prec:  # Django's Context(prec=max(...)) is then the current precision
        rounded = d.quantize(_step(places), ROUND_HALF_UP)
    else:
        rounded = d.quantize(_step(places), ROUND_HALF_UP, Context(prec=prec))
    # Quantized to ``places`` decimals, "f" writes every one of them and never an exponent;
    # the sign is written only for a number that is not zero once rounded, as Django's is.
    whole, _, part = f"{abs(rounded):f}".partition(".")
    minus = "-" if rounded.is_signed() and rounded else ""
    return SafeString(f"{minus}{whole}{separator + part if part else ''}")  # digits, sign


def _whole(value: float | int) -> SafeString:
    """:func:`_write` at precision 0, read off the text ``str`` writes (the text Django makes
    its ``Decimal`` from; an ordinary number's has no exponent): the digits before the point,
    one more when the first after it is 5 or more (half up, away from zero), and the sign only
    when what is written is not zero. The steps through ``Decimal`` cost about three times as
    much, and the result page writes a score this way about seventeen times (issue 15's
    eighteenth pass)."""
    text = str(value)
    digits, _, part = text.lstrip("-").partition(".")
    whole = int(digits) + (part[:1] >= "5")
    minus = "-" if text[0] == "-" and whole else ""
    return SafeString(f"{minus}{whole}")  # digits and a sign


def _fixed(value: float | int, places: int, separator: str) -> SafeString:
    """:func:`_write` at a precision above 0, read off the text ``str`` writes as
    :func:`_whole` reads it: the digits to ``places`` decimals, one more in the last place when
    the next is 5 or more (half up, away from zero), always ``places`` decimals, and the sign
    only when what is written is not zero. Through ``Decimal`` a figure was about 5 µs, and the
    carry-over's card on Trends writes eight (issue 15's twentieth pass)."""
    text = str(value)
    digits, _, part = text.lstrip("-").partition(".")
    part += "0" * places
    scaled = int(digits + part[:places]) + (part[places : places + 1] >= "5")
    whole, rest = divmod(scaled, 10**places)
    minus = "-" if text[0] == "-" and scaled else ""
    return SafeString(f"{minus}{whole}{separator}{rest:0{places}d}")  # digits, sign


@functools.cache
def _step(places: int) -> Decimal:
    """``Decimal(1).scaleb(-places)``, the quantum Django rounds to."""
    return _ONE.scaleb(-places)


@functools.lru_cache(maxsize=16)
def _separator(language: str | None) -> str:
    """The language's decimal separator, as ``number_format`` reads it."""
    return str(get_format("DECIMAL_SEPARATOR", language, use_l10n=True))


@functools.cache
def grouped() -> bool:
    """Whether numbers are written with their thousands grouped (``USE_THOUSAND_SEPARATOR``),
    read once and read again whenever a setting changes (:func:`_forget`). Read from the
    settings, it was a look through their lazy object for every number written (about 0.35 µs
    each: some twenty-five a couple view, a dozen a result page; issue 15's twenty-eighth
    pass)."""
    return bool(settings.USE_THOUSAND_SEPARATOR)


def _forget(**_: object) -> None:
    _separator.cache_clear()
    grouped.cache_clear()


setting_changed.connect(_forget, weak=False, dispatch_uid="interdepend-numbers-separator")


def warm(languages: Iterable[str]) -> None:
    """Read each language's decimal separator as a worker starts (``frame.warmup``), so no
    first view of a page with numbers in a language is the one that reads it; and whether
    thousands are grouped."""
    grouped()
    for language in languages:
        _separator(language)
