"""Reads over consenting people only: the de-identified export and reliability statistics.

Only people whose consent is given today are read. A couple appears in the export only when
both partners of a *current* partnership have consented and each has a finished inventory
with every scale scored; one row per person, with random ids and no names, e-mail addresses,
dates or free text.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from interdepend.core.errors import InterdependError
from interdepend.core.norms import Norms, build_norms
from interdepend.core.psychometrics import ReliabilityReport, reliability
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import finished_attempts, inventory
from interdepend.web.partners.models import Membership
from interdepend.web.research.models import ResearchConsent

#: Fewer people than this and the reliability page says there is too little data.
MIN_RESPONDENTS = 10


def consenting_user_ids() -> set[int]:
    return set(ResearchConsent.objects.filter(is_given=True).values_list("user_id", flat=True))


def latest_attempts(user_ids: set[int]) -> dict[int, Attempt]:
    """Each person's latest finished inventory attempt (the first of theirs, newest first)."""
    latest: dict[int, Attempt] = {}
    for attempt in finished_attempts().filter(user_id__in=user_ids):
        latest.setdefault(attempt.user_id, attempt)
    return latest


def scale_ids() -> list[str]:
    return [scale.id for scale in inventory().scales]


#: Beside the scores, per person: the inventory version answered and the language its
#: statements were read in (a translation is not yet validated: docs/inventory.md#languages), so
#: analyses can set either apart. The safety screen's outcome is not among them: a partner who
#: knows his own scores can find his couple's rows, and the other's outcome in them would tell
#: him what she answered (design rule 18). Couples with a flagged screen are left out instead
#: (:func:`_both_clear`).
EXTRA_COLUMNS = ("version", "language")


def export_columns() -> list[str]:
    names = [*scale_ids(), *EXTRA_COLUMNS]
    return ["dyad", "person", *(f"{s}_A" for s in names), *(f"{s}_P" for s in names)]


def _extra(attempt: Attempt) -> list[str]:
    return [attempt.instrument_version, attempt.language]


def _both_clear(*takes: Attempt) -> bool:
    """Neither take flagged the safety screen. A flagged take may describe life under a
    partner's control rather than the person (docs/inventory.md), and no column may say so; the
    couple is left out, one of several reasons a couple can be missing from a file."""
    return not any(take.screen_flagged for take in takes)


def _scores(attempt: Attempt, scales: Sequence[str]) -> list[float] | None:
    raw = attempt.snapshot.get("scores", {})
    values = [raw.get(s) for s in scales]
    if any(v is None or not math.isfinite(float(v)) for v in values):
        return None
    return [round(float(v), 4) for v in values]


def _couples_formed() -> dict[tuple[int, int], datetime]:
    """Current partnerships whose two members have both consented: the two people, with the
    moment the second of them joined (the couple as it is now exists from then on)."""
    consenting = consenting_user_ids()
    members: dict[int, list[tuple[int, datetime]]] = {}
    for partnership_id, user_id, joined_at in Membership.objects.filter(
        is_active=True, partnership__ended_at__isnull=True
    ).values_list("partnership_id", "user_id", "joined_at"):
        members.setdefault(partnership_id, []).append((user_id, joined_at))
    return {
        (pair[0][0], pair[1][0]): max(pair[0][1], pair[1][1])
        for pair in members.values()
        if len(pair) == 2 and all(u in consenting for u, _joined in pair)
    }


def consenting_couples_count() -> int:
    """How many current couples both consented, whether or not they are in the files."""
    return len(_couples_formed())


def couples_and_takes() -> list[tuple[int, int, Attempt, Attempt]]:
    """Each consenting couple with both people's latest finished takes, when both were finished
    while the two were a couple. A take from before (single, or about an earlier partner: the
    statements ask about the relationship one is in) would pair one relationship's answers
    with another person's, with nothing in the file to show it (the statistics audit of
    2026-12-03); such a couple is left out until that person answers again."""
    formed = _couples_formed()
    latest = latest_attempts({u for pair in formed for u in pair})
    found = []
    for (a, b), since in formed.items():
        take_a, take_b = latest.get(a), latest.get(b)
        if take_a is None or take_b is None:
            continue
        if take_a.completed_at is None or take_b.completed_at is None:
            continue
        if take_a.completed_at < since or take_b.completed_at < since:
            continue
        found.append((a, b, take_a, take_b))
    return found


