"""The question for today: a library of short questions and the rule that picks one a day.

The library is a TOML file in :mod:`interdepend.content` (``daily_questions_v1.toml``). Each
question is either for two (a couple's shared question: both answer, and the answers open to
both once both have answered) or for one (a reflective question for one person, never shared).
Each names the habit it trains and the scales of the Interdependence Inventory it serves, so the
pick can lean towards a person's or a couple's growth areas: someone whose growth areas are Bond
or Distance meets more questions about turning towards the other; someone whose growth areas
are Self or Enmeshment meets more about a life and a voice of their own.

The pick is a pure function of a seed (an opaque random value of the couple or the person), the
day and the growth areas, so both partners get the same shared question without anything being
stored, and the same question all day. Nothing about a person's activity goes into it.
"""

from __future__ import annotations

import hashlib
import importlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

from interdepend.content import CONTENT_DIR
from interdepend.core.content import _entries, _field, _scales
from interdepend.core.errors import ContentError
from interdepend.core.translation import SOURCE_LANGUAGE

__all__ = [
    "DailyQuestion",
    "Habit",
    "PREFERRED_SHARE",
    "REFLECTIVE_DAYS_PER_WEEK",
    "is_reflective_day",
    "load_questions",
    "make_pools",
    "question_by_id",
    "question_for",
    "question_text",
]

#: Of the days a pick has questions that serve the growth areas, the share that takes one.
PREFERRED_SHARE = 0.7
#: Days of each week on which a couple's members each get a question for one instead.
REFLECTIVE_DAYS_PER_WEEK = 2
LIBRARY = "daily_questions_v1.toml"


class Habit(StrEnum):
    """The everyday habits the questions train."""

    TURNING_TOWARD = "turning_toward"
    OPEN_TALK = "open_talk"
    LISTENING = "listening"
    OWN_LIFE = "own_life"


@dataclass(frozen=True)
class DailyQuestion:
    id: str
    text: str
    scales: tuple[str, ...]
    habit: Habit
    for_two: bool


@cache
def load_questions(
    path: Path | None = None, language: str = SOURCE_LANGUAGE
) -> tuple[DailyQuestion, ...]:
    """The library (the built-in one unless ``path`` is given), in file order, in ``language``
    where it has been translated into it (ids, habits and scales are the same in each)."""
    path = path or CONTENT_DIR / LIBRARY
    found = tuple(_question(path.name, e) for e in _entries(path, "questions", language))
    for for_two in (True, False):
        if not any(q.for_two is for_two for q in found):
            kind = "two" if for_two else "one"
            raise ContentError(f"{path.name}: no question is for {kind}")
    return found


def _question(filename: str, entry: dict[str, Any]) -> DailyQuestion:
    audience = entry.get("for")
    if audience not in ("two", "one"):
        raise ContentError(f'{filename}: entry {entry.get("id")!r}: for must be "two" or "one"')
    try:
        habit = Habit(str(entry.get("habit")))
    except ValueError:
        known = ", ".join(h.value for h in Habit)
        raise ContentError(
            f"{filename}: entry {entry.get('id')!r}: habit must be one of {known}"
        ) from None
    return DailyQuestion(
        id=_field(filename, entry, "id"),
        text=_field(filename, entry, "text"),
        scales=_scales(filename, entry),
        habit=habit,
        for_two=audience == "two",
    )


def question_by_id(question_id: str, language: str = SOURCE_LANGUAGE) -> DailyQuestion | None:
    return next((q for q in load_questions(language=language) if q.id == question_id), None)


def question_text(question_id: str, language: str = SOURCE_LANGUAGE) -> str:
    """A question's words in ``language``, or "" for one no longer in the library."""
    found = question_by_id(question_id, language)
    return found.text if found else ""


