"""A boundary's steps: who may tell it, acknowledge it, suggest new wording, agree to it or
keep the words as they are.

A boundary starts as its author's private draft, which only the author sees and rewords. The
author tells it to their partner: it becomes *stated* in that partnership, and the partner
acknowledges it. Once told, either of the two may suggest new wording, which waits for the
other one; the other agreeing makes it the boundary's wording, acknowledged, and the other
declining leaves the words as they were (a suggestion must never sit on someone's list of
things to answer for good). A newer suggestion replaces a waiting one. A told boundary belongs
to the partnership it was told in: once that ends, nothing more happens to it.

:func:`boundary_move` is the whole rule: given where a boundary stands, a step and who takes
it, it answers the move or raises :class:`BoundaryStepRefused` with a :class:`Refusal` reason;
:func:`open_steps` lists what a page may offer. It knows nothing of storage: the web layer reads
the standing from its rows and writes the move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from interdepend.core.errors import InterdependError

__all__ = [
    "MAY",
    "STANDINGS",
    "BoundaryStepRefused",
    "Effect",
    "Move",
    "Refusal",
    "Role",
    "Stage",
    "Standing",
    "Step",
    "boundary_move",
    "open_steps",
    "parse_step",
]


class Stage(StrEnum):
    DRAFT = "draft"
    STATED = "stated"
    ACKNOWLEDGED = "acknowledged"


class Role(StrEnum):
    """Who takes a step: the boundary's author, or the partner it was told to."""

    AUTHOR = "author"
    PARTNER = "partner"


class Step(StrEnum):
    TELL = "tell"
    ACKNOWLEDGE = "acknowledge"
    #: New wording: on a draft the author simply changes it; once told, it is a suggestion.
    PROPOSE = "propose"
    ACCEPT = "accept"
    #: Keep the words as they are: the other one's waiting suggestion closes, unused.
    DECLINE = "decline"


class Effect(StrEnum):
    """What a step that is allowed does."""

    TOLD = "told"
    ACKNOWLEDGED = "acknowledged"
    REWORDED = "reworded"
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Refusal(StrEnum):
    """Why a step cannot happen now."""

    UNKNOWN_STEP = "not a step a boundary has"
    NOT_AT_THIS_STAGE = "not a step at this stage"
    NOT_THEIRS = "not a step for this person"
    PARTNERSHIP_ENDED = "the partnership it was told in has ended"
    NO_PARTNER = "there is no partner to tell"
    NO_WORDING = "new wording needs words"
    NOTHING_WAITING = "no wording is waiting for this person"


class BoundaryStepRefused(InterdependError):
    """A step that cannot happen; ``reason`` says why. Nothing changes."""

    def __init__(self, reason: Refusal) -> None:
        self.reason = reason
        super().__init__(reason.value)


@dataclass(frozen=True)
class Standing:
    """Where a boundary stands: its stage and who suggested the wording waiting, if any."""

    stage: Stage
    waiting: Role | None = None


#: Every standing a boundary can be in. A draft never has wording waiting.
STANDINGS = frozenset(
    {Standing(Stage.DRAFT)}
    | {
        Standing(stage, waiting)
        for stage in (Stage.STATED, Stage.ACKNOWLEDGED)
        for waiting in (None, Role.AUTHOR, Role.PARTNER)
    }
)

_BOTH = frozenset(Role)

#: Who may take each step at each stage; a step missing here is never open at that stage.
MAY: Mapping[tuple[Stage, Step], frozenset[Role]] = {
    (Stage.DRAFT, Step.TELL): frozenset({Role.AUTHOR}),
    (Stage.DRAFT, Step.PROPOSE): frozenset({Role.AUTHOR}),
    (Stage.STATED, Step.ACKNOWLEDGE): frozenset({Role.PARTNER}),
    (Stage.STATED, Step.PROPOSE): _BOTH,
    (Stage.STATED, Step.ACCEPT): _BOTH,
    (Stage.STATED, Step.DECLINE): _BOTH,
    (Stage.ACKNOWLEDGED, Step.PROPOSE): _BOTH,
    (Stage.ACKNOWLEDGED, Step.ACCEPT): _BOTH,
    (Stage.ACKNOWLEDGED, Step.DECLINE): _BOTH,
}


@dataclass(frozen=True)
class Move:
    effect: Effect
    after: Standing


def parse_step(name: str) -> Step:
    """The step named ``name`` (as a form posts it), or a refusal for any other text."""
    try:
        return Step(name)
    except ValueError:
        raise BoundaryStepRefused(Refusal.UNKNOWN_STEP) from None


def boundary_move(
    standing: Standing, step: Step, *, by: Role, together: bool, wording: str = ""
) -> Move:
    """The move ``step`` by ``by`` makes from ``standing``, or :class:`BoundaryStepRefused`.

    ``together`` says whether the two are the couple the boundary belongs to: for a draft, its
    author has a partner to tell; once told, the partnership it was told in is still theirs.
    ``wording`` is the new wording a proposal carries.
    """
    _check(standing, step, by=by, together=together, wording=wording)
    if step is Step.TELL:
        return Move(Effect.TOLD, Standing(Stage.STATED))
    if step is Step.ACKNOWLEDGE:
        return Move(Effect.ACKNOWLEDGED, Standing(Stage.ACKNOWLEDGED, standing.waiting))
    if step is Step.ACCEPT:
        return Move(Effect.ACCEPTED, Standing(Stage.ACKNOWLEDGED))
    if step is Step.DECLINE:
        return Move(Effect.DECLINED, Standing(standing.stage))
    if standing.stage is Stage.DRAFT:
        return Move(Effect.REWORDED, standing)
    return Move(Effect.PROPOSED, Standing(standing.stage, waiting=by))


def open_steps(standing: Standing, *, by: Role, together: bool) -> frozenset[Step]:
    """The steps ``by`` may take from ``standing`` (a proposal given words): what a page offers."""
    return frozenset(step for step in Step if _is_open(standing, step, by, together))


def _is_open(standing: Standing, step: Step, by: Role, together: bool) -> bool:
    try:
        _check(standing, step, by=by, together=together, wording="new wording")
    except BoundaryStepRefused:
        return False
    return True


def _check(standing: Standing, step: Step, *, by: Role, together: bool, wording: str) -> None:
    """The step is open at this stage, to this person, in this couple."""
    allowed = MAY.get((standing.stage, step))
    if allowed is None:
        raise BoundaryStepRefused(Refusal.NOT_AT_THIS_STAGE)
    if by not in allowed:
        raise BoundaryStepRefused(Refusal.NOT_THEIRS)
    if not together and standing.stage is not Stage.DRAFT:
        raise BoundaryStepRefused(Refusal.PARTNERSHIP_ENDED)
    if not together and step is Step.TELL:
        raise BoundaryStepRefused(Refusal.NO_PARTNER)
    _check_wording(standing, step, by=by, wording=wording)


def _check_wording(standing: Standing, step: Step, *, by: Role, wording: str) -> None:
    """A proposal needs words; agreeing or declining needs wording the other one suggested."""
    if step is Step.PROPOSE and not wording.strip():
        raise BoundaryStepRefused(Refusal.NO_WORDING)
    if step in (Step.ACCEPT, Step.DECLINE) and standing.waiting in (None, by):
        raise BoundaryStepRefused(Refusal.NOTHING_WAITING)
