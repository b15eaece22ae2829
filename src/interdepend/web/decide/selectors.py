"""Reads for decisions: each person's state, and the combined view once both have rated.

The combined view is always told from the viewer's side (the viewer is partner A for the
core), in our own translatable words. What it lets a partner learn is exactly what the rating
page promises before anyone rates, and no more: for each option, whether each rating was
*good* (above the middle of the scale), *in between* (the middle) or *not good* (below it).
So the view is computed from those bands alone, never from the numbers (an average of the two
numbers, less one's own, would give the other's number back), and it shows the bands plainly.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from interdepend.core.situations import (
    DecisionAnalysis,
    Partner,
    PerceptionAccuracy,
    analyse_decision,
)
from interdepend.web.decide.access import DecisionAccess, DecisionRow
from interdepend.web.decide.models import RATING_MAX, RATING_MIN
from interdepend.web.frame.templatetags.usertext import isolate
from interdepend.web.frame.usertext import strip_bidi


class State(StrEnum):
    """What the *viewer* can see; never depends on the partner until both have rated."""

    YOUR_TURN = "your_turn"
    WAITING = "waiting"
    READY = "ready"


def state_in_list(decision: DecisionRow) -> State:
    """The viewer's state of a decision as :func:`~.access.decision_rows` read it, with its
    counts of ratings (the viewer's own, and everyone's)."""
    return _state(decision.mine > 0, decision.rated >= 2)


def _state(mine: bool, both: bool) -> State:
    if not mine:
        return State.YOUR_TURN
    return State.READY if both else State.WAITING


def state_of(access: DecisionAccess, combined: CombinedView | None) -> State:
    """Where the person stands on one decision, from their own rating and the combined view
    (:func:`combined_view`, which exists exactly when both of them have rated)."""
    if access.mine is None:
        return State.YOUR_TURN
    return State.READY if combined is not None else State.WAITING


class Band(StrEnum):
    """Where one rating sits on the scale: all the partner ever learns of it."""

    GOOD = "good"
    MIDDLE = "in_between"
    POOR = "not_good"


MIDDLE = (RATING_MIN + RATING_MAX) / 2
#: The value each band stands for in the analysis: the numbers never reach it.
BAND_VALUE = {Band.POOR: float(RATING_MIN), Band.MIDDLE: MIDDLE, Band.GOOD: float(RATING_MAX)}


def band(rating: int) -> Band:
    if rating > MIDDLE:
        return Band.GOOD
    return Band.MIDDLE if rating == MIDDLE else Band.POOR


def _bands(ratings: Sequence[int]) -> list[Band]:
    return [band(r) for r in ratings]


@dataclass(frozen=True)
class OptionLine:
    name: str
    for_you: Band
    for_partner: Band
    your_guess: Band
    partner_guess: Band
    serves_both: bool
    asks_more_of_you: bool
    asks_more_of_partner: bool


@dataclass(frozen=True)
class Reading:
    """How one person's guesses for the other compare with the other's own ratings, by band."""

    sentence: SafeString
    matches: int
    options: int


@dataclass(frozen=True)
class CombinedView:
    alignment: str
    notes: list[SafeString]
    options: list[OptionLine]
    yours: Reading
    theirs: Reading


def combined_view(access: DecisionAccess) -> CombinedView | None:
    """The couple's combined view, or ``None`` while either has not rated."""
    mine, theirs = access.mine, access.theirs  # his only once hers is saved
    if mine is None or theirs is None:
        return None
    bands = [
        _bands(r) for r in (mine.for_self, mine.for_partner, theirs.for_self, theirs.for_partner)
    ]
    return view_of_bands(
        bands, access.decision.options, strip_bidi(access.active.partner.display_name)
    )


def view_of_bands(bands: list[list[Band]], options: list[str], partner: str) -> CombinedView:
    """The combined view from the four rows of bands (yours for you, your guesses, theirs for
    them, their guesses), told from the viewer's side."""
    values = [[BAND_VALUE[b] for b in row] for row in bands]
    analysis = analyse_decision(
        values[0],
        values[1],
        values[2],
        values[3],
        _shown_names(options),
        scale=(float(RATING_MIN), float(RATING_MAX)),
    )
    return _view(analysis, bands, partner)


def _shown_names(options: list[str]) -> list[str]:
    """Option names without bidi controls (stored before they were refused), unless that would
    make two of them the same."""
    names = [strip_bidi(o) for o in options]
    return names if len({n.casefold() for n in names}) == len(names) else options


