"""Reflective prompts and practices, and picking them for a person's growth areas.

Both libraries are TOML files in :mod:`interdepend.content`; each entry names the scales it
serves. A person's growth areas are the lower of their axis scales (Self, Bond) and the higher
of their pole scales (Enmeshment, Distance); :func:`suggest` draws prompts and practices that
serve them.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from interdepend.content import CONTENT_DIR
from interdepend.core.errors import ContentError
from interdepend.core.instrument import Instrument, ScaleKind
from interdepend.core.scoring import Result, scale_scores_one
from interdepend.core.translation import SOURCE_LANGUAGE, in_language

__all__ = [
    "Practice",
    "Prompt",
    "Suggestions",
    "growth_areas",
    "growth_areas_of",
    "load_practices",
    "load_prompts",
    "suggest",
]

KNOWN_SCALES = frozenset({"self", "bond", "enmeshment", "distance"})


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str
    scales: tuple[str, ...]


@dataclass(frozen=True)
class Practice:
    id: str
    title: str
    text: str
    scales: tuple[str, ...]
    minutes: int
    together: bool


@dataclass(frozen=True)
class Suggestions:
    growth_areas: tuple[str, ...]
    prompts: tuple[Prompt, ...]
    practices: tuple[Practice, ...]


T = TypeVar("T", Prompt, Practice)


# --------------------------------------------------------------------------------- loading


@cache
def load_prompts(path: Path | None = None, language: str = SOURCE_LANGUAGE) -> tuple[Prompt, ...]:
    """The reflective prompts (the built-in library unless ``path`` is given), in ``language``
    where the library has been translated into it. Ids and scales are the same in each."""
    path = path or CONTENT_DIR / "prompts_v1.toml"
    entries = _entries(path, "prompts", language)
    return tuple(_prompt(path.name, e) for e in entries)


@cache
def load_practices(
    path: Path | None = None, language: str = SOURCE_LANGUAGE
) -> tuple[Practice, ...]:
    """The practices (the built-in library unless ``path`` is given), in ``language`` where
    the library has been translated into it."""
    path = path or CONTENT_DIR / "practices_v1.toml"
    entries = _entries(path, "practices", language)
    return tuple(_practice(path.name, e) for e in entries)


def _entries(path: Path, key: str, language: str = SOURCE_LANGUAGE) -> list[dict[str, Any]]:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ContentError(f"{path.name}: cannot read it: {error}") from None
    raw, _used = in_language(path, raw, language)
    entries = raw.get(key)
    if not isinstance(entries, list) or not entries:
        raise ContentError(f"{path.name}: no [[{key}]] entries")
    ids = [e.get("id") for e in entries]
    duplicates = sorted({str(i) for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ContentError(f"{path.name}: entry {duplicates[0]!r}: duplicate id")
    return entries


def _field(filename: str, entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{filename}: entry {entry.get('id')!r}: {key} is missing or empty")
    return value.strip()


def _scales(filename: str, entry: dict[str, Any]) -> tuple[str, ...]:
    scales = entry.get("scales")
    if not isinstance(scales, list) or not scales or not set(scales) <= KNOWN_SCALES:
        known = ", ".join(sorted(KNOWN_SCALES))
        raise ContentError(
            f"{filename}: entry {entry.get('id')!r}: scales must be a non-empty list of {known}"
        )
    return tuple(scales)


def _prompt(filename: str, entry: dict[str, Any]) -> Prompt:
    return Prompt(
        id=_field(filename, entry, "id"),
        text=_field(filename, entry, "text"),
        scales=_scales(filename, entry),
    )


def _practice(filename: str, entry: dict[str, Any]) -> Practice:
    minutes = entry.get("minutes", 0)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise ContentError(f"{filename}: entry {entry.get('id')!r}: minutes must be 0 or more")
    return Practice(
        id=_field(filename, entry, "id"),
        title=_field(filename, entry, "title"),
        text=_field(filename, entry, "text"),
        scales=_scales(filename, entry),
        minutes=minutes,
        together=bool(entry.get("together", False)),
    )


# --------------------------------------------------------------------------------- choosing


def growth_areas(result: Result) -> tuple[str, ...]:
    """The lowest-scoring axis and the highest-scoring pole of a result (missing ones skipped).

    A tie keeps every scale in it, in the instrument's order: Self and Bond alike low are both
    places to grow (before, the first listed won, and a person as strong in both got practices
    for one side only: the desktop walk of 2026-12-02).
    """
    axes = _extremes([(s.scale_id, s.score) for s in result.scales if s.kind is ScaleKind.AXIS])
    poles = _extremes(
        [(s.scale_id, s.score) for s in result.scales if s.kind is ScaleKind.POLE], lowest=False
    )
    return axes + poles


def growth_areas_of(instrument: Instrument, answers: Mapping[str, int | None]) -> tuple[str, ...]:
    """:func:`growth_areas` of the answers' result, from the scale scores alone (about a quarter
    of the work of :func:`~interdepend.core.scoring.score_one`, which also explains the result)."""
    scores = list(zip(instrument.scales, scale_scores_one(instrument, answers), strict=True))
    found: tuple[str, ...] = ()
    for kind, lowest in ((ScaleKind.AXIS, True), (ScaleKind.POLE, False)):
        of_kind = [(scale.id, value) for scale, value in scores if scale.kind is kind]
        found += _extremes([(i, None if math.isnan(v) else v) for i, v in of_kind], lowest=lowest)
    return found


def _extremes(
    scored: Sequence[tuple[str, float | None]], *, lowest: bool = True
) -> tuple[str, ...]:
    """The ids whose score is the lowest (or highest), ties kept in order; missing ones skipped."""
    values = [value for _id, value in scored if value is not None]
    if not values:
        return ()
    target = min(values) if lowest else max(values)
    return tuple(i for i, value in scored if value == target)


def suggest(
    result: Result,
    *,
    prompts: int = 3,
    practices: int = 2,
    exclude: Collection[str] = (),
    together: bool | None = None,
    language: str = SOURCE_LANGUAGE,
) -> Suggestions:
    """Prompts and practices for a result's growth areas, in library order, in ``language``.

    ``exclude`` holds ids already shown (to vary suggestions over time); ``together`` keeps only
    practices for two (True) or for one (False). Entries serving every growth area come first.
    """
    areas = growth_areas(result)
    chosen_prompts = _pick(load_prompts(language=language), areas, exclude, prompts)
    pool = [
        p for p in load_practices(language=language) if together is None or p.together is together
    ]
    return Suggestions(
        growth_areas=areas,
        prompts=chosen_prompts,
        practices=_pick(pool, areas, exclude, practices),
    )


def _pick(
    pool: Sequence[T], areas: Sequence[str], exclude: Collection[str], count: int
) -> tuple[T, ...]:
    if count == 0:  # none asked for (the journal's questions ask for no practice)
        return ()
    wanted = set(areas)  # made once, not twice an entry of the pool
    fresh = [p for p in pool if p.id not in exclude and not wanted.isdisjoint(p.scales)]
    ranked = sorted(fresh, key=lambda p: -len(wanted.intersection(p.scales)))
    return tuple(_round_robin(ranked, areas, count)[:count])


def _round_robin(ranked: Sequence[T], areas: Sequence[str], enough: int = -1) -> list[T]:
    """Alternate between the growth areas so each gets a fair share of the first picks; done
    once ``enough`` are picked, when it is more than none (the order only grows, so its start
    is the same: issue 15's thirteenth pass)."""
    queues = [[p for p in ranked if area in p.scales] for area in areas]
    order: list[T] = []
    while any(queues):
        for queue in queues:
            while queue and queue[0] in order:
                queue.pop(0)
            if queue:
                order.append(queue.pop(0))
                if len(order) == enough:
                    return order
    return order


def suggest_for_areas(
    areas: Sequence[str],
    *,
    prompts: int = 3,
    practices: int = 3,
    exclude: Collection[str] = (),
    together: bool | None = None,
    language: str = SOURCE_LANGUAGE,
) -> Suggestions:
    """Prompts and practices for given growth areas (scale ids), e.g. a couple's, or one
    person's from :func:`growth_areas_of`: then the same as :func:`suggest` of the result."""
    pool = [
        p for p in load_practices(language=language) if together is None or p.together is together
    ]
    return Suggestions(
        growth_areas=tuple(areas),
        prompts=_pick(load_prompts(language=language), areas, exclude, prompts),
        practices=_pick(pool, areas, exclude, practices),
    )
