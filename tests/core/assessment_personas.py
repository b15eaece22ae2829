"""Answer sets for the inventory, built from the portraits in the source articles.

A persona is written as how strongly each scale's meaning applies (1-7, "keyed" level), with
per-facet overrides; the raw answer of a reverse-keyed item is then ``8 - level``. A small,
fixed wobble keeps answers from being all alike, the way real answers are not.

The module's names are the personas on the current version (2); :func:`personas_for` builds
the same portraits on any version, naming each version's facets (``FACETS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from interdepend.core.instrument import Instrument, load_builtin
from interdepend.core.scoring import score_one

INVENTORY = load_builtin("interdependence_inventory_v2")
INVENTORY_V1 = load_builtin("interdependence_inventory_v1")

Answers = dict[str, int | None]

#: The strands each portrait leans on, in each version's facet names.
FACETS: dict[str, dict[str, str]] = {
    "interdependence_inventory_v1": {
        "own_life": "own_life",
        "responsiveness": "responsiveness",
        "control": "control",
        "lost_outside_life": "lost_outside_life",
        "pleasing": "pleasing",
        "boundaries": "boundaries",
        "hidden_inner_world": "hidden_inner_world",
        "self_reliance": "self_reliance",
    },
    "interdependence_inventory_v2": {
        "own_life": "own_life",
        "responsiveness": "responsiveness",
        "control": "taking_over",
        "lost_outside_life": "own_life",
        "pleasing": "giving_way",
        "boundaries": "boundaries",
        "hidden_inner_world": "hidden_inner_world",
        "self_reliance": "going_it_alone",
    },
}


def answers(
    levels: Mapping[str, int],
    facets: Mapping[str, int] | None = None,
    instrument: Instrument = INVENTORY,
) -> Answers:
    facets = facets or {}
    out: Answers = {}
    for n, item in enumerate(instrument.items):
        level = facets.get(item.facet_id, levels[item.scale_id])
        level = min(7, max(1, level + (0, 1, 0, -1)[n % 4]))
        out[item.id] = 8 - level if item.reverse else level
    return out


def distance_between(low: float, high: float) -> dict[str, int | None]:
    """Answers close on the map to every other here, whose Distance lands in [low, high):
    Distance items raised one step at a time from a middling start."""
    found: dict[str, int | None] = dict(
        answers({"self": 5, "bond": 5, "enmeshment": 3, "distance": 4})
    )
    for item in (item for item in INVENTORY.items if item.scale_id == "distance"):
        score = score_one(INVENTORY, found).score("distance")
        assert score is not None
        if low <= score < high:
            return found
        level = found[item.id]
        assert level is not None
        found[item.id] = max(1, level - 1) if item.reverse else min(7, level + 1)
    raise AssertionError(f"no answers put Distance in [{low}, {high})")


@dataclass(frozen=True)
class Personas:
    instrument: Instrument
    alex: Answers
    ben: Answers
    lost_self: Answers
    self_contained: Answers
    push_pull: Answers
    middle: Answers

    def facet(self, strand: str) -> str:
        return FACETS[self.instrument.id][strand]


def personas_for(instrument: Instrument) -> Personas:
    names = FACETS[instrument.id]

    def build(levels: Mapping[str, int], strands: Mapping[str, int] | None = None) -> Answers:
        facets = {names[k]: v for k, v in (strands or {}).items()}
        return answers(levels, facets, instrument)

    return Personas(
        instrument=instrument,
        # Two partners with pursuits of their own (a demanding project; friends and hobbies)
        # who come back together each evening to share how it went and back each other up.
        alex=build({"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}, {"own_life": 7}),
        ben=build(
            {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2},
            {"responsiveness": 7, "control": 1},
        ),
        # The partner who has let every interest outside the relationship go and cannot say no.
        lost_self=build(
            {"self": 2, "bond": 5, "enmeshment": 6, "distance": 2},
            {"pleasing": 7, "boundaries": 1, "lost_outside_life": 1}
            if instrument.id.endswith("v2")
            else {"lost_outside_life": 7, "pleasing": 7, "own_life": 1, "boundaries": 1},
        ),
        # The self-contained one: needs nobody, keeps their inner world hidden.
        self_contained=build(
            {"self": 6, "bond": 2, "enmeshment": 2, "distance": 6},
            {"hidden_inner_world": 7, "self_reliance": 7},
        ),
        # Reaching hard for closeness and then pulling away: both warning signs high.
        push_pull=build({"self": 3, "bond": 3, "enmeshment": 6, "distance": 6}),
        # Nothing strong either way.
        middle=build({"self": 4, "bond": 5, "enmeshment": 4, "distance": 3}),
    )


CURRENT = personas_for(INVENTORY)
V1 = personas_for(INVENTORY_V1)
ALEX, BEN, LOST_SELF = CURRENT.alex, CURRENT.ben, CURRENT.lost_self
SELF_CONTAINED, PUSH_PULL, MIDDLE = CURRENT.self_contained, CURRENT.push_pull, CURRENT.middle
