"""Norms: where a scale score stands among the consenting respondents of a deployment.

Input is a respondents × scales matrix of 0–100 scale scores (NaN where a scale was not
scored) and the scale ids. For every scale, :func:`build_norms` keeps only aggregates:

* the **percentile rank** of every whole score 0, 1, …, 100 by the mid-rank definition,
  ``PR(s) = 100 · (#{x < s} + ½ · #{x = s}) / n`` — the share of respondents below the score,
  counting those exactly at it as half below and half above (so a score everyone shares has
  rank 50, and ranks stay within 0–100);
* the **5th, 10th, 25th, 50th, 75th, 90th and 95th percentiles** of the scores, by linear
  interpolation between order statistics (R's default ``quantile`` type 7, NumPy's default).

Missing scores are left out scale by scale. A scale with fewer than ``minimum`` respondents
(:data:`NORMS_MINIMUM`, 500) is marked ``provisional`` and labelled so in plain words: with 500
people the 5th and 95th percentiles rest on about 25 people each, and a percentile rank near
the middle has a sampling error of about 2 points (one standard error); below that the
tails move visibly when a few people join.

:func:`percentile_of` reads the table: exact at whole scores, linear between them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from interdepend.core.errors import InterdependError

__all__ = [
    "NORMS_MINIMUM",
    "PERCENTILES",
    "Norms",
    "NormsError",
    "ScaleNorms",
    "build_norms",
    "percentile_of",
]

#: Respondents a scale needs before its norms stop being provisional (see the module's notes).
NORMS_MINIMUM = 500
#: The percentiles every norms table lists.
PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
SCORES = np.arange(101, dtype=np.float64)


class NormsError(InterdependError):
    """Norms cannot be built or read from what was given."""


@dataclass(frozen=True)
class ScaleNorms:
    """The norms of one scale: ``ranks[s]`` is the percentile rank of the whole score ``s``."""

    scale_id: str
    n: int
    provisional: bool
    label: str
    ranks: tuple[float, ...]
    percentiles: tuple[tuple[int, float], ...]

    def percentile(self, p: int) -> float:
        """The ``p``-th percentile of the scores (one of :data:`PERCENTILES`)."""
        for level, value in self.percentiles:
            if level == p:
                return value
        raise NormsError(f"the norms list the percentiles {PERCENTILES}, not {p}")


@dataclass(frozen=True)
class Norms:
    """Norms tables, one per scale, and the minimum they were judged against."""

    scales: tuple[ScaleNorms, ...]
    minimum: int

    def scale(self, scale_id: str) -> ScaleNorms:
        """The norms of one scale, by id."""
        for scale in self.scales:
            if scale.scale_id == scale_id:
                return scale
        raise NormsError(f"there are no norms for a scale called {scale_id!r}")


def build_norms(
    scores: ArrayLike, scale_ids: Sequence[str], *, minimum: int = NORMS_MINIMUM
) -> Norms:
    """Norms tables from respondents × scales scores (0–100, NaN where missing)."""
    x = np.array(scores, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != len(scale_ids):
        raise NormsError("scores must be respondents × scales, one scale id per column")
    if len(set(scale_ids)) != len(scale_ids):
        raise NormsError("each scale id may appear only once")
    present = x[~np.isnan(x)]
    if present.size and (present.min() < 0 or present.max() > 100):
        raise NormsError("scale scores must lie between 0 and 100")
    if minimum < 1:
        raise NormsError("the minimum number of respondents must be at least 1")
    tables = tuple(
        _scale_norms(str(scale_id), x[:, j], minimum) for j, scale_id in enumerate(scale_ids)
    )
    return Norms(scales=tables, minimum=minimum)


def _scale_norms(scale_id: str, column: NDArray[np.float64], minimum: int) -> ScaleNorms:
    values = np.sort(column[~np.isnan(column)])
    n = int(values.size)
    if n == 0:
        raise NormsError(f"nobody has a score on {scale_id}, so it has no norms")
    below = np.searchsorted(values, SCORES, side="left")
    at_or_below = np.searchsorted(values, SCORES, side="right")
    ranks = 100.0 * (below + at_or_below) / (2.0 * n)
    levels = np.percentile(values, PERCENTILES)
    return ScaleNorms(
        scale_id=scale_id,
        n=n,
        provisional=n < minimum,
        label=_label(n, minimum),
        ranks=tuple(float(r) for r in ranks),
        percentiles=tuple((p, float(v)) for p, v in zip(PERCENTILES, levels, strict=True)),
    )


def _label(n: int, minimum: int) -> str:
    people = "person" if n == 1 else "people"
    if n < minimum:
        return (
            f"Provisional: based on {n} {people} so far. These figures will shift as more "
            f"people take part; they settle once {minimum} have."
        )
    return f"Based on {n} {people}."


def percentile_of(norms: Norms, scale_id: str, score: float) -> float:
    """The percentile rank (0–100) of ``score`` on a scale: the share of respondents below it,
    those at it counted half. Exact at whole scores, linear in between."""
    if not 0 <= score <= 100:
        raise NormsError(f"a scale score lies between 0 and 100, not {score:g}")
    ranks = norms.scale(scale_id).ranks
    low = math.floor(score)
    if low == 100:
        return ranks[100]
    share = score - low
    return ranks[low] + share * (ranks[low + 1] - ranks[low])
