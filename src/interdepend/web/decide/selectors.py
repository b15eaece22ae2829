"""Reads for decisions: each person's state, and the combined view once both have rated.

The combined view is always told from the viewer's side (the viewer is partner A for the
core), in our own translatable words. It never contains the partner's raw ratings: only the
alignment, the per-option average of the two, the flags, and how well each read the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count
from django.utils.translation import gettext as _

from interdepend.core.situations import (
    DecisionAnalysis,
    Partner,
    PerceptionAccuracy,
    analyse_decision,
)
from interdepend.web.decide.access import DecisionAccess
from interdepend.web.decide.models import RATING_MAX, RATING_MIN, Decision, Rating


class State(StrEnum):
    """What the *viewer* can see; never depends on the partner until both have rated."""

    YOUR_TURN = "your_turn"
    WAITING = "waiting"
    READY = "ready"


def states(decisions: Sequence[Decision], own_rated: set[int]) -> dict[int, State]:
    """The viewer's state of each decision (one query)."""
    both = set(
        Decision.objects.filter(pk__in=[d.pk for d in decisions])
        .annotate(n=Count("ratings"))
        .filter(n__gte=2)
        .values_list("pk", flat=True)
    )
    return {d.pk: _state(d.pk in own_rated, d.pk in both) for d in decisions}


def _state(mine: bool, both: bool) -> State:
    if not mine:
        return State.YOUR_TURN
    return State.READY if both else State.WAITING


def state_of(access: DecisionAccess) -> State:
    if access.mine is None:
        return State.YOUR_TURN
    both = Rating.objects.filter(decision=access.decision).count() >= 2
    return State.READY if both else State.WAITING


@dataclass(frozen=True)
class OptionLine:
    name: str
    together: float
    serves_both: bool
    asks_more_of_you: bool
    asks_more_of_partner: bool


@dataclass(frozen=True)
class Reading:
    """How one person's guesses for the other compare with the other's own ratings."""

    sentence: str
    accuracy: PerceptionAccuracy


@dataclass(frozen=True)
class CombinedView:
    alignment: str
    covariation: float | None
    notes: list[str]
    options: list[OptionLine]
    yours: Reading
    theirs: Reading


def combined_view(access: DecisionAccess) -> CombinedView | None:
    """The couple's combined view, or ``None`` while either has not rated."""
    mine = access.mine
    theirs = (
        Rating.objects.filter(decision=access.decision, user=access.active.partner).first()
        if mine is not None
        else None
    )
    if mine is None or theirs is None:
        return None
    analysis = analyse_decision(
        mine.for_self,
        mine.for_partner,
        theirs.for_self,
        theirs.for_partner,
        access.decision.options,
        scale=(float(RATING_MIN), float(RATING_MAX)),
    )
    return _view(analysis, access.active.partner.display_name)


def _view(analysis: DecisionAnalysis, partner: str) -> CombinedView:
    options = [
        OptionLine(
            name=o.name,
            together=o.joint / 2,
            serves_both=o.serves_both,
            asks_more_of_you=o.gives_up is Partner.A,
            asks_more_of_partner=o.gives_up is Partner.B,
        )
        for o in analysis.options
    ]
    return CombinedView(
        alignment=_alignment(analysis.covariation),
        covariation=analysis.covariation,
        notes=_notes(analysis, partner),
        options=options,
        yours=Reading(_reading(analysis.accuracy_a, _("You"), partner), analysis.accuracy_a),
        theirs=Reading(_reading(analysis.accuracy_b, partner, _("you")), analysis.accuracy_b),
    )


def _alignment(r: float | None) -> str:
    if r is None:
        return _(
            "At least one of you rated every option the same for yourself, so there is no "
            "pattern of shared or differing tastes to show. Every option sits evenly."
        )
    if r >= 0.6:
        return _("What suits one of you mostly suits the other too: your interests run together.")
    if r >= 0.2:
        return _("What suits one of you partly suits the other: your interests overlap in places.")
    if r > -0.2:
        return _(
            "Your interests go their own ways here: some options suit one of you more, "
            "some the other."
        )
    if r > -0.6:
        return _("Your interests lean in different directions on this choice.")
    return _(
        "What suits one of you tends to suit the other less. That is common for some "
        "choices, and it helps to know it before you talk."
    )


def _listing(names: list[str]) -> str:
    return ", ".join(names)


def _notes(analysis: DecisionAnalysis, partner: str) -> list[str]:
    both = list(analysis.serves_both)
    notes = [
        _("Good for both of you: %(options)s.") % {"options": _listing(both)}
        if both
        else _("No option looks good for both of you yet. A new one you make up together may.")
    ]
    for name in analysis.gives_up(Partner.A):
        notes.append(
            _(
                "%(option)s looks good for %(partner)s and less so for you: "
                "it would ask more of you."
            )
            % {"option": name, "partner": partner}
        )
    for name in analysis.gives_up(Partner.B):
        notes.append(
            _(
                "%(option)s looks good for you and less so for %(partner)s: "
                "it would ask more of them."
            )
            % {"option": name, "partner": partner}
        )
    for name in analysis.self_sacrifice(Partner.A):
        notes.append(
            _(
                "You see %(option)s as good for %(partner)s but not for yourself. If you choose "
                "it, say out loud what it asks of you."
            )
            % {"option": name, "partner": partner}
        )
    for name in analysis.self_sacrifice(Partner.B):
        notes.append(
            _(
                "%(partner)s sees %(option)s as good for you but not for themself. If you "
                "choose it, ask what it would ask of them."
            )
            % {"option": name, "partner": partner}
        )
    return notes


def _reading(acc: PerceptionAccuracy, guesser: str, other: str) -> str:
    values = {"guesser": guesser, "other": other}
    if acc.mean_abs_difference <= 0.5:
        return _("%(guesser)s read what would suit %(other)s very closely.") % values
    if acc.mean_abs_difference <= 1.25:
        return _("%(guesser)s read what would suit %(other)s fairly closely.") % values
    return (
        _("%(guesser)s had a few surprises about what would suit %(other)s; worth asking.") % values
    )
