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
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

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


def _cycle(pool: Sequence[DailyQuestion], seed: str, day: date) -> DailyQuestion:
    """The day's place in a seeded order of the pool: no repeat within ``len(pool)`` days."""
    # Each key is ``_digest(seed, "order", q.id)``'s eight bytes, compared as bytes (the same
    # order as the big-endian number): the seed's part hashed once, not once a question
    # (issue 15's eleventh pass, held to _digest by tests/core/test_daily_library.py).
    head = hashlib.sha256(f"{seed}|order|".encode())

    def key(question: DailyQuestion) -> bytes:
        digest = head.copy()
        digest.update(question.id.encode())
        return digest.digest()[:8]

    order = sorted(pool, key=key)
    return order[day.toordinal() % len(order)]


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
    pool = [q for q in load_questions(language=language) if q.for_two is for_two]
    # The questions that serve an area are picked out only on a day that leans on them: on
    # the others they were picked out and never used (issue 15's fourteenth pass).
    if areas and leans_on_areas(seed, day):
        wanted = set(areas)
        preferred = [q for q in pool if not wanted.isdisjoint(q.scales)]
        if preferred:
            return _cycle(preferred, seed + "|preferred", day)
    return _cycle(pool, seed, day)


def leans_on_areas(seed: str, day: date) -> bool:
    """Whether the question of ``day`` for the holder of ``seed`` serves a growth area (when
    there are any): on the other days :func:`question_for` gives the same question whatever
    ``areas`` are, so a caller need not work them out (the roll depends on the seed and the day
    alone)."""
    return random.Random(_digest(seed, "roll", day.isoformat())).random() < PREFERRED_SHARE
