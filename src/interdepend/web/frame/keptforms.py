"""A form's fixed drawing, kept per language as a worker starts and joined with each view's values.

Many forms show the same markup to everyone in a language: the same labels, boxes, hints and
attributes, with only a few values that change from one view to the next (a one-time key, a
day's limits, a goal's title, her words). Drawing such a form field by field on every view
cost a tenth to a quarter of a millisecond (issue 15, docs/performance-passes.md). So a feature
draws it once per language and shape as a worker starts, with a stand-in in place of each value,
cuts the drawing at the stand-ins, and keeps the pieces; each view joins the pieces with its
own values, escaped as the form's renderer escapes them. This module is the machinery they
share:

- :class:`Kept`, a store of pieces keyed by language first, filled only by a receiver of
  :data:`~interdepend.web.frame.warmup.worker_starting` (:func:`at_warmup`), never on first
  use, so that nobody's first view tells anyone what another person opened; :func:`forget`
  empties one feature's stores, as in a new worker (the tests).
- :func:`shape`, the key of a form's shape (language, class, fields), and :func:`as_kept` and
  :func:`fresh`, whether a form draws as the kept pieces were drawn (Django's ids, no prefix;
  and for a fresh one: not sent, holding only the values the stand-ins stood for).
- :func:`cut`, a drawing cut at its stand-ins (kept only if each is where it belongs and
  nowhere else), and :func:`join`, the pieces joined with a view's values, escaped.
- :class:`Opened`, a form (or anything) made only when something asks more of it than the
  kept pieces need: a view that sends nothing opens the form with its values, and the
  drawing uses the values as given (:func:`given`) without making the form.

Only our own words and markup are kept: never anything of anyone. A form that was sent, holds
other values, or differs in shape from what was drawn is drawn field by field, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import Any, TypeVar, cast

from django import forms
from django.utils.functional import SimpleLazyObject, empty
from django.utils.html import escape
from django.utils.translation import get_language

from interdepend.web.frame.warmup import worker_starting

#: The ids every kept form's fields have (Django's default).
AUTO_ID = "id_%s"

K = TypeVar("K")
V = TypeVar("V")

#: Every store, by the feature (module) that keeps it.
_stores: dict[str, list[Kept[Any, Any]]] = {}


class Kept(dict[K, V]):
    """A feature's kept pieces: a dict whose keys start with the language (or are it), filled
    as a worker starts. ``owner`` names the feature, whose :func:`forget` empties it."""

    def __init__(self, owner: str) -> None:
        super().__init__()
        _stores.setdefault(owner, []).append(self)


def forget(owner: str) -> None:
    """As in a new worker: nothing kept by ``owner`` (the tests)."""
    for store in _stores.get(owner, ()):
        store.clear()


def at_warmup(make: Callable[..., None], *, uid: str) -> None:
    """Have ``make`` called in each language as a worker starts, once per worker."""
    worker_starting.connect(make, dispatch_uid=uid)


def shape(form: forms.BaseForm) -> tuple[str | None, type[forms.BaseForm], tuple[str, ...]]:
    """The key of ``form``'s shape: this language, its class and its fields' names."""
    return get_language(), type(form), tuple(form.fields)


def as_kept(form: forms.BaseForm) -> bool:
    """Whether ``form`` names its fields as the kept pieces were drawn: Django's ids, no
    prefix (an empty one draws as none)."""
    return not form.prefix and form.auto_id == AUTO_ID


def fresh(form: forms.BaseForm, values: Collection[str]) -> bool:
    """Whether ``form`` is as a view that sends nothing makes it: not sent, drawn as kept, and
    holding the values named ``values`` and no others."""
    return (
        not form.is_bound
        and not form.prefix
        and form.auto_id == AUTO_ID
        and form.initial.keys() == values
    )


def cut(
    drawn: str, stand_ins: Sequence[str], *, before: str = "", after: str = ""
) -> list[str] | None:
    """``drawn`` cut at its stand-ins: the pieces around them, when the stand-ins it holds,
    in order, are ``stand_ins`` (one may stand for several values, each where it is named),
    and each stands between ``before`` and ``after`` (which stay in the pieces); ``None``
    otherwise, and nothing is kept. No stand-in may hold another."""
    either = "|".join(
        re.escape(stand_in) for stand_in in sorted(set(stand_ins), key=len, reverse=True)
    )
    pieces = re.split(f"({either})", drawn)
    if pieces[1::2] != list(stand_ins):
        return None
    heads, tails = pieces[0:-1:2], pieces[2::2]
    if not all(h.endswith(before) for h in heads) or not all(t.startswith(after) for t in tails):
        return None
    return pieces[0::2]


def join(pieces: Sequence[str], values: Sequence[object]) -> str:
    """The kept ``pieces`` joined with ``values``, each escaped, in the order they were cut."""
    if len(pieces) != len(values) + 1:
        raise ValueError(f"{len(pieces)} pieces cannot hold {len(values)} values")
    if len(values) == 1:
        return f"{pieces[0]}{escape(values[0])}{pieces[1]}"
    out = [pieces[0]]
    for at, value in enumerate(values, 1):
        out.append(escape(value))
        out.append(pieces[at])
    return "".join(out)


class Opened(SimpleLazyObject):
    """What ``make`` makes (a form, or the list of its scales), made only when something asks
    more of it than the kept pieces need; until then, what it is made from is ``given``."""

    def __init__(self, make: Callable[[], Any], given: object) -> None:
        # What ``SimpleLazyObject.__init__`` sets, set at once: a view opens one on every view
        # of its page, and the two calls in between cost more than the form's kept drawing.
        self.__dict__.update(_setupfunc=make, _wrapped=empty, given=given)


def is_made(lazy: SimpleLazyObject) -> bool:
    """Whether ``lazy`` was made."""
    return lazy.__dict__["_wrapped"] is not empty


T = TypeVar("T", bound=Opened)


def given(value: object, kind: type[T]) -> Any:
    """What ``value`` was opened with, when it is a ``kind`` not made yet; ``None`` otherwise
    (it is asked as what it stands for)."""
    if type(value) is not kind or value.__dict__["_wrapped"] is not empty:
        return None
    return value.__dict__["given"]


def made(value: Any) -> Any:
    """``value`` itself: an :class:`Opened` made (it is asked as what it stands for)."""
    if isinstance(value, Opened):
        if not is_made(value):
            cast(Any, value)._setup()
        return value.__dict__["_wrapped"]
    return value
