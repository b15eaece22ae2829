"""The charts' fixed words in the page's language (``interdepend.charts`` knows no Django)."""

from __future__ import annotations

import dataclasses
import functools
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from interdepend import charts


def chart_words(*, couple: bool = False, another: bool = False) -> charts.Words:
    """The words for charts drawn for this page: the quadrants and axes of the map, the warning
    signs beside a point, the short month names under the weeks. A couple's map names its
    quadrants for two people (the phone audit of 2026-12-03: "room for yourself" beside two
    points read as if one of them were addressed), and the map of ``another`` person (a
    client, on a practitioner's screen) for that person (the practitioner audit of the same day:
    "a life of your own" on his screen spoke to him)."""
    words = _words(get_language() or "en")
    if couple:
        return _couple_words(words)
    return _another_words(words) if another else words


@functools.lru_cache(maxsize=16)
def _another_words(words: charts.Words) -> charts.Words:
    return _about_others(
        words,
        gettext("close, and\ntheir own self"),
        gettext("close, with less\nroom for themselves"),
        gettext("their own self,\nwith more distance"),
    )


@functools.lru_cache(maxsize=16)
def _couple_words(words: charts.Words) -> charts.Words:
    return _about_others(
        words,
        gettext("close, and each\ntheir own self"),
        gettext("close, with less\nroom for each self"),
        gettext("each their own self,\nwith more distance"),
    )


def _about_others(words: charts.Words, close: str, merged: str, apart: str) -> charts.Words:
    """The words with three quadrants, and the self axis, about people other than the reader."""
    return dataclasses.replace(
        words,
        zones=(close, merged, apart, words.zones[3]),
        self_axis=gettext("Self: a life of one's own →"),
    )


@functools.lru_cache(maxsize=16)
def _words(language: str) -> charts.Words:
    return charts.Words(
        zones=(
            gettext("close and\nyour own self"),
            gettext("close, with less\nroom for yourself"),
            gettext("your own self,\nwith more distance"),
            gettext("both still\nforming"),
        ),
        self_axis=gettext("Self: a life of your own →"),
        bond_axis=gettext("Bond: turning toward each other →"),
        merging=gettext("merging %(value)s"),
        distance=gettext("distance %(value)s"),
        months=tuple(date_format(date(2000, month, 1), "M") for month in range(1, 13)),
    )
