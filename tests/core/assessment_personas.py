"""Answer sets for the inventory, built from the portraits in the source articles.

A persona is written as how strongly each scale's meaning applies (1-7, "keyed" level), with
per-facet overrides; the raw answer of a reverse-keyed item is then ``8 - level``. A small,
fixed wobble keeps answers from being all alike, the way real answers are not.
"""

from __future__ import annotations

from collections.abc import Mapping

from interdepend.core.instrument import Instrument, load_builtin

INVENTORY = load_builtin("interdependence_inventory_v1")


def answers(
    levels: Mapping[str, int],
    facets: Mapping[str, int] | None = None,
    instrument: Instrument = INVENTORY,
) -> dict[str, int | None]:
    facets = facets or {}
    out: dict[str, int | None] = {}
    for n, item in enumerate(instrument.items):
        level = facets.get(item.facet_id, levels[item.scale_id])
        level = min(7, max(1, level + (0, 1, 0, -1)[n % 4]))
        out[item.id] = 8 - level if item.reverse else level
    return out


# Two partners with pursuits of their own (a demanding project; friends and hobbies) who come
# back together each evening to share how it went and to back each other up.
ALEX = answers({"self": 6, "bond": 6, "enmeshment": 2, "distance": 2}, {"own_life": 7})
BEN = answers(
    {"self": 6, "bond": 6, "enmeshment": 2, "distance": 2},
    {"responsiveness": 7, "control": 1},
)

# The partner who has let every interest outside the relationship go and cannot say no.
LOST_SELF = answers(
    {"self": 2, "bond": 5, "enmeshment": 6, "distance": 2},
    {"lost_outside_life": 7, "pleasing": 7, "own_life": 1, "boundaries": 1},
)

# The self-contained one: needs nobody, keeps their inner world hidden.
SELF_CONTAINED = answers(
    {"self": 6, "bond": 2, "enmeshment": 2, "distance": 6},
    {"hidden_inner_world": 7, "self_reliance": 7},
)

# Reaching hard for closeness and then pulling away: both warning signs high.
PUSH_PULL = answers({"self": 3, "bond": 3, "enmeshment": 6, "distance": 6})

# Nothing strong either way.
MIDDLE = answers({"self": 4, "bond": 5, "enmeshment": 4, "distance": 3})