def _digest(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")


def is_reflective_day(seed: str, day: date) -> bool:
    """Whether ``day`` is one of the week's days for one, for the couple with this seed.

    The same days for both members (they share the seed); a different pair each week."""
    monday = day - timedelta(days=day.weekday())
    days = random.Random(_digest(seed, "reflective", monday.isoformat())).sample(
        range(7), REFLECTIVE_DAYS_PER_WEEK
    )
    return day.weekday() in days


def _sha256_of_this_python() -> Callable[[bytes], Any]:
    """SHA-256 as Python's own module makes it (``_sha2`` from 3.12, ``_sha256`` before), else
    hashlib's: the same digests. Python's own copies a hash in progress by copying a small
    struct, where OpenSSL's, hashlib's usual, allocates a context for it (and again for each
    digest), which was a third of the cost of ordering the library (issue 15's twenty-sixth
    pass)."""
    for name in ("_sha2", "_sha256"):
        try:
            made: Callable[[bytes], Any] = importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
        return made
    return hashlib.sha256


_SHA256 = _sha256_of_this_python()
_HASH = type(_SHA256(b""))
_COPY, _UPDATE, _DIGEST = _HASH.copy, _HASH.update, _HASH.digest


class _Pool(NamedTuple):
    """One audience's questions of a language's library, in file order, with each id encoded
    as the order hashes it: made once per library (:func:`_pool`), nothing of anyone."""

    library: tuple[DailyQuestion, ...]
    questions: tuple[DailyQuestion, ...]
    ids: tuple[bytes, ...]


_POOLS: dict[tuple[str, bool], _Pool] = {}


def _pool(for_two: bool, language: str) -> _Pool:
    """The questions of ``language``'s library for two (or for one), made again only when the
    library is another (a library loaded anew, as tests do)."""
    library = load_questions(language=language)
    made = _POOLS.get((language, for_two))
    if made is None or made.library is not library:
        questions = tuple(q for q in library if q.for_two is for_two)
        made = _Pool(library, questions, tuple(q.id.encode() for q in questions))
        _POOLS[(language, for_two)] = made
    return made


def make_pools(language: str) -> None:
    """Make both audiences' pools of ``language``'s library (and load it): called as a worker
    starts (``web.daily.conversation``), so no first view of the day's question makes them."""
    for for_two in (True, False):
        _pool(for_two, language)


def _place(ids: Sequence[bytes], seed: str, day: date) -> int:
    """Where in ``ids`` the day's question is: the day's place in a seeded order of the ids,
    so no repeat within ``len(ids)`` days.

    The order is by each id's key, ``_digest(seed, "order", id)``'s eight bytes compared as
    bytes (the same order as the big-endian number), ties in the ids' order. The seed's part
    is hashed once and each id added to a copy (issue 15's eleventh pass); the copies, their
    ids and their digests are made by ``map``, not a call of ours a question, and the whole
    digests are sorted, not the eight bytes cut from each: the one at the day's place is the
    same question whenever its eight bytes are its own, and where a neighbour's are the same
    the eight bytes decide, as before (issue 15's twenty-sixth pass; held to the order as
    written before by tests/core/test_daily_library.py)."""
    head = _SHA256(f"{seed}|order|".encode())
    hashes = list(map(_COPY, repeat(head, len(ids))))
    for _ in map(_UPDATE, hashes, ids):
        pass
    keys: list[bytes] = list(map(_DIGEST, hashes))
    ranked = sorted(keys)
    k = day.toordinal() % len(keys)
    found = ranked[k][:8]
    if (k > 0 and ranked[k - 1][:8] == found) or (k + 1 < len(keys) and ranked[k + 1][:8] == found):
        return sorted(range(len(keys)), key=lambda i: keys[i][:8])[k]
    return keys.index(ranked[k])


def question_for(
    seed: str,
    day: date,
    areas: Sequence[str],
    *,
    for_two: bool,
    language: str = SOURCE_LANGUAGE,
) -> DailyQuestion:
    """The question of ``day`` for the holder of ``seed``, in ``language``.

    ``areas`` are growth areas (scale ids: self, bond, enmeshment, distance); on about
    :data:`PREFERRED_SHARE` of days the question serves one of them, on the rest it comes from
    the whole library, so every habit keeps turning up. The pick depends on ids only: two
    partners reading in two languages get the same question.
    """
    pool = _pool(for_two, language)
    # The questions that serve an area are picked out only on a day that leans on them: on
    # the others they were picked out and never used (issue 15's fourteenth pass).
    if areas and leans_on_areas(seed, day):
        wanted = set(areas)
        preferred = [i for i, q in enumerate(pool.questions) if not wanted.isdisjoint(q.scales)]
        if preferred:
            ids = [pool.ids[i] for i in preferred]
            return pool.questions[preferred[_place(ids, seed + "|preferred", day)]]
    return pool.questions[_place(pool.ids, seed, day)]


def leans_on_areas(seed: str, day: date) -> bool:
    """Whether the question of ``day`` for the holder of ``seed`` serves a growth area (when
    there are any): on the other days :func:`question_for` gives the same question whatever
    ``areas`` are, so a caller need not work them out (the roll depends on the seed and the day
    alone)."""
    return random.Random(_digest(seed, "roll", day.isoformat())).random() < PREFERRED_SHARE