def research_rows() -> list[dict[str, object]]:
    """The pairwise research dataset, shuffled, with fresh random ids on every call."""
    scales = scale_ids()
    rng = secrets.SystemRandom()
    rows: list[dict[str, object]] = []
    used: set[str] = set()
    for _a, _b, take_a, take_b in couples_and_takes():
        if not _both_clear(take_a, take_b):
            continue
        score_a, score_b = _scores(take_a, scales), _scores(take_b, scales)
        if score_a is None or score_b is None:
            continue
        dyad = _fresh_id(used)
        names = [*scales, *EXTRA_COLUMNS]
        values_a: list[object] = [*score_a, *_extra(take_a)]
        values_b: list[object] = [*score_b, *_extra(take_b)]
        people = [(values_a, values_b), (values_b, values_a)]
        rng.shuffle(people)
        for n, (own, other) in enumerate(people, start=1):
            row: dict[str, object] = {"dyad": dyad, "person": n}
            row.update({f"{s}_A": v for s, v in zip(names, own, strict=True)})
            row.update({f"{s}_P": v for s, v in zip(names, other, strict=True)})
            rows.append(row)
    pairs = [rows[i : i + 2] for i in range(0, len(rows), 2)]
    rng.shuffle(pairs)
    return [row for pair in pairs for row in pair]


def answer_columns() -> list[str]:
    """Item-level columns for ``interdepend validate``: the current version's statements."""
    return ["dyad", "respondent", "role", "language", *inventory().item_ids]


def answer_rows() -> list[dict[str, object]]:
    """Each consenting couple's latest answers to the current version, one row per person.

    For checking the statements (``interdepend validate``), as the consent says. ``role`` is
    partner_1 or partner_2 by the order the two joined their partnership (measurement
    invariance is tested across it). Couples in which either latest take is on an earlier
    version are left out (their statements differ), and so are couples with a flagged safety
    screen (:func:`_both_clear`); nothing of the screen is written. Ids are random and fresh
    on every call; rows come in a random order.
    """
    current = inventory()
    couples = couples_and_takes()
    latest = {a: take_a for a, _b, take_a, _t in couples} | {
        b: take_b for _a, b, _t, take_b in couples
    }
    joined = dict(
        Membership.objects.filter(user_id__in=latest, is_active=True).values_list("user_id", "pk")
    )
    rng = secrets.SystemRandom()
    used: set[str] = set()
    pairs: list[list[dict[str, object]]] = []
    for a, b, take_a, take_b in couples:
        if any(t.instrument_id != current.id for t in (take_a, take_b)):
            continue
        if not _both_clear(take_a, take_b):
            continue
        dyad = _fresh_id(used)
        first, second = sorted((a, b), key=lambda u: joined.get(u, 0))
        pair = []
        for role, user_id in (("partner_1", first), ("partner_2", second)):
            take = latest[user_id]
            row: dict[str, object] = {
                "dyad": dyad,
                "respondent": _fresh_id(used),
                "role": role,
                "language": take.language,
            }
            row.update({i: take.answers.get(i, "") for i in current.item_ids})
            pair.append(row)
        pairs.append(pair)
    rng.shuffle(pairs)
    return [row for pair in pairs for row in pair]


def _fresh_id(used: set[str]) -> str:
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in used:
            used.add(candidate)
            return candidate


@dataclass(frozen=True)
class ScaleReliability:
    scale_id: str
    name: str
    report: ReliabilityReport | None
    problem: str


@dataclass(frozen=True)
class ReliabilityPage:
    respondents: int
    minimum: int
    scales: list[ScaleReliability]
    #: Percentile norms of the scale scores; provisional (and labelled so) below the minimum.
    norms: Norms | None = None

    @property
    def enough(self) -> bool:
        return self.respondents >= self.minimum


def reliability_page() -> ReliabilityPage:
    """Reliability of every inventory scale on consenting people's latest finished answers."""
    instrument = inventory()
    # Item statistics need the same statements: only takes of the current version count.
    attempts = [
        a
        for a in latest_attempts(consenting_user_ids()).values()
        if a.instrument_id == instrument.id
    ]
    if len(attempts) < MIN_RESPONDENTS:
        return ReliabilityPage(len(attempts), MIN_RESPONDENTS, [])
    low, high = instrument.response_scale.min, instrument.response_scale.max
    out = []
    for scale in instrument.scales:
        items = instrument.items_of(scale.id)
        if len(items) < 2:
            continue
        ids = [i.id for i in items]
        matrix = np.array(
            [[_answer(a.answers.get(i)) for i in ids] for a in attempts], dtype=np.float64
        )
        try:
            report = reliability(matrix, ids, [i.reverse for i in items], low, high)
        except InterdependError as error:
            out.append(ScaleReliability(scale.id, scale.name, None, str(error)))
            continue
        out.append(ScaleReliability(scale.id, scale.name, report, ""))
    scores = np.array(
        [
            [_score(a.snapshot.get("scores", {}).get(s)) for s in instrument.scale_ids]
            for a in attempts
        ]
    )
    norms = build_norms(scores, list(instrument.scale_ids))
    return ReliabilityPage(len(attempts), MIN_RESPONDENTS, out, norms)


def _score(value: object) -> float:
    return float(value) if isinstance(value, int | float) else math.nan


def _answer(value: object) -> float:
    return float(value) if isinstance(value, int | float) else math.nan