def _view(analysis: DecisionAnalysis, bands: list[list[Band]], partner: str) -> CombinedView:
    mine, my_guess, theirs, their_guess = bands
    options = [
        OptionLine(
            name=o.name,
            for_you=mine[i],
            for_partner=theirs[i],
            your_guess=my_guess[i],
            partner_guess=their_guess[i],
            serves_both=o.serves_both,
            asks_more_of_you=o.gives_up is Partner.A,
            asks_more_of_partner=o.gives_up is Partner.B,
        )
        for i, o in enumerate(analysis.options)
    ]
    # Her partner's name isolated once for every sentence that names him, as ``_say`` would
    # isolate it in each (a text already marked safe is taken as it is there too).
    name = partner if isinstance(partner, SafeString) else isolate(partner)
    return CombinedView(
        alignment=_alignment(analysis.covariation),
        notes=_notes(analysis, bands, name),
        options=options,
        yours=_reading(analysis.accuracy_a, len(options), name, yours=True),
        theirs=_reading(analysis.accuracy_b, len(options), name, yours=False),
    )


@dataclass(frozen=True)
class Sentences:
    """The combined view's own sentences in one language, with stand-ins for the names: the
    same for everyone, looked up once per language as a worker starts (``bands._warm``), where
    each view looked up a score of them (issue 15's eighteenth pass). The rarer sentences (the
    options closest to suiting both) are still looked up as they are said."""

    #: What the interests do together, from running together to pulling apart, and none.
    alignment: tuple[str, str, str, str, str]
    no_pattern: str
    quoted: str
    first_and_last: str
    good_for_both: str
    none_for_both: str
    #: The four lines of what an option asks (see :func:`_notes`), in their order.
    asks: tuple[str, str, str, str]
    #: How her guesses and his matched: every option, none, some; hers, then his.
    yours: tuple[str, str, str]
    theirs: tuple[str, str, str]


@functools.cache
def sentences(language: str | None) -> Sentences:
    """The sentences in ``language`` (the language of now: the argument is the key)."""
    return Sentences(
        alignment=(
            _("What suits one of you mostly suits the other too: your interests run together."),
            _("What suits one of you partly suits the other: your interests overlap in places."),
            _(
                "Your interests go their own ways here: some options suit one of you more, "
                "some the other."
            ),
            _("Your interests lean in different directions on this choice."),
            _(
                "What suits one of you tends to suit the other less. That is common for some "
                "choices, and it helps to know it before you talk."
            ),
        ),
        no_pattern=_(
            "At least one of you put every option in the same place for yourself (all good, "
            "all in between or all not good), so there is no pattern of shared or differing "
            "tastes to show."
        ),
        quoted=_("“%(option)s”"),
        first_and_last=_("{first} and {last}"),
        good_for_both=_("Good for both of you: {options}."),
        none_for_both=_(
            "No option looks good for both of you yet. A new one you make up together may."
        ),
        asks=(
            _(
                "“%(option)s” looks good for %(partner)s and less so for you: "
                "it would ask more of you."
            ),
            _(
                "“%(option)s” looks good for you and less so for %(partner)s: "
                "it would ask more of %(partner)s."
            ),
            _(
                "You see “%(option)s” as good for %(partner)s but not for yourself. If you choose "
                "it, say out loud what it asks of you."
            ),
            _(
                "%(partner)s rated “%(option)s” good for you and not good for themselves. If "
                "you choose it, ask %(partner)s what it would take."
            ),
        ),
        yours=(
            _(
                "For every option, your guess of how good it would be for %(partner)s matched "
                "the rating %(partner)s gave it."
            ),
            _("You had a few surprises about what would suit %(partner)s; worth asking."),
            _(
                "For %(matches)s of the %(total)s options, your guess of how good it would be "
                "for %(partner)s matched the rating %(partner)s gave it."
            ),
        ),
        theirs=(
            _(
                "For every option, what %(partner)s guessed it would be for you matched the "
                "rating you gave it."
            ),
            _("%(partner)s had a few surprises about what would suit you; worth asking."),
            _(
                "For %(matches)s of the %(total)s options, what %(partner)s guessed it would be "
                "for you matched the rating you gave it."
            ),
        ),
    )


def _alignment(r: float | None) -> str:
    said = sentences(get_language())
    if r is None:
        return said.no_pattern
    if r >= 0.6:
        return said.alignment[0]
    if r >= 0.2:
        return said.alignment[1]
    if r > -0.2:
        return said.alignment[2]
    if r > -0.6:
        return said.alignment[3]
    return said.alignment[4]


def _say(template: str, **values: str) -> SafeString:
    """A translated sentence with each person's text (option and partner names) isolated: kept
    exactly as typed, in its own direction, and shown as the person's words."""
    isolated = {
        key: value if isinstance(value, SafeString) else isolate(value)
        for key, value in values.items()
    }
    return mark_safe(conditional_escape(template) % isolated)  # noqa: S308


def _names(names: Sequence[str]) -> SafeString:
    """Option names, each in quotation marks, as one list."""
    said = sentences(get_language())
    quoted = [_say(said.quoted, option=name) for name in names]
    if len(quoted) == 1:
        return quoted[0]
    head = mark_safe(", ".join(quoted[:-1]))  # noqa: S308
    return format_html(said.first_and_last, first=head, last=quoted[-1])


#: The words for each band in the story; the same words the option tables use.
BAND_WORDS = {
    Band.GOOD: gettext_lazy("good"),
    Band.MIDDLE: gettext_lazy("in between"),
    Band.POOR: gettext_lazy("not good"),
}


def _closest(
    analysis: DecisionAnalysis, bands: list[list[Band]], partner: str
) -> tuple[list[SafeString], set[str]]:
    """When no option is good for both: the options that come out best for the two together
    (the highest sum, then the higher of the two lows), with where each sits for each, in one
    sentence however many are level; and the names it gave."""
    options = analysis.options
    top = max((o.joint, o.floor) for o in options)
    best = [i for i, o in enumerate(options) if (o.joint, o.floor) == top]
    mine, theirs = bands[0], bands[2]
    if not any(Band.GOOD in (mine[i], theirs[i]) for i in best):
        return [], set()
    if len(best) == len(options) > 1:
        return _all_level(mine[0], theirs[0]), set()
    named = {options[i].name for i in best}

    def placed(template: str, i: int) -> SafeString:
        return _say(
            template,
            option=options[i].name,
            yours=conditional_escape(BAND_WORDS[mine[i]]),
            theirs=conditional_escape(BAND_WORDS[theirs[i]]),
            partner=partner,
        )

    if len(best) == 1:
        template = _(
            "Closest to suiting you both: “%(option)s”, %(yours)s for you and %(theirs)s for "
            "%(partner)s."
        )
        return [placed(template, best[0])], named
    each = [
        placed(_("“%(option)s” (%(yours)s for you, %(theirs)s for %(partner)s)"), i) for i in best
    ]
    listed = format_html(
        _("{first} and {last}"),
        first=mark_safe("; ".join(each[:-1])),
        last=each[-1],  # noqa: S308
    )
    sentence = _(
        "Closest to suiting you both, with nothing in your ratings to choose between them: "
        "{options}."
    )
    return [format_html(sentence, options=listed)], named


#: Bands from the lowest to the highest.
BAND_ORDER = (Band.POOR, Band.MIDDLE, Band.GOOD)


def _all_level(mine: Band, theirs: Band) -> list[SafeString]:
    """Every option comes out the same for the two together. Options level on the sum and on
    the lower of the two are level on the higher too, so one pair of bands says it for all of
    them (who each option suits better, the lines after it say); naming them all "closest"
    would say nothing. What the ratings leave open is what to talk about."""
    low, high = sorted((mine, theirs), key=BAND_ORDER.index)
    sentence = _(
        "Your ratings do not set any option apart: each one is %(high)s for one of you and "
        "%(low)s for the other."
    )
    talk = _(
        "So the ratings cannot choose for you. It may help to talk about what matters most to "
        "each of you in this choice, and what would make it easier for the one it suits less."
    )
    worded = {"high": BAND_WORDS[high], "low": BAND_WORDS[low]}
    return [_say(sentence, **{k: conditional_escape(v) for k, v in worded.items()}), _say(talk)]


def _by_weight(analysis: DecisionAnalysis, names: Sequence[str]) -> list[str]:
    """The names, the options that come out better for the two together first."""
    weight = {o.name: (o.joint, o.floor) for o in analysis.options}
    return sorted(names, key=lambda name: weight[name], reverse=True)


def _notes(analysis: DecisionAnalysis, bands: list[list[Band]], partner: str) -> list[SafeString]:
    """The story: what suits both (or, failing that, what comes closest), then what would ask
    more of one of you, the options that matter most first."""
    said = sentences(get_language())
    both = list(analysis.serves_both)
    named: set[str] = set()  # options the closest sentence already placed for each of you
    if both:
        notes = [format_html(said.good_for_both, options=_names(both))]
    else:
        notes = [_say(said.none_for_both)]
        closest, named = _closest(analysis, bands, partner)
        notes += closest

    def asks_more(who: Partner) -> tuple[str, ...]:
        # Already said of an option the closest sentence placed (good for one, not good for
        # the other); what each guessed is news, so those lines stay.
        return tuple(name for name in analysis.gives_up(who) if name not in named)

    lines = (
        (Partner.A, asks_more, said.asks[0]),
        (Partner.B, asks_more, said.asks[1]),
        (Partner.A, analysis.self_sacrifice, said.asks[2]),
        (Partner.B, analysis.self_sacrifice, said.asks[3]),
    )
    for who, pick, template in lines:
        notes += [
            _say(template, option=name, partner=partner) for name in _by_weight(analysis, pick(who))
        ]
    return notes


def _reading(acc: PerceptionAccuracy, total: int, partner: str, *, yours: bool) -> Reading:
    """How many options one person placed, guessing, in the band the other chose for themself:
    the viewer's guesses (``yours``) or the partner's. Each has its own sentences, since "you"
    and a name do not take the same verb in every language."""
    said = sentences(get_language())
    every, none, some = said.yours if yours else said.theirs
    template = every if acc.matches == total else none if acc.matches == 0 else some
    sentence = _say(
        template,
        partner=partner,
        matches=conditional_escape(str(acc.matches)),
        total=conditional_escape(str(total)),
    )
    return Reading(sentence, acc.matches, total)
